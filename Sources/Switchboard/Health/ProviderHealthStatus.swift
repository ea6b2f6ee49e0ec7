/// One provider's health at a moment, for `/healthz`, the CLI and tests.
public struct ProviderHealthStatus: Sendable, Hashable, Codable {
    /// The provider.
    public var provider: ProviderID
    /// The circuit breaker: `closed`, `open` or `half-open`.
    public var breaker: String
    /// When the open period ends (or ended, when half-open); nil when closed.
    public var openUntil: Double?
    /// The open period in force, in seconds: the current or last one, back to the policy's base
    /// cooldown after a quiet closed period.
    public var cooldown: Double
    /// Breaker failures in a row.
    public var consecutiveFailures: Int
    /// Why the provider is unhealthy; nil when healthy.
    public var unhealthyReason: String?
    /// Paused by a provider hint until then; nil when not paused.
    public var pausedUntil: Double?
    /// Why it is paused; nil when not paused.
    public var pauseReason: String?
    /// Tokens in the rate-limit bucket (fractional while refilling); nil = no rate limit.
    public var tokens: Double?
    /// The last balance a probe or send reported.
    public var lastBalance: Double?
    /// When the last probe result came in.
    public var lastProbeAt: Double?
    /// Whether the provider can take traffic now (not unhealthy, paused or blocked by its breaker;
    /// an empty token bucket does not count).
    public var available: Bool

    /// Creates a status.
    public init(provider: ProviderID, breaker: String, openUntil: Double? = nil, cooldown: Double,
                consecutiveFailures: Int = 0, unhealthyReason: String? = nil, pausedUntil: Double? = nil,
                pauseReason: String? = nil, tokens: Double? = nil, lastBalance: Double? = nil,
                lastProbeAt: Double? = nil, available: Bool) {
        self.provider = provider
        self.breaker = breaker
        self.openUntil = openUntil
        self.cooldown = cooldown
        self.consecutiveFailures = consecutiveFailures
        self.unhealthyReason = unhealthyReason
        self.pausedUntil = pausedUntil
        self.pauseReason = pauseReason
        self.tokens = tokens
        self.lastBalance = lastBalance
        self.lastProbeAt = lastProbeAt
        self.available = available
    }
}
