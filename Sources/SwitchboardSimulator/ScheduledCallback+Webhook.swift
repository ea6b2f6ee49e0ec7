import Foundation
public import Switchboard

extension ScheduledCallback {
    /// The callback as the webhook request a server would receive (path, decoded query, headers,
    /// body), for handing it to `MessageRouter.handleWebhook` in-process.
    public var webhookRequest: WebhookRequest {
        let parts = request.url.split(separator: "?", maxSplits: 1)
        var path = parts.first.map(String.init) ?? request.url
        // The router's webhooks see the path only, not the scheme and host.
        if let scheme = path.range(of: "://"), let slash = path[scheme.upperBound...].firstIndex(of: "/") {
            path = String(path[slash...])
        }
        var query: [(String, String)] = []
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                query.append((kv[0], kv.count > 1 ? kv[1] : ""))
            }
        }
        return WebhookRequest(method: request.method.rawValue, path: path, query: query, headers: request.headers,
                              body: request.body)
    }
}
