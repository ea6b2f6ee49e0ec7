import Foundation
public import Switchboard

/// What one answer of `POST /communication/nexmo/sms/send` means (provider-apis.md §3.3).
public enum KPNSendResponse: Sendable {
    /// At least one part accepted (per-part results in `parts`).
    case accepted(ProviderAcceptance)
    /// The gateway says the bearer token is invalid or expired (any HTTP status, or a 401):
    /// mint a new token and retry once.
    case tokenRejected(ProviderError)
    /// Not accepted.
    case failed(ProviderError)

    /// Classifies a response. Order matters: the Apigee invalid-token fault first (it can come
    /// with HTTP 500), then 2xx bodies, then gateway errors by HTTP status.
    public static func classify(_ response: HTTPResponse, now: Double) -> KPNSendResponse {
        let json = KPNJSON.object(response.body)
        if let json, let fault = KPNApigeeFault(json: json), fault.isInvalidToken {
            return .tokenRejected(ProviderError(.accountProblem, code: fault.errorCode,
                                                message: "KPN gateway refused the access token: \(fault.faultString)"))
        }
        if (200..<300).contains(response.status) {
            guard let json else {
                return .failed(ProviderError(.ambiguous, code: "http \(response.status)",
                                             message: "KPN answered \(response.status) with an unreadable body; the message may have been accepted"))
            }
            return parseMessages(json, httpStatus: response.status)
        }
        let retryAfter = KPNGatewayError.retryAfter(response.headers, now: now)
        let outcome = KPNStatus.outcome(forHTTPStatus: response.status, retryAfter: retryAfter)
        var detail = "HTTP \(response.status)"
        var code = "http \(response.status)"
        if let json, let gateway = KPNGatewayError(json: json) {
            detail = gateway.summary
            if let name = gateway.name { code = "http \(response.status) \(name)" }
        } else if let json, let fault = KPNApigeeFault(json: json) {
            detail = fault.faultString.isEmpty ? fault.errorCode : fault.faultString
            code = "http \(response.status) \(fault.errorCode)"
        }
        let error = ProviderError(outcome, code: code, message: "KPN gateway error: \(detail)")
        return response.status == 401 ? .tokenRejected(error) : .failed(error)
    }

    /// Reads `{"message-count": 1 | "1", "messages":[{"to","message-id","status","network", …}]}`.
    static func parseMessages(_ json: JSONNode, httpStatus: Int) -> KPNSendResponse {
        guard let messages = json["messages"]?.array, !messages.isEmpty, messages.allSatisfy({ $0.members != nil }) else {
            if let gateway = KPNGatewayError(json: json) {
                return .failed(ProviderError(.ambiguous, code: "http \(httpStatus)", message: "KPN answered \(httpStatus) with an error body: \(gateway.summary)"))
            }
            return .failed(ProviderError(.ambiguous, code: "http \(httpStatus)",
                                         message: "KPN answered \(httpStatus) without messages; the message may have been accepted"))
        }
        var parts: [ProviderAcceptance.Part] = []
        var total: Double?
        var balance: Double?
        for entry in messages {
            guard let status = KPNJSON.int(entry, "status") else {
                parts.append(.init(messageID: KPNJSON.string(entry, "message-id"), error: ProviderError(
                    .ambiguous, code: nil, message: "KPN part without a readable status")))
                continue
            }
            let price = KPNJSON.double(entry, "message-price")
            if let remaining = KPNJSON.double(entry, "remaining-balance") { balance = min(balance ?? remaining, remaining) }
            if status == 0 {
                if let price { total = (total ?? 0) + price }
                parts.append(.init(messageID: KPNJSON.string(entry, "message-id"), price: price))
            } else {
                let text = KPNJSON.string(entry, "error-text") ?? KPNStatus.table[status]?.meaning ?? "unknown status"
                parts.append(.init(messageID: nil, error: ProviderError(KPNStatus.outcome(for: status), code: String(status), message: text)))
            }
        }
        // `message-count` is an integer in KPN's schema and a string at Vonage; parts it counts
        // but does not list are unknown (may have been sent).
        if let count = KPNJSON.int(json, "message-count"), count > parts.count, count < 256 {
            for _ in parts.count..<count {
                parts.append(.init(messageID: nil, error: ProviderError(.ambiguous, message: "KPN counted a part it did not report")))
            }
        }
        let acceptance = ProviderAcceptance(parts: parts, price: total, currency: total == nil ? nil : "EUR", remainingBalance: balance)
        if parts.contains(where: { $0.error == nil }) { return .accepted(acceptance) }
        // Nothing accepted: the first part's error speaks for the message.
        return .failed(parts.first?.error ?? ProviderError(.ambiguous, message: "KPN returned no parts"))
    }
}
