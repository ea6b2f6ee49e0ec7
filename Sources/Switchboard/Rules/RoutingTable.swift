/// An immutable routing table compiled from a ``RuleSet``, built so `plan` is fast.
///
/// Routes are indexed by destination country (each country keeps the ordered list of routes
/// that can match it), and prices are a flat provider × country array in the rules currency,
/// so a plan does a few array reads, a short scan and a small sort — no hashing of strings.
public final class RoutingTable: Sendable {
    /// At most this many providers per rule set (availability is a 64-bit mask).
    public static let maxProviders = 64

    /// The rules this table was compiled from.
    public let rules: RuleSet

    struct Provider: Sendable {
        var id: ProviderID
        var channels: [MessageChannel]
        var enabled: Bool
    }

    struct Route: Sendable {
        var name: String
        var prefixes: [[UInt8]]?
        var channels: [MessageChannel]?
        var tags: Set<String>?
        var senders: Set<String>?
        var time: TimeWindow?
        var strategy: RoutingStrategy
        var members: [Int]
        var weights: [Double]
        var fallback: [Int]
        var maxPrice: Double?
        var maxAttempts: Int
        var onAmbiguous: AmbiguousPolicy
    }

    let providers: [Provider]
    let routes: [Route]
    /// Dense country index for the price array and route index.
    let countryIndex: [CountryCode: Int]
    /// Route indices per dense country index; the last bucket is for numbers without a country.
    let routesByCountry: [[Int32]]
    /// Price per segment in the rules currency, `prices[provider * countryCount + country]`; NaN = none.
    let prices: [Double]
    let countryCount: Int

    /// Compiles a validated rule set.
    public init(_ rules: RuleSet) {
        self.rules = rules
        let countries = CountryCode.all
        var countryIndex: [CountryCode: Int] = [:]
        for (i, c) in countries.enumerated() { countryIndex[c] = i }
        self.countryIndex = countryIndex
        self.countryCount = countries.count
        providers = rules.providers.map { Provider(id: $0.id, channels: $0.channels, enabled: $0.enabled) }
        let providerIndex = Dictionary(rules.providers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        var prices = [Double](repeating: .nan, count: max(1, rules.providers.count * countries.count))
        for (p, provider) in rules.providers.enumerated() {
            for (c, country) in countries.enumerated() {
                if let price = rules.price(of: provider, to: country) { prices[p * countries.count + c] = price }
            }
        }
        self.prices = prices

        var compiled: [Route] = []
        var buckets = [[Int32]](repeating: [], count: countries.count + 1)
        for (r, route) in rules.routes.enumerated() {
            let members = route.members.map { $0.compactMap { providerIndex[$0.id] } } ?? Array(rules.providers.indices)
            let weights = route.members.map { $0.filter { providerIndex[$0.id] != nil }.map(\.weight) }
                ?? Array(repeating: 1, count: members.count)
            let c = route.condition
            compiled.append(Route(
                name: route.name,
                prefixes: c.prefixes.map { $0.map { Array($0.utf8) } },
                channels: c.channels.map { Array($0) }, tags: c.tags, senders: c.senders, time: c.time,
                strategy: route.strategy, members: members, weights: weights,
                fallback: route.fallback.compactMap { providerIndex[$0.id] }.filter { !members.contains($0) },
                maxPrice: route.maxPrice, maxAttempts: route.maxAttempts, onAmbiguous: route.onAmbiguous))
            if let countries = c.countries {
                for country in countries { if let i = countryIndex[country] { buckets[i].append(Int32(r)) } }
            } else {
                for i in buckets.indices { buckets[i].append(Int32(r)) }
            }
        }
        routes = compiled
        routesByCountry = buckets
    }

    /// Provider ids in rule-set order (index = `providerIndex` in plans).
    public var providerIDs: [ProviderID] { providers.map(\.id) }

    /// The index of a provider id, if it exists.
    public func index(of provider: ProviderID) -> Int? {
        providers.firstIndex { $0.id == provider }
    }
}
