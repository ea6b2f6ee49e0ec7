import Foundation
import Testing
@testable import Switchboard

/// `quality_floor` at plan time: cost per delivered message, exclusion below the floor, unknown
/// ratios, the last-resort rule, and routes without a floor left exactly as they were.
///
/// Prices (RuleFixtures): NL vonage 0.07, smscx 0.06, kpn 0.045; DE vonage 0.075, smscx 0.08,
/// kpn 0.09; FR vonage 0.08, smscx 0.07, kpn 0.09, bandwidth 0.108.
@Suite struct QualityFloorPlanTests {
    static let routes = """
        exchange_rates: { USD: 0.9 }
        routes:
          - name: nl-quality
            when: { country: NL }
            strategy: least_cost
            providers: [vonage, smscx, kpn]
            quality_floor: 0.5
          - name: de-priority
            when: { country: DE }
            strategy: priority
            providers: [kpn, vonage]
            fallback: [smscx]
            quality_floor: 80%
          - name: fr-strict
            when: { country: FR, tag: strict }
            strategy: least_cost
            providers: [smscx, vonage]
            fallback: [kpn]
            quality_floor: 0.9
          - name: fr-split
            when: { country: FR, tag: split }
            strategy: weighted
            providers: [{ id: vonage, weight: 80 }, { id: smscx, weight: 20 }]
            quality_floor: 0.9
          - name: everything-else
            providers: all

        """

    let table: RoutingTable

    init() throws {
        table = RoutingTable(try RuleFixtures.load(routes: Self.routes))
    }

    func ratios(_ samples: [(String, String, Int, Int)], minSamples: Int = 20, table: RoutingTable? = nil) -> DeliveryRatios {
        DeliveryRatios(table: table ?? self.table,
                       samples: samples.map { (ProviderID($0.0), CountryCode($0.1)!, $0.2, $0.3) },
                       minSamples: minSamples)
    }

    func plan(_ country: String, tag: String? = nil, segments: Int = 1, unavailable: ProviderMask = .none,
              draw: Double? = 0.5, _ delivery: DeliveryRatios?) throws -> RoutePlan {
        try #require(table.plan(RuleFixtures.request(country, tag: tag, segments: segments),
                                unavailable: unavailable, draw: draw, delivery: delivery))
    }

    // MARK: ranking

    @Test func cheapProviderWithBadRatioLosesToDearerOneThatDelivers() throws {
        // kpn is cheapest (0.045) but delivers 60%: 0.075 per delivered message, more than
        // smscx 0.06 / 0.99 and vonage 0.07 (unknown ratio: no penalty).
        let delivery = ratios([("kpn", "NL", 60, 40), ("smscx", "NL", 99, 1)])
        let without = try plan("NL", nil)
        #expect(without.candidates.map(\.provider) == ["kpn", "smscx", "vonage"])
        let with = try plan("NL", delivery)
        #expect(with.route == "nl-quality")
        #expect(with.candidates.map(\.provider) == ["smscx", "vonage", "kpn"])
        #expect(with.excluded.isEmpty)
        let byID = Dictionary(uniqueKeysWithValues: with.candidates.map { ($0.provider, $0) })
        #expect(byID["kpn"]?.deliveryRatio == 0.6)
        #expect(abs((byID["kpn"]?.costPerDelivered ?? 0) - 0.075) < 1e-12)
        #expect(abs((byID["smscx"]?.costPerDelivered ?? 0) - 0.06 / 0.99) < 1e-12)
        #expect(byID["vonage"]?.deliveryRatio == nil)
        #expect(byID["vonage"]?.costPerDelivered == 0.07)
        // Prices themselves are unchanged.
        #expect(byID["kpn"]?.unitPrice == 0.045)
        #expect(with.qualityFloor == 0.5)
    }

    @Test func costPerDeliveredCountsSegments() throws {
        let delivery = ratios([("kpn", "NL", 80, 20)])
        let plan = try plan("NL", segments: 3, delivery)
        let kpn = try #require(plan.candidates.first { $0.provider == "kpn" })
        #expect(abs((kpn.totalCost ?? 0) - 0.135) < 1e-12)
        #expect(abs((kpn.costPerDelivered ?? 0) - 0.135 / 0.8) < 1e-12)
        // 0.045 / 0.8 = 0.05625 still beats smscx 0.06.
        #expect(plan.candidates.map(\.provider) == ["kpn", "smscx", "vonage"])
    }

    // MARK: exclusion

    @Test func providerBelowTheFloorIsExcludedWithReason() throws {
        let delivery = ratios([("kpn", "NL", 36, 64), ("smscx", "NL", 990, 10)])
        let plan = try plan("NL", delivery)
        #expect(plan.candidates.map(\.provider) == ["smscx", "vonage"])
        #expect(plan.excluded.count == 1)
        let exclusion = try #require(plan.excluded.first)
        #expect(exclusion.provider == "kpn")
        #expect(exclusion.reason == .belowQualityFloor(ratio: 0.36, floor: 0.5, country: CountryCode("NL")!))
        #expect(exclusion.reason.description == "delivery ratio 0.36 to NL is below quality_floor 0.50")
    }

    @Test func reasonTextShowsMoreDecimalsWhenTwoWouldLookEqual() {
        let reason = RoutePlan.ExclusionReason.belowQualityFloor(ratio: 0.899, floor: 0.9, country: CountryCode("DE")!)
        #expect(reason.description == "delivery ratio 0.8990 to DE is below quality_floor 0.9000")
        let plain = RoutePlan.ExclusionReason.belowQualityFloor(ratio: 0.72, floor: 0.9, country: CountryCode("NL")!)
        #expect(plain.description == "delivery ratio 0.72 to NL is below quality_floor 0.90")
    }

    @Test func ratioExactlyAtTheFloorIsKept() throws {
        let delivery = ratios([("kpn", "NL", 50, 50)])
        let plan = try plan("NL", delivery)
        #expect(plan.excluded.isEmpty)
        #expect(plan.candidates.map(\.provider) == ["smscx", "vonage", "kpn"])  // 0.09 per delivered
    }

    @Test func floorAppliesToPriorityRoutesAndFallbacksWithoutReordering() throws {
        // de-priority: kpn, vonage, fallback smscx, floor 0.8. vonage delivers 70%, smscx 50%.
        let delivery = ratios([("kpn", "DE", 81, 19), ("vonage", "DE", 70, 30), ("smscx", "DE", 50, 50)])
        let plan = try plan("DE", delivery)
        #expect(plan.strategy == .priority)
        #expect(plan.candidates.map(\.provider) == ["kpn"])
        #expect(Set(plan.excluded.map(\.provider)) == ["vonage", "smscx"])
        // A dearer-per-delivered kpn stays first on a priority route: only least_cost re-ranks.
        let ok = ratios([("kpn", "DE", 85, 15), ("vonage", "DE", 99, 1)])
        #expect(try self.plan("DE", ok).candidates.map(\.provider) == ["kpn", "vonage", "smscx"])
    }

    @Test func floorExcludesFromWeightedSplit() throws {
        let delivery = ratios([("vonage", "FR", 50, 50)])
        let plan = try plan("FR", tag: "split", draw: 0.1, delivery)
        #expect(plan.route == "fr-split")
        #expect(plan.candidates.map(\.provider) == ["smscx"])
        #expect(plan.excluded.map(\.provider) == ["vonage"])
    }

    @Test func otherReasonsComeBeforeTheFloor() throws {
        var down = ProviderMask.none
        down.insert(try #require(table.index(of: "kpn")))
        let delivery = ratios([("kpn", "NL", 10, 90)])
        let plan = try plan("NL", unavailable: down, delivery)
        #expect(plan.excluded == [.init(provider: "kpn", reason: .unavailable)])
    }

    // MARK: unknown ratios

    @Test func tooFewReceiptsMeansUnknownAndNoPenalty() throws {
        // 19 receipts, all failed: below the default 20, so kpn keeps its cheap first place.
        let delivery = ratios([("kpn", "NL", 0, 19)])
        let plan = try plan("NL", delivery)
        #expect(plan.candidates.map(\.provider) == ["kpn", "smscx", "vonage"])
        #expect(plan.excluded.isEmpty)
        #expect(plan.candidates.first?.deliveryRatio == nil)
        #expect(plan.candidates.first?.costPerDelivered == 0.045)
        // One more receipt makes it known (ratio 0): excluded.
        let known = try self.plan("NL", ratios([("kpn", "NL", 0, 20)]))
        #expect(known.excluded.map(\.provider) == ["kpn"])
        // minSamples is a parameter.
        let lenient = try self.plan("NL", ratios([("kpn", "NL", 0, 19)], minSamples: 5))
        #expect(lenient.excluded.map(\.provider) == ["kpn"])
    }

    @Test func numbersWithoutCountryHaveNoRatio() throws {
        let routes = """
            exchange_rates: { USD: 0.9 }
            routes:
              - name: all
                strategy: priority
                providers: all
                quality_floor: 0.9
            """
        let table = RoutingTable(try RuleFixtures.load(routes: routes))
        let delivery = ratios([("kpn", "NL", 0, 100)], table: table)
        let plan = try #require(table.plan(RuleFixtures.request(nil, digits: "80012345678"), delivery: delivery))
        #expect(plan.candidates.map(\.provider) == ["vonage", "smscx", "kpn", "bandwidth"])
        #expect(plan.candidates.allSatisfy { $0.deliveryRatio == nil && $0.costPerDelivered == nil })
        #expect(plan.excluded.isEmpty)
        // The same table to NL: kpn's known ratio excludes it.
        let nl = try #require(table.plan(RuleFixtures.request("NL"), delivery: delivery))
        #expect(nl.excluded.map(\.provider) == ["kpn"])
    }

    // MARK: unchanged without a floor

    @Test func routesWithoutFloorAreUnchangedEvenWithRatios() throws {
        let delivery = ratios([("kpn", "FR", 0, 100), ("smscx", "FR", 10, 90), ("vonage", "FR", 100, 0),
                               ("bandwidth", "FR", 100, 0),])
        for tag in [nil, "marketing"] as [String?] {
            let with = try plan("FR", tag: tag, delivery)
            let without = try plan("FR", tag: tag, nil)
            #expect(with.route == "everything-else")
            #expect(with == without)
            #expect(with.candidates.map(\.provider) == ["smscx", "vonage", "kpn", "bandwidth"])
            #expect(with.candidates.allSatisfy { $0.deliveryRatio == nil && $0.costPerDelivered == nil })
            #expect(with.qualityFloor == nil)
        }
    }

    @Test func floorWithoutRatiosIsPlainLeastCost() throws {
        let plan = try plan("NL", nil)
        #expect(plan.candidates.map(\.provider) == ["kpn", "smscx", "vonage"])
        #expect(plan.candidates.allSatisfy { $0.deliveryRatio == nil && $0.costPerDelivered == nil })
        #expect(plan.qualityFloor == 0.5)
    }

    @Test func ratiosBuiltForAnotherTableAreIgnored() throws {
        let other = RoutingTable(try RuleFixtures.load(routes: Self.routes))
        let foreign = ratios([("kpn", "NL", 0, 100)], table: other)
        #expect(foreign.belongs(to: other))
        #expect(!foreign.belongs(to: table))
        #expect(try plan("NL", foreign) == plan("NL", nil))
    }

    // MARK: last resort

    @Test func allBelowFloorBecomeLastResortRankedByCostPerDelivered() throws {
        // fr-strict: smscx, vonage, fallback kpn, floor 0.9; everyone below it.
        let delivery = ratios([("smscx", "FR", 50, 50), ("vonage", "FR", 80, 20), ("kpn", "FR", 85, 15)])
        let plan = try plan("FR", tag: "strict", delivery)
        #expect(plan.route == "fr-strict")
        // Primaries by cost per delivered (vonage 0.1 < smscx 0.14), then the fallback.
        #expect(plan.candidates.map(\.provider) == ["vonage", "smscx", "kpn"])
        #expect(plan.candidates.allSatisfy { $0.role == .lastResort })
        #expect(plan.excluded.isEmpty)
        #expect(plan.candidates.map(\.deliveryRatio) == [0.8, 0.5, 0.85])
    }

    @Test func usableFallbackMeansNoLastResort() throws {
        let delivery = ratios([("smscx", "FR", 50, 50), ("vonage", "FR", 80, 20), ("kpn", "FR", 95, 5)])
        let plan = try plan("FR", tag: "strict", delivery)
        #expect(plan.candidates.map(\.provider) == ["kpn"])
        #expect(plan.candidates.map(\.role) == [.fallback])
        #expect(Set(plan.excluded.map(\.provider)) == ["smscx", "vonage"])
    }

    @Test func unavailableProvidersAreNeverALastResort() throws {
        var down = ProviderMask.none
        down.insert(try #require(table.index(of: "vonage")))
        let delivery = ratios([("smscx", "FR", 50, 50), ("vonage", "FR", 80, 20), ("kpn", "FR", 85, 15)])
        let plan = try plan("FR", tag: "strict", unavailable: down, delivery)
        #expect(plan.candidates.map(\.provider) == ["smscx", "kpn"])
        #expect(plan.candidates.map(\.role) == [.lastResort, .lastResort])
        #expect(plan.excluded == [.init(provider: "vonage", reason: .unavailable)])
    }

    @Test func zeroRatioRanksLastAsLastResort() throws {
        let delivery = ratios([("smscx", "FR", 0, 50), ("vonage", "FR", 10, 90), ("kpn", "FR", 0, 40)])
        let plan = try plan("FR", tag: "strict", delivery)
        #expect(plan.candidates.map(\.provider) == ["vonage", "smscx", "kpn"])
        #expect(plan.candidates[1].costPerDelivered == .infinity)
    }

    @Test func lastResortOnPriorityRouteKeepsListedOrder() throws {
        let delivery = ratios([("kpn", "DE", 10, 90), ("vonage", "DE", 70, 30), ("smscx", "DE", 79, 21)])
        let plan = try plan("DE", delivery)
        #expect(plan.candidates.map(\.provider) == ["kpn", "vonage", "smscx"])
        #expect(plan.candidates.allSatisfy { $0.role == .lastResort })
    }

    // MARK: explanation

    @Test func explanationShowsRatiosCostPerDeliveredAndTheExclusion() throws {
        let delivery = ratios([("kpn", "NL", 36, 64), ("smscx", "NL", 98, 2)])
        let message = Message(to: "+31612345678", text: "hello")
        let explanation = PlanExplanation(message: message, table: table, delivery: delivery)
        #expect(explanation.qualityFloor == 0.5)
        #expect(explanation.deliveryRatiosGiven == true)
        #expect(explanation.candidates.map(\.provider) == ["smscx", "vonage"])
        #expect(explanation.candidates.first?.deliveryRatio == 0.98)
        let text = explanation.text
        #expect(text.contains("quality_floor 0.50"))
        #expect(text.contains("delivery 0.98 → 0.06122 EUR/delivered"))
        #expect(text.contains("delivery unknown (too few receipts; no penalty)"))
        #expect(text.contains("kpn: delivery ratio 0.36 to NL is below quality_floor 0.50"))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(explanation), as: UTF8.self)
        #expect(json.contains(#""quality_floor":0.5"#))
        #expect(json.contains(#""delivery_ratio":0.98"#))
        #expect(json.contains(#""cost_per_delivered":"#))
        #expect(json.contains(#""reason":"delivery ratio 0.36 to NL is below quality_floor 0.50""#))
    }

    @Test func explanationOfLastResortAndOfMissingRatios() throws {
        let delivery = ratios([("smscx", "FR", 0, 50), ("vonage", "FR", 80, 20), ("kpn", "FR", 85, 15)])
        let message = Message(to: "+33612345678", text: "hello", tag: "strict")
        let explanation = PlanExplanation(message: message, table: table, delivery: delivery)
        #expect(explanation.error == nil)
        #expect(explanation.candidates.map(\.role) == ["last_resort", "last_resort", "last_resort"])
        // A ratio of 0 has no finite cost per delivered message: JSON leaves it out.
        #expect(explanation.candidates[1].costPerDelivered == nil)
        _ = try JSONEncoder().encode(explanation)
        #expect(explanation.text.contains("(last resort)"))
        #expect(explanation.text.contains("nothing delivered"))
        #expect(explanation.text.contains("every usable provider is below quality_floor 0.90"))

        let plain = PlanExplanation(message: message, table: table)
        #expect(plain.deliveryRatiosGiven == false)
        #expect(plain.text.contains("quality_floor 0.90 (no delivery ratios given: not applied)"))
        let noFloor = PlanExplanation(message: Message(to: "+33612345678", text: "hello"), table: table, delivery: delivery)
        #expect(noFloor.qualityFloor == nil && noFloor.deliveryRatiosGiven == nil)
        #expect(!noFloor.text.contains("quality"))
    }
}
