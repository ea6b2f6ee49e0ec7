/// One route in `routes.yaml`.
public struct RouteDefinition: Sendable {
    /// A provider named by a route, with its weight for the weighted strategy.
    public struct Member: Sendable, Hashable {
        /// The provider.
        public var id: ProviderID
        /// The weight (weighted strategy), 1 when not given.
        public var weight: Double
        /// Where it is named.
        public var location: RuleLocation
    }

    /// The route's name (unique).
    public var name: String
    /// When the route applies.
    public var condition: RouteCondition
    /// How candidates are ordered.
    public var strategy: RoutingStrategy
    /// The candidates; nil means `providers: all`.
    public var members: [Member]?
    /// Tried after the members, in order.
    public var fallback: [Member]
    /// Highest acceptable price per segment, in the rules currency.
    public var maxPrice: Double?
    /// Lowest acceptable delivery ratio (delivered / (delivered + failed)) of a provider to the
    /// destination country, in (0, 1]; nil = none. Providers with a known ratio below it are
    /// excluded, and least_cost ranks by cost per delivered message. See
    /// ``RoutingTable/plan(_:unavailable:draw:delivery:)``.
    public var qualityFloor: Double?
    /// At most this many providers are tried for one message.
    public var maxAttempts: Int
    /// What to do after an ambiguous outcome.
    public var onAmbiguous: AmbiguousPolicy
    /// Where the route starts.
    public var location: RuleLocation
    /// Where its `providers:` value is (for coverage diagnostics).
    public var providersLocation: RuleLocation
}

/// The `defaults:` block of `routes.yaml`.
struct RouteDefaults {
    var strategy: RoutingStrategy = .leastCost
    var maxAttempts = 3
    var onAmbiguous: AmbiguousPolicy = .stop
    var maxPrice: Double?
    var qualityFloor: Double?
}

extension RouteDefinition {
    static let keys = ["name", "when", "strategy", "providers", "fallback", "max_price", "quality_floor", "max_attempts",
                       "on_ambiguous"]

    /// Parses one `routes:` entry.
    static func parse(_ node: YAMLNode, index: Int, defaults: RouteDefaults, reader: RuleFileReader,
                      maxPrice: (YAMLNode) -> Double?) -> RouteDefinition? {
        guard let f = reader.fields(of: node, allowed: keys, required: ["providers"], what: "route") else { return nil }
        let name = f["name"].flatMap { reader.string($0, what: "name") } ?? "route-\(index + 1)"
        var route = RouteDefinition(
            name: name,
            condition: f["when"].map { RouteCondition.parse($0, reader: reader) } ?? RouteCondition(),
            strategy: defaults.strategy, members: [], fallback: [],
            maxPrice: defaults.maxPrice, qualityFloor: defaults.qualityFloor,
            maxAttempts: defaults.maxAttempts, onAmbiguous: defaults.onAmbiguous,
            location: reader.location(node), providersLocation: reader.location(f["providers"] ?? node))
        if let n = f["strategy"], let s = parseStrategy(n, reader: reader) { route.strategy = s }
        if let n = f["max_attempts"], let v = reader.int(n, what: "max_attempts", in: 1...20) { route.maxAttempts = v }
        if let n = f["on_ambiguous"], let p = parseAmbiguous(n, reader: reader) { route.onAmbiguous = p }
        if let n = f["max_price"] { route.maxPrice = maxPrice(n) }
        if let n = f["quality_floor"], let floor = parseQualityFloor(n, reader: reader) { route.qualityFloor = floor }
        if let n = f["providers"] {
            if n.scalar == "all" {
                route.members = nil
            } else {
                route.members = parseMembers(n, reader: reader, what: "providers")
            }
        }
        if let n = f["fallback"] { route.fallback = parseMembers(n, reader: reader, what: "fallback") }
        return route
    }

    static func parseStrategy(_ node: YAMLNode, reader: RuleFileReader) -> RoutingStrategy? {
        guard let text = reader.string(node, what: "strategy") else { return nil }
        if let s = RoutingStrategy(rawValue: text) { return s }
        reader.report(.invalidValue, at: node, "unknown strategy '\(text)'",
                      hint: Suggestion.hint(for: text, in: RoutingStrategy.allCases.map(\.rawValue), noun: "strategies"))
        return nil
    }

    /// Parses `quality_floor`: a ratio in (0, 1] such as `0.9` or `90%`; `none` turns off a floor
    /// inherited from `defaults:`. Returns nil when the value is invalid (reported), `.some(nil)`
    /// for `none`.
    static func parseQualityFloor(_ node: YAMLNode, reader: RuleFileReader) -> Double?? {
        if node.scalar == "none" { return .some(nil) }
        return reader.ratio(node, what: "quality_floor").map { .some($0) }
    }

    static func parseAmbiguous(_ node: YAMLNode, reader: RuleFileReader) -> AmbiguousPolicy? {
        guard let text = reader.string(node, what: "on_ambiguous") else { return nil }
        if let p = AmbiguousPolicy(rawValue: text) { return p }
        reader.report(.invalidValue, at: node, "on_ambiguous must be stop or fallback, found '\(text)'",
                      hint: Suggestion.hint(for: text, in: AmbiguousPolicy.allCases.map(\.rawValue), noun: "values"))
        return nil
    }

    private static func parseMembers(_ node: YAMLNode, reader: RuleFileReader, what: String) -> [Member] {
        let items = node.sequence ?? [node]
        var members: [Member] = []
        for item in items {
            if let id = item.scalar, !item.isNull {
                members.append(Member(id: ProviderID(id), weight: 1, location: reader.location(item)))
            } else if let f = reader.fields(of: item, allowed: ["id", "weight"], required: ["id"], what: "\(what) entry"),
                      let idNode = f["id"], let id = reader.string(idNode, what: "id") {
                var weight = 1.0
                if let w = f["weight"], let value = reader.number(w, what: "weight") {
                    if value > 0 {
                        weight = value
                    } else {
                        reader.report(.invalidValue, at: w, "weight must be greater than 0", hint: "remove the provider from the route instead")
                    }
                }
                members.append(Member(id: ProviderID(id), weight: weight, location: reader.location(idNode)))
            }
        }
        if members.isEmpty {
            reader.report(.invalidValue, at: node, "\(what) lists no providers", hint: "list provider ids, or write `providers: all`")
        }
        return members
    }
}
