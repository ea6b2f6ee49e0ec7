import Foundation

/// The routing decision for one message: the route, ranked candidates, and who was left out and why.
public struct RoutePlan: Sendable, Hashable {
    /// A provider the router will try, in order.
    public struct Candidate: Sendable, Hashable {
        /// Why the candidate is in the list.
        public enum Role: String, Sendable, Hashable, Codable {
            /// Listed in the route's `providers`.
            case primary
            /// Listed in the route's `fallback`.
            case fallback
        }

        /// The provider.
        public var provider: ProviderID
        /// Its index in the rule set (stable for one table).
        public var providerIndex: Int
        /// Price per segment in the rules currency, when known.
        public var unitPrice: Double?
        /// `unitPrice × segments`, when known.
        public var totalCost: Double?
        /// Primary or fallback.
        public var role: Role
        /// The weight (weighted routes).
        public var weight: Double?
    }

    /// Why a provider is not a candidate.
    public enum ExclusionReason: Sendable, Hashable, CustomStringConvertible {
        /// `enabled: false` in providers.yaml.
        case disabled
        /// The provider does not offer the message's channel.
        case channelNotOffered(MessageChannel)
        /// No price for the destination (least_cost needs one).
        case noPrice(country: CountryCode?)
        /// Price per segment above the route's `max_price`.
        case overMaxPrice(price: Double, maxPrice: Double)
        /// The router marked it unavailable (circuit open, paused by a rate-limit hint, low balance).
        case unavailable

        public var description: String {
            switch self {
            case .disabled: return "disabled in providers.yaml"
            case .channelNotOffered(let c): return "does not offer channel \(c)"
            case .noPrice(let c): return "no price for \(c?.alpha2 ?? "this destination")"
            case .overMaxPrice(let p, let m): return "price \(RoutePlan.format(p)) per segment is over max_price \(RoutePlan.format(m))"
            case .unavailable: return "unavailable (circuit open or paused)"
            }
        }
    }

    /// A provider left out, with the reason.
    public struct Exclusion: Sendable, Hashable {
        /// The provider.
        public var provider: ProviderID
        /// Why.
        public var reason: ExclusionReason
    }

    /// The matching route's name.
    public var route: String
    /// Its index in the rule set.
    public var routeIndex: Int
    /// Its strategy.
    public var strategy: RoutingStrategy
    /// Candidates in the order they will be tried.
    public var candidates: [Candidate]
    /// Providers the route names that were left out.
    public var excluded: [Exclusion]
    /// Segments the cost is computed for.
    public var segments: Int
    /// The currency of every price in this plan.
    public var currency: String
    /// The route's `max_attempts`.
    public var maxAttempts: Int
    /// The route's `on_ambiguous`.
    public var onAmbiguous: AmbiguousPolicy

    /// Formats a price with up to 5 decimals.
    static func format(_ value: Double) -> String {
        var text = String(format: "%.5f", value)
        while text.hasSuffix("0") && !text.hasSuffix(".00") { text.removeLast() }
        return text
    }
}
