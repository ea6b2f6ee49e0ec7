/// The outcome classes that drive fallback (DESIGN §3) — never string matching.
public enum ProviderOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The provider took it (not yet delivered).
    case accepted
    /// Permanent for this message (invalid number, barred, content): stop and report.
    case rejected
    /// This provider can't take it, another may (no coverage, sender not allowed here).
    case routeRejected
    /// Rate limited; pause the provider (for `retryAfter` seconds when known) and try the next.
    case throttled(retryAfter: Double?)
    /// Definitely not accepted (connect refused, DNS, 5xx before acceptance): trip the breaker.
    case unavailable
    /// May have been accepted (timeout/reset after the request was sent).
    case ambiguous
    /// Credentials, balance, suspended account: mark unhealthy and try the next.
    case accountProblem

    /// The class name as logged and stored (`throttled`, not the payload).
    public var name: String {
        switch self {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .routeRejected: "routeRejected"
        case .throttled: "throttled"
        case .unavailable: "unavailable"
        case .ambiguous: "ambiguous"
        case .accountProblem: "accountProblem"
        }
    }

    public var description: String {
        if case .throttled(let after?) = self { return "throttled(retryAfter: \(after)s)" }
        return name
    }
}
