/// What `send` returns when a provider took the message.
public struct DispatchResult: Sendable, Hashable {
    /// Whether every part was taken.
    public enum State: String, Sendable, Hashable {
        /// The provider accepted every part (delivery receipts follow).
        case accepted
        /// A multipart message the provider took only partly: ``parts`` says which parts failed.
        /// It is not re-sent elsewhere (the accepted parts would arrive twice).
        case partial
    }

    /// One part of the message.
    public struct Part: Sendable, Hashable {
        /// 1-based part number.
        public var number: Int
        /// The provider's id for the part, when accepted.
        public var providerMessageID: String?
        /// Nil when accepted; otherwise why not.
        public var error: ProviderError?
    }

    /// Switchboard's id for the message (the outcome log's key).
    public var messageID: MessageID
    /// Accepted or partial.
    public var state: State
    /// The provider that took it.
    public var provider: ProviderID
    /// The provider's ids of the accepted parts, in order.
    public var providerMessageIDs: [String]
    /// Per-part results.
    public var parts: [Part]
    /// Segments of the text.
    public var segments: Int
    /// `GSM-7` or `UCS-2`.
    public var encoding: String
    /// Cost in ``currency``: the price the provider reported when it did (converted to the rules
    /// currency), otherwise the price table's price × segments.
    public var cost: Double?
    /// The rules currency.
    public var currency: String
    /// The account balance the provider reported with this send, in its own currency.
    public var remainingBalance: Double?
    /// Every attempt, in order (the last one is the accepting one).
    public var attempts: [AttemptSummary]
    /// The decision trace.
    public var trace: DecisionTrace
    /// True when this is the stored result of an earlier send with the same idempotency key
    /// (nothing was sent this time).
    public var replayed: Bool
    /// Time spent in the router itself (normalise, plan, guard, log, bookkeeping) — the total
    /// minus the time waiting for providers, in seconds. Nil for replays.
    public var routingOverhead: Double?
}
