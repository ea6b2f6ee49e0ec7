public import Switchboard
import Foundation

/// Turns Bandwidth responses into acceptances or errors (reference §4.2, §4.3, §4.6, §4.8).
public enum BandwidthResponseParser {
    /// A single send: `201 Created` with `Location: …/messages/{id}` → accepted.
    /// Any other 2xx without a `Location` → ambiguous (it may have been taken). Errors are
    /// classified by ``BandwidthErrorTable``.
    public static func singleSend(_ response: HTTPResponse, now: Double) throws(ProviderError) -> ProviderAcceptance {
        guard (200..<300).contains(response.status) else { throw error(for: response, now: now) }
        if let location = response.headers["location"], let id = messageID(fromLocation: location) {
            return ProviderAcceptance(parts: [.init(messageID: id)])
        }
        if response.status == 201 {
            // Created is an unambiguous acceptance; only the id is missing.
            return ProviderAcceptance(parts: [.init(messageID: nil)])
        }
        throw ProviderError(.ambiguous, code: "http \(response.status)",
                            message: "HTTP \(response.status) without a Location header; the message may have been accepted")
    }

    /// A bulk send: `202 Accepted` (or 200) with a same-order array of
    /// `{"result":"accepted","location":…}` / `{"result":"error","error":{…}}`. Anything but
    /// `accepted` is a failure. A 2xx whose body cannot be read makes every item ambiguous;
    /// items missing from a short array are ambiguous too.
    public static func bulkSend(_ response: HTTPResponse, count: Int, now: Double) throws(ProviderError)
        -> [Result<ProviderAcceptance, ProviderError>]
    {
        guard (200..<300).contains(response.status) else { throw error(for: response, now: now) }
        guard let items = try? JSONDecoder().decode([BulkItem].self, from: Data(response.body)) else {
            throw ProviderError(.ambiguous, code: "unreadable-response",
                                message: "HTTP \(response.status) with a body that is not a bulk result array; the messages may have been accepted")
        }
        return (0..<count).map { index in
            guard index < items.count else {
                return .failure(ProviderError(.ambiguous, code: "missing-result",
                                              message: "the bulk response has no result for item \(index)"))
            }
            let item = items[index]
            if item.result == "accepted" {
                return .success(ProviderAcceptance(parts: [.init(messageID: item.location.flatMap(messageID(fromLocation:)))]))
            }
            let apiError = item.error ?? BandwidthAPIError(message: "result '\(item.result ?? "missing")'")
            return .failure(apiError.providerError(status: nil, retryAfter: nil))
        }
    }

    /// The error for a non-2xx response: the body's code (JSON or not, any charset), the
    /// table, and for throttling the retry hint (`X-RateLimit-Reset` epoch ms, or `Retry-After`).
    public static func error(for response: HTTPResponse, now: Double) -> ProviderError {
        let apiError = BandwidthAPIError.parse(body: response.body, contentType: response.headers["content-type"])
        return apiError.providerError(status: response.status, retryAfter: retryAfter(response.headers, now: now))
    }

    /// Seconds until the limit resets: `X-RateLimit-Reset` (epoch milliseconds) or `Retry-After` (seconds).
    public static func retryAfter(_ headers: HTTPHeaders, now: Double) -> Double? {
        if let reset = headers["x-ratelimit-reset"].flatMap({ Double($0.trimmingOptionalWhitespace()) }) {
            return max(0, reset / 1000 - now)
        }
        if let seconds = headers["retry-after"].flatMap({ Double($0.trimmingOptionalWhitespace()) }) {
            return max(0, seconds)
        }
        return nil
    }

    /// The message id: the last non-empty path segment of a `Location` (relative or absolute,
    /// query or fragment ignored).
    public static func messageID(fromLocation location: String) -> String? {
        var path = location.trimmingOptionalWhitespace()
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        guard let last = path.split(separator: "/").last, !last.isEmpty, !last.contains(":") else { return nil }
        return String(last)
    }

    struct BulkItem: Decodable {
        var result: String?
        var location: String?
        var error: BandwidthAPIError?
    }
}
