/// A change of a provider's state, for the outcome log's `health_events` table and the logger.
public struct ProviderHealthChange: Sendable, Hashable {
    /// The provider whose state changed.
    public var provider: ProviderID
    /// The new state: `closed`, `open`, `half-open` (breaker), `paused`, `unhealthy` or `healthy`.
    public var state: String
    /// Why, human-readable and never a secret: "5 consecutive failures (unavailable)",
    /// "balance 3.20 below min_balance 5", "probe ok".
    public var reason: String
    /// When: the `now` passed to the call that made the change (the router passes wall-clock
    /// seconds since 1970).
    public var at: Double

    /// Creates a change.
    public init(provider: ProviderID, state: String, reason: String, at: Double) {
        self.provider = provider
        self.state = state
        self.reason = reason
        self.at = at
    }
}
