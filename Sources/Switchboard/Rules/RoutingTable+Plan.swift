/// A set of provider indices (at most ``RoutingTable/maxProviders``), e.g. the unavailable ones.
public struct ProviderMask: Sendable, Hashable {
    /// The bits; bit i is provider index i.
    public var bits: UInt64
    /// No provider.
    public static let none = ProviderMask(bits: 0)
    /// Creates a mask.
    public init(bits: UInt64) { self.bits = bits }
    /// Whether index `i` is in the set.
    @inlinable public func contains(_ i: Int) -> Bool { bits & (1 << UInt64(i)) != 0 }
    /// Adds index `i`.
    public mutating func insert(_ i: Int) { bits |= 1 << UInt64(i) }
}

extension RoutingTable {
    /// Plans one message: the first matching route, its ranked candidates and the exclusions.
    ///
    /// - Parameters:
    ///   - request: the normalised message.
    ///   - unavailable: providers the router currently cannot use (circuit open, paused).
    ///   - draw: a number in [0, 1) for the weighted strategy; random when nil.
    /// - Returns: nil when no route matches.
    public func plan(_ request: RoutingRequest, unavailable: ProviderMask = .none, draw: Double? = nil) -> RoutePlan? {
        let country = request.country.flatMap { countryIndex[$0] }
        guard let routeIndex = firstRoute(for: request, country: country) else { return nil }
        let route = routes[routeIndex]
        var candidates: [RoutePlan.Candidate] = []
        candidates.reserveCapacity(route.members.count + route.fallback.count)
        var excluded: [RoutePlan.Exclusion] = []
        let segments = max(1, request.segments)

        func consider(_ p: Int, role: RoutePlan.Candidate.Role, weight: Double?) {
            let provider = providers[p]
            let price: Double? = country.flatMap { c in
                let value = prices[p * countryCount + c]
                return value.isNaN ? nil : value
            }
            let reason: RoutePlan.ExclusionReason?
            if !provider.enabled {
                reason = .disabled
            } else if !provider.channels.contains(request.channel) {
                reason = .channelNotOffered(request.channel)
            } else if price == nil && role == .primary && route.strategy == .leastCost {
                reason = .noPrice(country: request.country)
            } else if let max = route.maxPrice, let price, price > max {
                reason = .overMaxPrice(price: price, maxPrice: max)
            } else if price == nil, route.maxPrice != nil {
                reason = .noPrice(country: request.country)
            } else if unavailable.contains(p) {
                reason = .unavailable
            } else {
                reason = nil
            }
            if let reason {
                excluded.append(.init(provider: provider.id, reason: reason))
            } else {
                candidates.append(.init(provider: provider.id, providerIndex: p, unitPrice: price,
                                        totalCost: price.map { $0 * Double(segments) }, role: role, weight: weight))
            }
        }

        for (i, p) in route.members.enumerated() {
            consider(p, role: .primary, weight: route.strategy == .weighted ? route.weights[i] : nil)
        }
        let primaryCount = candidates.count
        switch route.strategy {
        case .priority:
            break
        case .leastCost:
            // Insertion sort: stable (ties keep the listed order) and fastest for a handful.
            if primaryCount > 1 {
                for i in 1..<primaryCount {
                    let item = candidates[i]
                    var j = i
                    while j > 0, (candidates[j - 1].unitPrice ?? .infinity) > (item.unitPrice ?? .infinity) {
                        candidates[j] = candidates[j - 1]
                        j -= 1
                    }
                    candidates[j] = item
                }
            }
        case .weighted:
            orderByWeight(&candidates, count: primaryCount, draw: draw ?? Double.random(in: 0..<1))
        }
        for p in route.fallback { consider(p, role: .fallback, weight: nil) }
        return RoutePlan(route: route.name, routeIndex: routeIndex, strategy: route.strategy,
                         candidates: candidates, excluded: excluded, segments: segments,
                         currency: rules.currency, maxAttempts: route.maxAttempts, onAmbiguous: route.onAmbiguous)
    }

    /// The index of the first route whose condition matches.
    func firstRoute(for request: RoutingRequest, country: Int?) -> Int? {
        let bucket = routesByCountry[country ?? countryCount]
        for r in bucket {
            let route = routes[Int(r)]
            if let channels = route.channels, !channels.contains(request.channel) { continue }
            if let tags = route.tags {
                guard let tag = request.tag, tags.contains(tag) else { continue }
            }
            if let senders = route.senders {
                guard let sender = request.sender, senders.contains(sender) else { continue }
            }
            if let prefixes = route.prefixes {
                let digits = request.digits.utf8
                guard prefixes.contains(where: { digits.starts(with: $0) }) else { continue }
            }
            if let time = route.time, !time.contains(request.date) { continue }
            return Int(r)
        }
        return nil
    }

    /// Draws the first candidate by weight; the rest follow by weight (ties in listed order).
    private func orderByWeight(_ candidates: inout [RoutePlan.Candidate], count: Int, draw: Double) {
        guard count > 1 else { return }
        let total = candidates[0..<count].reduce(0) { $0 + ($1.weight ?? 0) }
        var target = draw * total
        var chosen = count - 1
        for i in 0..<count {
            target -= candidates[i].weight ?? 0
            if target < 0 {
                chosen = i
                break
            }
        }
        let first = candidates.remove(at: chosen)
        var rest = Array(candidates[0..<(count - 1)])
        rest = rest.enumerated().sorted { a, b in
            let wa = a.element.weight ?? 0
            let wb = b.element.weight ?? 0
            return wa != wb ? wa > wb : a.offset < b.offset
        }.map(\.element)
        candidates.replaceSubrange(0..<(count - 1), with: [first] + rest)
    }
}
