/// What the router may do with a provider right now (the answer of ``ProviderHealthBoard/acquire(_:now:)``).
public enum ProviderGate: Sendable, Hashable {
    /// Go: a token was taken (and a half-open trial slot, if the breaker is half-open).
    case open
    /// Our own token bucket is empty until `nextTokenAt`; the caller spills to the next candidate.
    case rateLimited(nextTokenAt: Double)
    /// The provider asked us to back off (Retry-After, X-Rate-Limit-Reset, Vonage status 1,
    /// Bandwidth 403 rate limit) until `until`.
    case paused(until: Double, reason: String)
    /// The circuit breaker is open until `until`. A value at or before `now` means the breaker is
    /// half-open and its trial slots are all taken: it opens up again when a trial reports back.
    case circuitOpen(until: Double)
    /// An account problem, a probe that said down, or a balance below `min_balance`.
    case unhealthy(reason: String)

    /// Whether the caller may send now.
    public var isOpen: Bool {
        if case .open = self { return true }
        return false
    }
}
