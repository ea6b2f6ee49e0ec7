import Foundation
public import Switchboard

/// Per-recipient results of one `POST /sms` answer.
struct SMSCXSendResults {
    /// One result per recipient, in request order.
    var perRecipient: [Result<ProviderAcceptance, ProviderError>]
    /// Set when the whole request failed on invalid numbers (1207/1210) and listed them: nothing
    /// was sent, the other recipients may be sent again.
    var retryWithout: Set<String>?
}

/// Reads SMS.CX answers (reference §2.3–2.4) into outcomes. Pure: no I/O.
public enum SMSCXResponseParser {
    /// An error body read from any answer: outcome, code and explanation.
    public struct ErrorDetail: Sendable, Hashable {
        /// The outcome class.
        public var outcome: ProviderOutcome
        /// `error.type`.
        public var type: String?
        /// `error.code`.
        public var code: Int?
        /// `error.message` (secrets removed).
        public var message: String
        /// Invalid numbers from `error.invalid` and top-level `invalid`.
        public var invalidNumbers: [String]

        /// As a ``ProviderError``: code is the type and number (`invalid_param/1207`).
        public var providerError: ProviderError {
            let codeText: String? = switch (type, code) {
            case let (t?, c?): "\(t)/\(c)"
            case let (t?, nil): t
            case let (nil, c?): "\(c)"
            case (nil, nil): nil
            }
            return ProviderError(outcome, code: codeText, message: message)
        }
    }

    /// Classifies a non-2xx answer (or a 2xx body that is an error object).
    ///
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - headers: response headers (for `X-Rate-Limit-Reset`).
    ///   - body: response body.
    ///   - now: current time, seconds since 1970.
    ///   - redact: removes secrets from provider text.
    public static func error(status: Int, headers: HTTPHeaders, body: [UInt8], now: Double,
                             redact: (String) -> String = { $0 }) -> ErrorDetail {
        let reset = headers["x-rate-limit-reset"].flatMap { Double($0.trimmingOptionalWhitespace()) }
        guard let parsed = try? JSONDecoder().decode(SMSCXWire.ErrorResponse.self, from: Data(body)) else {
            let outcome = SMSCXErrorTable.outcome(status: status, type: nil, code: nil, rateLimitReset: reset, now: now)
            return ErrorDetail(outcome: outcome, type: nil, code: nil,
                               message: "smscx: HTTP \(status) with an unreadable body", invalidNumbers: [])
        }
        let outcome = SMSCXErrorTable.outcome(status: status, type: parsed.error.type, code: parsed.error.code,
                                              rateLimitReset: reset, now: now)
        let text = parsed.error.message.map(redact) ?? "HTTP \(status)"
        return ErrorDetail(outcome: outcome, type: parsed.error.type, code: parsed.error.code,
                           message: "smscx: \(text)", invalidNumbers: parsed.invalidNumbers)
    }

    /// Results per recipient for a send answer.
    static func sendResults(for recipients: [String], response: HTTPResponse, now: Double,
                            redact: (String) -> String) -> SMSCXSendResults {
        guard (200..<300).contains(response.status) else {
            let detail = error(status: response.status, headers: response.headers, body: response.body, now: now, redact: redact)
            let base = detail.providerError
            let invalid = Set(detail.invalidNumbers)
            let perRecipient: [Result<ProviderAcceptance, ProviderError>] = recipients.map { number in
                if !invalid.isEmpty, detail.outcome == .rejected, !invalid.contains(number), recipients.count > 1 {
                    return .failure(ProviderError(.unavailable, code: base.code, message: "smscx: not sent (other numbers invalid)"))
                }
                return .failure(base)
            }
            let retry = (detail.outcome == .rejected && !invalid.isEmpty && !invalid.isSuperset(of: recipients)) ? invalid : nil
            return SMSCXSendResults(perRecipient: perRecipient, retryWithout: retry)
        }
        guard let node = try? JSONNode(parsing: response.body), let parsed = SMSCXWire.SendResponse(node: node) else {
            // 2xx but unreadable: the provider may have taken it.
            return SMSCXSendResults(perRecipient: recipients.map { _ in
                .failure(ProviderError(.ambiguous, code: "http \(response.status)", message: "smscx: unreadable success body"))
            })
        }
        return SMSCXSendResults(perRecipient: results(for: recipients, parsed))
    }

    /// Matches `data[]` entries to recipients by `to` (each entry used once).
    static func results(for recipients: [String], _ parsed: SMSCXWire.SendResponse) -> [Result<ProviderAcceptance, ProviderError>] {
        var entries: [String: [SMSCXWire.DataSms]] = [:]
        for entry in parsed.data ?? [] { entries[entry.to, default: []].append(entry) }
        let invalid = Set(parsed.info?.invalid ?? [])
        return recipients.map { number -> Result<ProviderAcceptance, ProviderError> in
            guard var list = entries[number], !list.isEmpty else {
                if invalid.contains(number) {
                    return .failure(ProviderError(.rejected, code: "invalid", message: "smscx: phone number invalid"))
                }
                return .failure(ProviderError(.ambiguous, message: "smscx: no result for this recipient in the answer"))
            }
            let entry = list.removeFirst()
            entries[number] = list
            return result(entry)
        }
    }

    /// The result for one `data[]` entry, by its `status` (``SMSCXErrorTable/byRecipientStatus``).
    static func result(_ entry: SMSCXWire.DataSms) -> Result<ProviderAcceptance, ProviderError> {
        let outcome = SMSCXErrorTable.byRecipientStatus[entry.status] ?? .ambiguous
        let code = entry.errorCode.map { "\(entry.status)/\($0)" } ?? entry.status
        switch outcome {
        case .accepted:
            guard let msgId = entry.msgId, !msgId.isEmpty else {
                return .failure(ProviderError(.ambiguous, code: code, message: "smscx: accepted without msgId"))
            }
            return .success(ProviderAcceptance(parts: [.init(messageID: msgId, price: entry.cost)], price: entry.cost))
        case .rejected:
            return .failure(ProviderError(.rejected, code: code, message: "smscx: rejected (opted out)"))
        case .routeRejected:
            return .failure(ProviderError(.routeRejected, code: code, message: "smscx: no coverage for this destination"))
        default:
            return .failure(ProviderError(outcome, code: code, message: "smscx: unknown recipient status"))
        }
    }
}
