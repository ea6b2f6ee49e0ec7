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
            /// Below the route's `quality_floor`, and tried only because the route has no other
            /// candidate: a message is never left without a provider by the floor alone.
            case lastResort = "last_resort"
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
        /// The provider's known delivery ratio to the destination, in [0, 1]; nil when the route
        /// has no `quality_floor`, no ``DeliveryRatios`` were given, or the ratio is unknown
        /// (fewer than ``DeliveryRatios/minSamples`` receipts).
        public var deliveryRatio: Double?
        /// `totalCost / deliveryRatio` (an unknown ratio counts as 1), what least_cost ranks by
        /// under a `quality_floor`; `.infinity` when the ratio is 0. Nil when no ratios are used
        /// for this plan, or the price is unknown.
        public var costPerDelivered: Double?
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
        /// Its known delivery ratio to `country` is below the route's `quality_floor`.
        case belowQualityFloor(ratio: Double, floor: Double, country: CountryCode)

        public var description: String {
            switch self {
            case .disabled: return "disabled in providers.yaml"
            case .channelNotOffered(let c): return "does not offer channel \(c)"
            case .noPrice(let c): return "no price for \(c?.alpha2 ?? "this destination")"
            case .overMaxPrice(let p, let m): return "price \(RoutePlan.format(p)) per segment is over max_price \(RoutePlan.format(m))"
            case .unavailable: return "unavailable (circuit open or paused)"
            case .belowQualityFloor(let ratio, let floor, let country):
                let (r, f) = RoutePlan.formatRatios(ratio, floor)
                return "delivery ratio \(r) to \(country.alpha2) is below quality_floor \(f)"
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
    /// The route's `quality_floor` (whether or not delivery ratios were given).
    public var qualityFloor: Double?

    /// Formats a price with up to 5 decimals.
    static func format(_ value: Double) -> String {
        var text = String(format: "%.5f", value)
        while text.hasSuffix("0") && !text.hasSuffix(".00") { text.removeLast() }
        return text
    }

    /// Formats two ratios with 2 decimals, or 4 when 2 would make different values look equal.
    static func formatRatios(_ a: Double, _ b: Double) -> (String, String) {
        let two = (String(format: "%.2f", a), String(format: "%.2f", b))
        if two.0 != two.1 || a == b { return two }
        return (String(format: "%.4f", a), String(format: "%.4f", b))
    }

    /// Formats one ratio with 2 decimals.
    static func formatRatio(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
