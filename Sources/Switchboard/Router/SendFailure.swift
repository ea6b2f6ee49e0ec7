/// Why a message was not sent — typed, with every attempt and the decision trace.
///
/// In the spirit of the provider SDKs' own exception lists (NexmoError / InvalidCredentials,
/// SMS.CX's InsufficientBalance, NoCoverage, InvalidPhoneNumber, RateLimitExceeded with retry-after).
public struct SendFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The recipient is not a valid phone number (nothing was sent or logged).
        case invalidRecipient
        /// The sender id is not valid (nothing was sent or logged).
        case invalidSender
        /// The recipient opted out (STOP); no provider was contacted.
        case optedOut
        /// No route matches, or the route leaves no candidate (no price, channel not offered, …).
        case noRoute
        /// A provider rejected the message permanently (invalid number at the carrier, barred,
        /// content): not retried elsewhere.
        case rejected
        /// Every provider tried said it cannot take this destination or sender.
        case noCoverage
        /// Every candidate was rate limited (locally or by the provider); see ``retryAfter``.
        case rateLimited
        /// Every candidate had an account problem (credentials, balance, suspended).
        case accountProblem
        /// Every candidate is unavailable (circuit open, paused, unhealthy, or down).
        case unavailable
        /// A provider may have taken it (timeout after sending) and it could not be safely
        /// re-sent elsewhere: its state is `unknown`. Check the provider before re-sending.
        case ambiguous
        /// Candidates were tried and all failed, for mixed reasons (see ``attempts``).
        case allCandidatesFailed
        /// The overall deadline passed before any provider took it.
        case deadlineExceeded
        /// The outcome log could not record the message, so nothing was sent.
        case logUnavailable
    }

    /// The kind.
    public var kind: Kind
    /// What went wrong and how to fix it.
    public var message: String
    /// The logged message id (nil when nothing was logged: invalid input).
    public var messageID: MessageID?
    /// Every attempt, in order.
    public var attempts: [AttemptSummary]
    /// The decision trace, when a plan was made.
    public var trace: DecisionTrace?
    /// For ``Kind/rateLimited``: seconds until a retry may succeed, when known.
    public var retryAfter: Double?
    /// True when this is the stored outcome of an earlier send with the same idempotency key.
    public var replayed: Bool

    /// Creates a failure.
    public init(_ kind: Kind, _ message: String, messageID: MessageID? = nil, attempts: [AttemptSummary] = [],
                trace: DecisionTrace? = nil, retryAfter: Double? = nil, replayed: Bool = false) {
        self.kind = kind
        self.message = message
        self.messageID = messageID
        self.attempts = attempts
        self.trace = trace
        self.retryAfter = retryAfter
        self.replayed = replayed
    }

    public var description: String {
        var text = "\(kind.rawValue): \(message)"
        if let retryAfter { text += " (retry after \(RoutePlan.format(retryAfter)) s)" }
        for a in attempts {
            text += "\n  attempt \(a.seq): \(a.provider) \(a.outcome)"
            if let code = a.code { text += " [\(code)]" }
            if let detail = a.detail { text += ": \(detail)" }
        }
        return text
    }
}
