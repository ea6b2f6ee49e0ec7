public import Foundation

/// A human- and machine-readable account of how one message would be routed (`switchboard explain`).
public struct PlanExplanation: Sendable, Codable {
    /// A candidate line.
    public struct Candidate: Sendable, Codable {
        public var provider: String
        public var role: String
        public var unitPrice: Double?
        public var totalCost: Double?
        public var weight: Double?
        enum CodingKeys: String, CodingKey {
            case provider, role, weight
            case unitPrice = "unit_price"
            case totalCost = "total_cost"
        }
    }

    /// An exclusion line.
    public struct Exclusion: Sendable, Codable {
        public var provider: String
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
    }

    /// Explains how `table` routes `message`.
    public init(message: Message, table: RoutingTable, date: Date = Date(), draw: Double? = nil) {
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
        guard let plan = table.plan(normalized.routingRequest(at: date), draw: draw) else {
            error = "no route matches this message; add a catch-all route at the end of routes.yaml"
            return
        }
        route = plan.route
        strategy = plan.strategy.rawValue
        currency = plan.currency
        maxAttempts = plan.maxAttempts
        onAmbiguous = plan.onAmbiguous.rawValue
        candidates = plan.candidates.map {
            Candidate(provider: $0.provider.rawValue, role: $0.role.rawValue, unitPrice: $0.unitPrice,
                      totalCost: $0.totalCost, weight: $0.weight)
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
                if c.role == "fallback" { line += "  (fallback)" }
                lines.append(line)
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
