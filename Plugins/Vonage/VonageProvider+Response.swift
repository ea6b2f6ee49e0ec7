public import Switchboard
import Foundation

extension VonageProvider {
    /// Classifies a non-2xx HTTP status from Vonage (the API answers 200 for message errors;
    /// other statuses come from its gateway): 401/403 account, 429 throttled, 400/413/422
    /// rejected, 504 ambiguous (a gateway timed out waiting for the API, which may have taken
    /// it), other 5xx and anything else unavailable (not accepted).
    public static func outcome(forHTTPStatus status: Int, retryAfter: Double? = nil) -> ProviderOutcome {
        switch status {
        case 401, 403: .accountProblem
        case 429: .throttled(retryAfter: retryAfter)
        case 400, 413, 414, 422: .rejected
        case 504: .ambiguous
        default: .unavailable
        }
    }

    /// Parses a `/sms/json` response (provider reference §1.3): every value is a string, one
    /// `messages[]` entry per part, parts may fail independently.
    ///
    /// - Returns: the acceptance when every part has status `"0"`.
    /// - Throws: ``ProviderError`` classed by the first failed part via ``VonageStatus``, with
    ///   `partial` set when some parts were accepted; `ambiguous` for an unreadable 2xx body;
    ///   the HTTP class for other statuses.
    public static func parseSendResponse(_ response: HTTPResponse) throws(ProviderError) -> ProviderAcceptance {
        guard (200..<300).contains(response.status) else {
            let retryAfter = response.headers["retry-after"].flatMap { Double($0.trimmingOptionalWhitespace()) }
            throw ProviderError(outcome(forHTTPStatus: response.status, retryAfter: retryAfter), code: "http \(response.status)",
                                message: "Vonage answered HTTP \(response.status)")
        }
        guard let object = try? JSONNode(parsing: response.body),
              let messages = object["messages"]?.array, !messages.isEmpty, messages.allSatisfy({ $0.members != nil })
        else {
            throw ProviderError(.ambiguous, code: "http \(response.status)",
                                message: "unreadable /sms/json response after HTTP \(response.status); the message may have been accepted")
        }
        var parts: [ProviderAcceptance.Part] = []
        var firstError: ProviderError?
        var price = 0.0
        var sawPrice = false
        var balance: Double?
        for entry in messages {
            let status = jsonString(entry["status"]) ?? ""
            let outcome = status.isEmpty ? ProviderOutcome.ambiguous : VonageStatus.outcome(for: status)
            if case .accepted = outcome {
                let partPrice = jsonString(entry["message-price"]).flatMap(Double.init)
                if let partPrice { price += partPrice; sawPrice = true }
                if let left = jsonString(entry["remaining-balance"]).flatMap(Double.init) { balance = min(balance ?? left, left) }
                parts.append(.init(messageID: jsonString(entry["message-id"]), price: partPrice))
            } else {
                let text = jsonString(entry["error-text"]) ?? "no error text"
                let error = ProviderError(outcome, code: status.isEmpty ? nil : status,
                                          message: status.isEmpty ? "part without a status" : "status \(status): \(text)")
                if firstError == nil { firstError = error }
                parts.append(.init(messageID: jsonString(entry["message-id"]), error: error))
            }
        }
        let acceptance = ProviderAcceptance(parts: parts, price: sawPrice ? price : nil, currency: sawPrice || balance != nil ? "EUR" : nil,
                                            remainingBalance: balance)
        if var error = firstError {
            if parts.contains(where: { $0.error == nil }) {
                error.partial = acceptance
                error.message = "part \((parts.firstIndex { $0.error != nil } ?? 0) + 1) of \(parts.count): " + error.message
            }
            throw error
        }
        return acceptance
    }

    /// A JSON value as Vonage's string (numbers and booleans are tolerated and converted).
    static func jsonString(_ value: JSONNode?) -> String? {
        value?.scalarText
    }
}
