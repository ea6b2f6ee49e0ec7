import Synchronization

/// An immutable routing table compiled from a ``RuleSet``, built so `plan` is fast.
///
/// - Routes are indexed by destination country: each country keeps the ordered list of routes
///   that can match it, so a plan scans a handful of routes, not all of them.
/// - Each route's `when` is compiled to a plain-value matcher: channels are a bit mask, tags
///   and senders are interned to integers (one dictionary lookup per plan, not per route).
/// - Prices are a flat provider × country array in the rules currency.
/// - Delivery ratios (for `quality_floor`) are not part of the table: they change with every
///   receipt, so they are passed to each plan as a ``DeliveryRatios`` built for this table.
public final class RoutingTable: Sendable {
    /// At most this many providers per rule set (availability is a 64-bit mask).
    public static let maxProviders = 64

    /// Source of ``serial``.
    private static let serials = Atomic<UInt64>(0)

    /// Unique per table in this process: ``DeliveryRatios`` remember it, so ratios indexed for
    /// another table (provider indices differ after a reload) are never applied to this one.
    let serial: UInt64

    /// The rules this table was compiled from.
    public let rules: RuleSet

    /// A route's `when`, as plain values (no references: scanning copies nothing).
    struct Matcher: Sendable {
        /// Bit per channel; 0 = any channel.
        var channelMask: UInt32
        /// Range in `tagIDs`; count 0 = any tag.
        var tagStart: Int32, tagCount: Int32
        /// Range in `senderIDs`; count 0 = any sender.
        var senderStart: Int32, senderCount: Int32
        /// Range in `prefixes`; count 0 = any number.
        var prefixStart: Int32, prefixCount: Int32
        /// Index in `windows`; -1 = any time.
        var window: Int32
    }

    /// What a plan needs of a matched route.
    final class Route: Sendable {
        let name: String
        let strategy: RoutingStrategy
        let members: [Int]
        let weights: [Double]
        let fallback: [Int]
        let maxPrice: Double?
        let qualityFloor: Double?
        let maxAttempts: Int
        let onAmbiguous: AmbiguousPolicy

        init(name: String, strategy: RoutingStrategy, members: [Int], weights: [Double], fallback: [Int],
             maxPrice: Double?, qualityFloor: Double?, maxAttempts: Int, onAmbiguous: AmbiguousPolicy) {
            self.name = name
            self.strategy = strategy
            self.members = members
            self.weights = weights
            self.fallback = fallback
            self.maxPrice = maxPrice
            self.qualityFloor = qualityFloor
            self.maxAttempts = maxAttempts
            self.onAmbiguous = onAmbiguous
        }
    }

    let providerIDs_: [ProviderID]
    let providerChannels: [UInt32]
    let providerEnabled: [Bool]
    let channelNames: [MessageChannel]
    let matchers: [Matcher]
    let routes: [Route]
    let tagIDs: [String: Int32]
    let senderIDs: [String: Int32]
    let tagTable: [Int32]
    let senderTable: [Int32]
    let prefixes: [[UInt8]]
    let windows: [TimeWindow]
    /// Dense country index for the price array and route index, by letter pair (26 × 26 slots; -1 = none).
    let countrySlots: [Int32]
    /// Route indices per dense country index; the last bucket is for numbers without a country.
    let routesByCountry: [[Int32]]
    /// Price per segment in the rules currency, `prices[provider * countryCount + country]`; NaN = none.
    let prices: [Double]
    let countryCount: Int

    /// Compiles a validated rule set.
    public init(_ rules: RuleSet) {
        self.rules = rules
        serial = Self.serials.add(1, ordering: .relaxed).newValue
        let countries = CountryCode.all
        var countryIndex: [CountryCode: Int] = [:]
        var slots = [Int32](repeating: -1, count: 26 * 26)
        for (i, c) in countries.enumerated() {
            countryIndex[c] = i
            slots[Self.slot(c)] = Int32(i)
        }
        countrySlots = slots
        self.countryCount = countries.count

        var channelNames = MessageChannel.known
        for p in rules.providers { for c in p.channels where !channelNames.contains(c) { channelNames.append(c) } }
        func mask(_ channels: some Sequence<MessageChannel>) -> UInt32 {
            channels.reduce(0) { m, c in m | (channelNames.firstIndex(of: c).map { UInt32(1) << UInt32($0) } ?? 0) }
        }
        self.channelNames = channelNames
        providerIDs_ = rules.providers.map(\.id)
        providerChannels = rules.providers.map { mask($0.channels) }
        providerEnabled = rules.providers.map(\.enabled)
        let providerIndex = Dictionary(rules.providers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        var prices = [Double](repeating: .nan, count: max(1, rules.providers.count * countries.count))
        for (p, provider) in rules.providers.enumerated() {
            for (c, country) in countries.enumerated() {
                if let price = rules.price(of: provider, to: country) { prices[p * countries.count + c] = price }
            }
        }
        self.prices = prices

        var tagIDs: [String: Int32] = [:]
        var senderIDs: [String: Int32] = [:]
        var tagTable: [Int32] = []
        var senderTable: [Int32] = []
        var prefixes: [[UInt8]] = []
        var windows: [TimeWindow] = []
        var matchers: [Matcher] = []
        var compiled: [Route] = []
        var buckets = [[Int32]](repeating: [], count: countries.count + 1)
        for (r, route) in rules.routes.enumerated() {
            let c = route.condition
            var m = Matcher(channelMask: c.channels.map { mask($0) } ?? 0,
                            tagStart: Int32(tagTable.count), tagCount: 0,
                            senderStart: Int32(senderTable.count), senderCount: 0,
                            prefixStart: Int32(prefixes.count), prefixCount: 0, window: -1)
            for tag in c.tags?.sorted() ?? [] {
                let id = tagIDs[tag] ?? Int32(tagIDs.count)
                tagIDs[tag] = id
                tagTable.append(id)
                m.tagCount += 1
            }
            for sender in c.senders?.sorted() ?? [] {
                let id = senderIDs[sender] ?? Int32(senderIDs.count)
                senderIDs[sender] = id
                senderTable.append(id)
                m.senderCount += 1
            }
            for prefix in c.prefixes ?? [] {
                prefixes.append(Array(prefix.utf8))
                m.prefixCount += 1
            }
            if let window = c.time {
                m.window = Int32(windows.count)
                windows.append(window)
            }
            matchers.append(m)
            let members = route.members.map { $0.compactMap { providerIndex[$0.id] } } ?? Array(rules.providers.indices)
            let weights = route.members.map { $0.filter { providerIndex[$0.id] != nil }.map(\.weight) }
                ?? Array(repeating: 1, count: members.count)
            compiled.append(Route(
                name: route.name, strategy: route.strategy, members: members, weights: weights,
                fallback: route.fallback.compactMap { providerIndex[$0.id] }.filter { !members.contains($0) },
                maxPrice: route.maxPrice, qualityFloor: route.qualityFloor, maxAttempts: route.maxAttempts,
                onAmbiguous: route.onAmbiguous))
            if let countries = c.countries {
                for country in countries { if let i = countryIndex[country] { buckets[i].append(Int32(r)) } }
            } else {
                for i in buckets.indices { buckets[i].append(Int32(r)) }
            }
        }
        self.tagIDs = tagIDs
        self.senderIDs = senderIDs
        self.tagTable = tagTable
        self.senderTable = senderTable
        self.prefixes = prefixes
        self.windows = windows
        self.matchers = matchers
        routes = compiled
        routesByCountry = buckets
    }

    /// The letter-pair slot of a country code.
    @inline(__always) static func slot(_ country: CountryCode) -> Int {
        Int((country.packed >> 8) &- 65) * 26 + Int((country.packed & 0xFF) &- 65)
    }

    /// The dense index of a country, if the table knows it.
    @inline(__always) func denseIndex(_ country: CountryCode) -> Int? {
        let i = countrySlots[Self.slot(country)]
        return i < 0 ? nil : Int(i)
    }

    /// Provider ids in rule-set order (index = `providerIndex` in plans).
    public var providerIDs: [ProviderID] { providerIDs_ }

    /// The index of a provider id, if it exists.
    public func index(of provider: ProviderID) -> Int? {
        providerIDs_.firstIndex(of: provider)
    }
}
