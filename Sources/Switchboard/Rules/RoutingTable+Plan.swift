extension RoutingTable {
    /// Plans one message: the first matching route, its ranked candidates and the exclusions.
    ///
    /// When the route has a `quality_floor` and `delivery` was built for this table:
    /// - a provider whose known delivery ratio to the destination is below the floor is excluded
    ///   (``RoutePlan/ExclusionReason/belowQualityFloor(ratio:floor:country:)``), checked after
    ///   every other reason;
    /// - least_cost ranks by cost per delivered message, `price × segments / ratio` (an unknown
    ///   ratio counts as 1);
    /// - if that leaves the route with no candidate at all (primaries and fallbacks), the
    ///   providers excluded only by the floor become ``RoutePlan/Candidate/Role/lastResort``
    ///   candidates, ranked as the route would rank them.
    ///
    /// Without a floor, or without ratios for this table, the plan is exactly as before.
    ///
    /// - Parameters:
    ///   - request: the normalised message.
    ///   - unavailable: providers the router currently cannot use (circuit open, paused).
    ///   - draw: a number in [0, 1) for the weighted strategy; random when nil.
    ///   - delivery: delivery ratios built for this table, for routes with a `quality_floor`.
    /// - Returns: nil when no route matches.
    public func plan(_ request: RoutingRequest, unavailable: ProviderMask = .none, draw: Double? = nil,
                     delivery: DeliveryRatios? = nil) -> RoutePlan? {
        let country = request.country.flatMap(denseIndex)
        let channelBit = bit(for: request.channel)
        guard let routeIndex = firstRoute(for: request, country: country, channelBit: channelBit) else { return nil }
        let route = routes[routeIndex]
        // Ratios apply only to routes with a floor, and only when built for this table. That path
        // is a separate function so this one stays as lean as it was before quality_floor.
        if route.qualityFloor != nil, let delivery, delivery.tableSerial == serial {
            return planWithRatios(request, route: route, routeIndex: routeIndex, country: country, channelBit: channelBit,
                                  unavailable: unavailable, draw: draw, ratios: delivery.ratios)
        }
        var candidates: [RoutePlan.Candidate] = []
        candidates.reserveCapacity(route.members.count + route.fallback.count)
        var excluded: [RoutePlan.Exclusion] = []
        let segments = max(1, request.segments)

        func consider(_ p: Int, role: RoutePlan.Candidate.Role, weight: Double?) {
            let price: Double? = country.flatMap { c in
                let value = prices[p * countryCount + c]
                return value.isNaN ? nil : value
            }
            if let reason = exclusion(p, role: role, price: price, route: route, request: request,
                                      channelBit: channelBit, unavailable: unavailable) {
                excluded.append(.init(provider: providerIDs_[p], reason: reason))
            } else {
                candidates.append(.init(provider: providerIDs_[p], providerIndex: p, unitPrice: price,
                                        totalCost: price.map { $0 * Double(segments) }, role: role, weight: weight))
            }
        }

        for (i, p) in route.members.enumerated() {
            consider(p, role: .primary, weight: route.strategy == .weighted ? route.weights[i] : nil)
        }
        rank(&candidates, count: candidates.count, strategy: route.strategy, byCostPerDelivered: false, draw: draw)
        for p in route.fallback { consider(p, role: .fallback, weight: nil) }
        return RoutePlan(route: route.name, routeIndex: routeIndex, strategy: route.strategy,
                         candidates: candidates, excluded: excluded, segments: segments,
                         currency: rules.currency, maxAttempts: route.maxAttempts, onAmbiguous: route.onAmbiguous,
                         qualityFloor: route.qualityFloor)
    }

    /// ``plan(_:unavailable:draw:delivery:)`` for a route with a `quality_floor`, with ratios
    /// built for this table.
    private func planWithRatios(_ request: RoutingRequest, route: Route, routeIndex: Int, country: Int?,
                                channelBit: UInt32, unavailable: ProviderMask, draw: Double?,
                                ratios: [Double]) -> RoutePlan {
        let floor = route.qualityFloor ?? 0
        var candidates: [RoutePlan.Candidate] = []
        candidates.reserveCapacity(route.members.count + route.fallback.count)
        var excluded: [RoutePlan.Exclusion] = []
        var belowFloor: [RoutePlan.Candidate] = []
        let segments = max(1, request.segments)

        func consider(_ p: Int, role: RoutePlan.Candidate.Role, weight: Double?) {
            var price: Double?
            var ratio: Double?
            if let country {
                let value = prices[p * countryCount + country]
                price = value.isNaN ? nil : value
                let r = ratios[p * countryCount + country]
                ratio = r.isNaN ? nil : r
            }
            if let reason = exclusion(p, role: role, price: price, route: route, request: request,
                                      channelBit: channelBit, unavailable: unavailable) {
                excluded.append(.init(provider: providerIDs_[p], reason: reason))
                return
            }
            let total = price.map { $0 * Double(segments) }
            let candidate = RoutePlan.Candidate(
                provider: providerIDs_[p], providerIndex: p, unitPrice: price, totalCost: total, role: role,
                weight: weight, deliveryRatio: ratio,
                costPerDelivered: total.map { ratio == 0 ? .infinity : $0 / (ratio ?? 1) })
            if let ratio, ratio < floor, let code = request.country {
                let reason = RoutePlan.ExclusionReason.belowQualityFloor(ratio: ratio, floor: floor, country: code)
                excluded.append(.init(provider: providerIDs_[p], reason: reason))
                belowFloor.append(candidate)
            } else {
                candidates.append(candidate)
            }
        }

        for (i, p) in route.members.enumerated() {
            consider(p, role: .primary, weight: route.strategy == .weighted ? route.weights[i] : nil)
        }
        rank(&candidates, count: candidates.count, strategy: route.strategy, byCostPerDelivered: true, draw: draw)
        for p in route.fallback { consider(p, role: .fallback, weight: nil) }
        if candidates.isEmpty && !belowFloor.isEmpty {
            // The floor never leaves a message with nothing: rank the providers it excluded as the
            // route would (primaries first), and try them as a last resort.
            let primaries = belowFloor.count { $0.role == .primary }
            rank(&belowFloor, count: primaries, strategy: route.strategy, byCostPerDelivered: true, draw: draw)
            for i in belowFloor.indices { belowFloor[i].role = .lastResort }
            excluded.removeAll { if case .belowQualityFloor = $0.reason { true } else { false } }
            candidates = belowFloor
        }
        return RoutePlan(route: route.name, routeIndex: routeIndex, strategy: route.strategy,
                         candidates: candidates, excluded: excluded, segments: segments,
                         currency: rules.currency, maxAttempts: route.maxAttempts, onAmbiguous: route.onAmbiguous,
                         qualityFloor: route.qualityFloor)
    }

    /// Why provider `p` cannot be a candidate for this route and message, before any quality
    /// floor; nil when it can.
    @inline(__always)
    private func exclusion(_ p: Int, role: RoutePlan.Candidate.Role, price: Double?, route: Route,
                           request: RoutingRequest, channelBit: UInt32,
                           unavailable: ProviderMask) -> RoutePlan.ExclusionReason? {
        if !providerEnabled[p] {
            return .disabled
        } else if providerChannels[p] & channelBit == 0 {
            return .channelNotOffered(request.channel)
        } else if price == nil && role == .primary && route.strategy == .leastCost {
            return .noPrice(country: request.country)
        } else if let max = route.maxPrice, let price, price > max {
            return .overMaxPrice(price: price, maxPrice: max)
        } else if price == nil, route.maxPrice != nil {
            return .noPrice(country: request.country)
        } else if unavailable.contains(p) {
            return .unavailable
        }
        return nil
    }

    /// Orders the first `count` candidates (the primaries) by the route's strategy.
    @inline(__always)
    private func rank(_ candidates: inout [RoutePlan.Candidate], count: Int, strategy: RoutingStrategy,
                      byCostPerDelivered: Bool, draw: Double?) {
        switch strategy {
        case .priority:
            break
        case .leastCost:
            // Insertion sort: stable (ties keep the listed order) and fastest for a handful.
            guard count > 1 else { return }
            if byCostPerDelivered {
                for i in 1..<count {
                    let item = candidates[i]
                    var j = i
                    while j > 0, (candidates[j - 1].costPerDelivered ?? .infinity) > (item.costPerDelivered ?? .infinity) {
                        candidates[j] = candidates[j - 1]
                        j -= 1
                    }
                    candidates[j] = item
                }
            } else {
                for i in 1..<count {
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
            orderByWeight(&candidates, count: count, draw: draw ?? Double.random(in: 0..<1))
        }
    }

    /// The channel's bit (0 for a channel no provider or route mentions).
    func bit(for channel: MessageChannel) -> UInt32 {
        for (i, name) in channelNames.enumerated() where name == channel { return 1 << UInt32(i) }
        return 0
    }

    /// The index of the first route whose condition matches.
    func firstRoute(for request: RoutingRequest, country: Int?, channelBit: UInt32) -> Int? {
        // Intern the tag and sender once: -1 = none given, -2 = given but no route names it.
        let tag: Int32 = tagIDs.isEmpty ? -1 : request.tag.map { tagIDs[$0] ?? -2 } ?? -1
        let sender: Int32 = senderIDs.isEmpty ? -1 : request.sender.map { senderIDs[$0] ?? -2 } ?? -1
        return matchers.withUnsafeBufferPointer { matchers -> Int? in
            for r in routesByCountry[country ?? countryCount] {
                let m = matchers[Int(r)]
                if m.channelMask != 0 && m.channelMask & channelBit == 0 { continue }
                if m.tagCount > 0 && !contains(tagTable, m.tagStart, m.tagCount, tag) { continue }
                if m.senderCount > 0 && !contains(senderTable, m.senderStart, m.senderCount, sender) { continue }
                if m.prefixCount > 0 {
                    let digits = request.digits.utf8
                    let range = Int(m.prefixStart)..<Int(m.prefixStart + m.prefixCount)
                    guard prefixes[range].contains(where: { digits.starts(with: $0) }) else { continue }
                }
                if m.window >= 0 && !windows[Int(m.window)].contains(request.date) { continue }
                return Int(r)
            }
            return nil
        }
    }

    private func contains(_ table: [Int32], _ start: Int32, _ count: Int32, _ id: Int32) -> Bool {
        guard id >= 0 else { return false }
        for i in Int(start)..<Int(start + count) where table[i] == id { return true }
        return false
    }

    /// Draws the first candidate by weight; the rest follow by weight (ties in listed order).
    /// In place: no allocation.
    private func orderByWeight(_ candidates: inout [RoutePlan.Candidate], count: Int, draw: Double) {
        guard count > 1 else { return }
        var total = 0.0
        for i in 0..<count { total += candidates[i].weight ?? 0 }
        var target = draw * total
        var chosen = count - 1
        for i in 0..<count {
            target -= candidates[i].weight ?? 0
            if target < 0 {
                chosen = i
                break
            }
        }
        // Move the drawn one to the front, keeping the others' relative order.
        let first = candidates[chosen]
        var i = chosen
        while i > 0 {
            candidates[i] = candidates[i - 1]
            i -= 1
        }
        candidates[0] = first
        // Stable insertion sort of the rest by weight, heaviest first.
        if count > 2 {
            for i in 2..<count {
                let item = candidates[i]
                var j = i
                while j > 1, (candidates[j - 1].weight ?? 0) < (item.weight ?? 0) {
                    candidates[j] = candidates[j - 1]
                    j -= 1
                }
                candidates[j] = item
            }
        }
    }
}
