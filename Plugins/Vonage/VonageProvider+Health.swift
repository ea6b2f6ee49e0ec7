public import Switchboard
import Foundation
import Logging

extension VonageProvider {
    /// The balance probe request: `GET /account/get-balance` with the credentials as query
    /// parameters (the spec), as Basic auth (`auth: basic`), or signed (`auth: signature`).
    public func balanceRequest() -> HTTPRequest {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        var query: [(String, String)] = []
        switch configuration.effectiveAuth {
        case .body:
            query = [("api_key", configuration.apiKey), ("api_secret", configuration.apiSecret ?? "")]
        case .basic, .signature:
            query = authenticate([], headers: &headers)
        }
        let suffix = query.isEmpty ? "" : "?" + FormEncoding.encode(query)
        return HTTPRequest(method: .get, url: baseURL + "/account/get-balance" + suffix, headers: headers, totalTimeout: timeout)
    }

    /// Probes the balance (free, validates the credentials): healthy with the balance (EUR);
    /// down/accountProblem on 401 or an empty balance without auto-reload; down/unavailable
    /// when unreachable or unreadable; degraded when throttled.
    public func checkHealth() async -> ProviderHealth {
        let response: HTTPResponse
        do {
            response = try await context.transport.send(balanceRequest())
        } catch {
            return ProviderHealth(status: .down, outcome: .unavailable, detail: "balance probe failed: \(error.reason)")
        }
        let health = Self.parseBalanceResponse(response)
        if health.status != .healthy {
            context.logger.warning("vonage health", metadata: ["provider": "\(id)", "status": "\(health.status.rawValue)", "detail": "\(health.detail)"])
        }
        return health
    }

    /// Reads a `/account/get-balance` answer: `{"value": 10.17, "autoReload": false}` (a JSON
    /// number, EUR) or 401 `{"error-code":"401","error-code-label":"authentication failed"}`.
    public static func parseBalanceResponse(_ response: HTTPResponse) -> ProviderHealth {
        switch response.status {
        case 200..<300:
            guard let object = try? JSONNode(parsing: response.body), object.members != nil,
                  let value = jsonString(object["value"]).flatMap(Double.init)
            else {
                return ProviderHealth(status: .down, outcome: .unavailable, detail: "unreadable balance response")
            }
            let autoReload = object["autoReload"]?.bool ?? false
            if value <= 0 && !autoReload {
                return ProviderHealth(status: .down, outcome: .accountProblem, balance: value, currency: "EUR", detail: "balance exhausted")
            }
            return ProviderHealth(status: .healthy, balance: value, currency: "EUR", detail: "balance \(value) EUR")
        case 401, 403:
            return ProviderHealth(status: .down, outcome: .accountProblem, detail: "credentials rejected (HTTP \(response.status))")
        case 429:
            return ProviderHealth(status: .degraded, outcome: .throttled(retryAfter: nil), detail: "balance probe throttled")
        default:
            return ProviderHealth(status: .down, outcome: outcome(forHTTPStatus: response.status), detail: "balance probe answered HTTP \(response.status)")
        }
    }
}
