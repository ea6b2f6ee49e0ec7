/// One provider's health settings (from `providers.yaml`: `rate_limit`, `health: {probe_every, min_balance}`).
public struct ProviderHealthSettings: Sendable, Hashable {
    /// Tokens (requests) per second we allow ourselves towards the provider; nil = unlimited.
    public var rateLimit: Double?
    /// Token bucket size; nil = `max(1, rateLimit)` (one second worth). Never less than 1.
    public var burst: Double?
    /// Seconds between active probes (`checkHealth()`); nil = no periodic probe.
    public var probeEvery: Double?
    /// A probe or send reporting a balance below this marks the provider unhealthy.
    public var minBalance: Double?

    /// Creates settings; everything defaults to "not configured".
    public init(rateLimit: Double? = nil, burst: Double? = nil, probeEvery: Double? = nil, minBalance: Double? = nil) {
        self.rateLimit = rateLimit
        self.burst = burst
        self.probeEvery = probeEvery
        self.minBalance = minBalance
    }

    /// The settings a provider definition declares (`rate_limit`, `health.probe_every`, `health.min_balance`).
    public init(_ definition: ProviderDefinition) {
        self.init(rateLimit: definition.rateLimit, probeEvery: definition.health.probeEvery,
                  minBalance: definition.health.minBalance)
    }
}
