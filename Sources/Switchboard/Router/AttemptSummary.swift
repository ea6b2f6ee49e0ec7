/// One attempt at one provider, as the router saw it.
public struct AttemptSummary: Sendable, Hashable {
    /// 1-based position among the message's attempts.
    public var seq: Int
    /// The provider tried.
    public var provider: ProviderID
    /// The outcome class.
    public var outcome: ProviderOutcome
    /// The provider's code (`"7"`, `"insufficient_credit"`, `"http 503"`), when it gave one.
    public var code: String?
    /// The provider's words (never secrets).
    public var detail: String?
    /// How long the provider call took, in seconds.
    public var duration: Double

    /// Creates a summary.
    public init(seq: Int, provider: ProviderID, outcome: ProviderOutcome, code: String? = nil, detail: String? = nil,
                duration: Double = 0) {
        self.seq = seq
        self.provider = provider
        self.outcome = outcome
        self.code = code
        self.detail = detail
        self.duration = duration
    }
}
