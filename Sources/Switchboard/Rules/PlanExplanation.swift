public import Foundation

/// A human- and machine-readable account of how one message would be routed (`switchboard explain`).
public struct PlanExplanation: Sendable, Codable {
    /// A candidate line.
    public struct Candidate: Sendable, Codable {
        /// The provider id.
        public var provider: String
        /// `primary`, `fallback` or `last_resort`.
        public var role: String
        /// Price per segment, when known.
        public var unitPrice: Double?
        /// Price × segments, when known.
        public var totalCost: Double?
        /// The weight (weighted routes).
        public var weight: Double?
        /// The known delivery ratio (routes with `quality_floor`, when ratios were given).
        public var deliveryRatio: Double?
        /// Total cost / delivery ratio; nil when not used, or infinite (a ratio of 0).
        public var costPerDelivered: Double?
        enum CodingKeys: String, CodingKey {
            case provider, role, weight
            case unitPrice = "unit_price"
            case totalCost = "total_cost"
            case deliveryRatio = "delivery_ratio"
            case costPerDelivered = "cost_per_delivered"
        }
    }

    /// An exclusion line.
    public struct Exclusion: Sendable, Codable {
        /// The provider id.
        public var provider: String
        /// Why it is left out, as text.
        public var reason: String
    }

    /// The input as given.
    public var input: String
    /// E.164, when the number is valid.
    public var to: String?
    /// ISO country.
    public var country: String?
    /// GSM-7 or UCS-2.
    public var encoding: String?
    /// Segments.
    public var segments: Int?
    /// Characters that forced UCS-2.
    public var nonGSMCharacters: [String]?
    /// Segments saved by transliteration, when asked for.
    public var transliterationSaved: Int?
    /// The matching route.
    public var route: String?
    /// Its strategy.
    public var strategy: String?
    /// Currency of all prices.
    public var currency: String?
    /// The route's `quality_floor`.
    public var qualityFloor: Double?
    /// Whether delivery ratios were given (a `quality_floor` has no effect without them).
    public var deliveryRatiosGiven: Bool?
    /// Ranked candidates.
    public var candidates: [Candidate]
    /// Providers left out, with reasons.
    public var excluded: [Exclusion]
    /// The route's max_attempts.
    public var maxAttempts: Int?
    /// The route's on_ambiguous.
    public var onAmbiguous: String?
    /// Why the message cannot be routed, if it cannot.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case input, to, country, encoding, segments, route, strategy, currency, candidates, excluded, error
        case nonGSMCharacters = "non_gsm_characters"
        case transliterationSaved = "transliteration_segments_saved"
        case maxAttempts = "max_attempts"
        case onAmbiguous = "on_ambiguous"
        case qualityFloor = "quality_floor"
        case deliveryRatiosGiven = "delivery_ratios_given"
    }

    /// Explains how `table` routes `message`.
    ///
    /// - Parameter delivery: delivery ratios for routes with a `quality_floor` (see
    ///   ``RoutingTable/plan(_:unavailable:draw:delivery:)``).
    public init(message: Message, table: RoutingTable, date: Date = Date(), draw: Double? = nil,
                delivery: DeliveryRatios? = nil) {
        input = message.to
        candidates = []
        excluded = []
        let normalized: NormalizedMessage
        do {
            normalized = try NormalizedMessage(message)
        } catch {
            self.error = error.description
            return
        }
        to = normalized.to.e164
        country = normalized.to.country?.alpha2
        encoding = normalized.analysis.encoding.rawValue
        segments = normalized.analysis.segments
        let nonGSM = normalized.analysis.nonGSMCharacters.map(String.init)
        nonGSMCharacters = nonGSM.isEmpty ? nil : nonGSM
        transliterationSaved = normalized.transliteration?.segmentsSaved
        guard let plan = table.plan(normalized.routingRequest(at: date), draw: draw, delivery: delivery) else {
            error = "no route matches this message; add a catch-all route at the end of routes.yaml"
            return
        }
        route = plan.route
        strategy = plan.strategy.rawValue
        currency = plan.currency
        maxAttempts = plan.maxAttempts
        onAmbiguous = plan.onAmbiguous.rawValue
        qualityFloor = plan.qualityFloor
        if plan.qualityFloor != nil { deliveryRatiosGiven = delivery?.belongs(to: table) ?? false }
        candidates = plan.candidates.map {
            Candidate(provider: $0.provider.rawValue, role: $0.role.rawValue, unitPrice: $0.unitPrice,
                      totalCost: $0.totalCost, weight: $0.weight, deliveryRatio: $0.deliveryRatio,
                      costPerDelivered: $0.costPerDelivered.flatMap { $0.isFinite ? $0 : nil })
        }
        excluded = plan.excluded.map { Exclusion(provider: $0.provider.rawValue, reason: $0.reason.description) }
        if candidates.isEmpty { error = "every provider of route '\(plan.route)' is excluded" }
    }

    /// The explanation as lines of text.
    public var text: String {
        var lines: [String] = []
        lines.append("number:     \(input)" + (to.map { " → \($0)" } ?? ""))
        if let country { lines.append("country:    \(country)") }
        if let encoding, let segments {
            var line = "text:       \(encoding), \(segments) segment\(segments == 1 ? "" : "s")"
            if let nonGSMCharacters { line += " (UCS-2 because of \(nonGSMCharacters.joined(separator: " ")))" }
            lines.append(line)
        }
        if let transliterationSaved { lines.append("translit:   saves \(transliterationSaved) segment(s)") }
        if let route, let strategy {
            lines.append("route:      \(route) (\(strategy), max_attempts \(maxAttempts ?? 0), on_ambiguous \(onAmbiguous ?? ""))")
        }
        if let qualityFloor {
            let given = deliveryRatiosGiven == true ? "" : " (no delivery ratios given: not applied)"
            lines.append("quality:    quality_floor \(RoutePlan.formatRatio(qualityFloor))\(given)")
        }
        if !candidates.isEmpty {
            lines.append("candidates:")
            for (i, c) in candidates.enumerated() {
                var line = "  \(i + 1). \(c.provider)"
                line = line.padding(toLength: 18, withPad: " ", startingAt: 0)
                if let unit = c.unitPrice, let total = c.totalCost, let currency {
                    line += " \(RoutePlan.format(unit)) \(currency)/segment × \(segments ?? 1) = \(RoutePlan.format(total)) \(currency)"
                } else {
                    line += " price unknown"
                }
                if let w = c.weight { line += "  weight \(RoutePlan.format(w))" }
                if let ratio = c.deliveryRatio {
                    let shown = qualityFloor.map { RoutePlan.formatRatios(ratio, $0).0 } ?? RoutePlan.formatRatio(ratio)
                    line += "  delivery \(shown)"
                    if let cost = c.costPerDelivered, let currency {
                        line += " → \(RoutePlan.format(cost)) \(currency)/delivered"
                    } else if ratio == 0 {
                        line += " → nothing delivered"
                    }
                } else if qualityFloor != nil, deliveryRatiosGiven == true {
                    line += "  delivery unknown (too few receipts; no penalty)"
                }
                if c.role == "fallback" { line += "  (fallback)" }
                if c.role == "last_resort" { line += "  (last resort)" }
                lines.append(line)
            }
            if candidates.contains(where: { $0.role == "last_resort" }) {
                let floor = qualityFloor.map { " \(RoutePlan.formatRatio($0))" } ?? ""
                lines.append("  last resort: every usable provider is below quality_floor\(floor);"
                    + " they are still tried, ranked as the route ranks them")
            }
        }
        if !excluded.isEmpty {
            lines.append("excluded:")
            for e in excluded { lines.append("  - \(e.provider): \(e.reason)") }
        }
        if let error { lines.append("error:      \(error)") }
        return lines.joined(separator: "\n")
    }
}
