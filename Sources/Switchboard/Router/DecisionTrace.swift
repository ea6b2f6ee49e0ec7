/// Why a message went where it went: the route, the ranked candidates with their cost, the
/// providers left out and why, and what happened at each candidate.
///
/// Stored as JSON with the message in the outcome log (`messages.trace`) and returned with
/// every ``DispatchResult`` and ``SendFailure``.
public struct DecisionTrace: Sendable, Hashable, Codable {
    /// A ranked candidate.
    public struct Candidate: Sendable, Hashable, Codable {
        /// The provider id.
        public var provider: String
        /// `primary` or `fallback`.
        public var role: String
        /// Price per segment in the rules currency, when known.
        public var unitPrice: Double?
        /// Price × segments, when known.
        public var totalCost: Double?
        /// The weight, on weighted routes.
        public var weight: Double?
    }

    /// A provider the route names that was left out.
    public struct Exclusion: Sendable, Hashable, Codable {
        /// The provider id.
        public var provider: String
        /// Why (`no price for NL`, `unavailable (circuit open or paused)`, …).
        public var reason: String
    }

    /// What the router did at one candidate, in order.
    public struct Step: Sendable, Hashable, Codable {
        /// The provider id.
        public var provider: String
        /// `attempted` or `skipped`.
        public var action: String
        /// The outcome class of an attempt (`accepted`, `throttled`, …).
        public var outcome: String?
        /// The provider's code, for attempts.
        public var code: String?
        /// The provider's words for an attempt, or why a candidate was skipped.
        public var detail: String?
        /// What the router did next and why (`fall back: unavailable`, `stop: rejected`, …).
        public var decision: String?
    }

    /// The matching route (empty when none matched).
    public var route: String
    /// Its strategy.
    public var strategy: String
    /// Segments priced.
    public var segments: Int
    /// `GSM-7` or `UCS-2`.
    public var encoding: String
    /// Currency of every price here.
    public var currency: String
    /// The route's `max_attempts`.
    public var maxAttempts: Int
    /// The route's `on_ambiguous`.
    public var onAmbiguous: String
    /// Candidates in the order they were to be tried.
    public var candidates: [Candidate]
    /// Providers left out, with the reason.
    public var excluded: [Exclusion]
    /// What happened, candidate by candidate.
    public var steps: [Step]
    /// The conclusion in words (`accepted by vonage after 2 attempts`, …).
    public var outcome: String

    /// The trace of a plan before anything was attempted.
    init(plan: RoutePlan, encoding: String) {
        route = plan.route
        strategy = plan.strategy.rawValue
        segments = plan.segments
        self.encoding = encoding
        currency = plan.currency
        maxAttempts = plan.maxAttempts
        onAmbiguous = plan.onAmbiguous.rawValue
        candidates = plan.candidates.map {
            Candidate(provider: $0.provider.rawValue, role: $0.role.rawValue, unitPrice: $0.unitPrice,
                      totalCost: $0.totalCost, weight: $0.weight)
        }
        excluded = plan.excluded.map { Exclusion(provider: $0.provider.rawValue, reason: $0.reason.description) }
        steps = []
        outcome = ""
    }

    /// The trace of a message stopped before planning (opted out) or that no route matched.
    init(noRouteFor segments: Int, encoding: String, currency: String, outcome: String) {
        route = ""
        strategy = ""
        self.segments = segments
        self.encoding = encoding
        self.currency = currency
        maxAttempts = 0
        onAmbiguous = ""
        candidates = []
        excluded = []
        steps = []
        self.outcome = outcome
    }

    /// The trace as JSON (hand-written: this runs once per message on the hot path).
    public var json: String {
        var w = JSONWriter(capacity: 256 + 96 * (candidates.count + steps.count))
        w.beginObject()
        w.key("route"); w.value(route)
        w.key("strategy"); w.value(strategy)
        w.key("segments"); w.value(segments)
        w.key("encoding"); w.value(encoding)
        w.key("currency"); w.value(currency)
        w.key("maxAttempts"); w.value(maxAttempts)
        w.key("onAmbiguous"); w.value(onAmbiguous)
        w.key("candidates"); w.beginArray()
        for c in candidates {
            w.beginObject()
            w.key("provider"); w.value(c.provider)
            w.key("role"); w.value(c.role)
            w.field("unitPrice", c.unitPrice)
            w.field("totalCost", c.totalCost)
            w.field("weight", c.weight)
            w.endObject()
        }
        w.endArray()
        w.key("excluded"); w.beginArray()
        for e in excluded {
            w.beginObject()
            w.key("provider"); w.value(e.provider)
            w.key("reason"); w.value(e.reason)
            w.endObject()
        }
        w.endArray()
        w.key("steps"); w.beginArray()
        for s in steps {
            w.beginObject()
            w.key("provider"); w.value(s.provider)
            w.key("action"); w.value(s.action)
            w.field("outcome", s.outcome)
            w.field("code", s.code)
            w.field("detail", s.detail)
            w.field("decision", s.decision)
            w.endObject()
        }
        w.endArray()
        w.key("outcome"); w.value(outcome)
        w.endObject()
        return w.text
    }

    /// A human-readable rendering (for `switchboard messages show` and error messages).
    public var text: String {
        var lines: [String] = []
        lines.append(route.isEmpty ? "route: none" : "route: \(route) (\(strategy), max_attempts \(maxAttempts), on_ambiguous \(onAmbiguous))")
        for (i, c) in candidates.enumerated() {
            var line = "  \(i + 1). \(c.provider) [\(c.role)]"
            if let p = c.unitPrice { line += " \(RoutePlan.format(p)) \(currency)/segment" }
            if let t = c.totalCost { line += " = \(RoutePlan.format(t)) \(currency)" }
            lines.append(line)
        }
        for e in excluded { lines.append("  excluded \(e.provider): \(e.reason)") }
        for s in steps {
            var line = "  → \(s.provider) \(s.action)"
            if let o = s.outcome { line += " \(o)" }
            if let c = s.code { line += " [\(c)]" }
            if let d = s.detail { line += ": \(d)" }
            if let d = s.decision { line += " — \(d)" }
            lines.append(line)
        }
        lines.append("outcome: \(outcome)")
        return lines.joined(separator: "\n")
    }
}
