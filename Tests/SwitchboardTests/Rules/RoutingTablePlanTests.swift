import Foundation
import Testing
@testable import Switchboard

@Suite struct RoutingTablePlanTests {
    let table: RoutingTable

    init() throws {
        table = RoutingTable(try RuleFixtures.load())
    }

    @Test func priorityKeepsListedOrder() throws {
        let plan = try #require(table.plan(RuleFixtures.request("NL", tag: "otp")))
        #expect(plan.route == "otp-nl")
        #expect(plan.strategy == .priority)
        #expect(plan.candidates.map(\.provider) == ["kpn", "vonage", "smscx"])
        #expect(plan.candidates.first?.unitPrice == 0.045)
    }

    @Test func leastCostRanksByPriceAndMultipliesSegments() throws {
        // NL without the otp tag falls to everything-else (least_cost over all providers).
        let plan = try #require(table.plan(RuleFixtures.request("NL", segments: 3)))
        #expect(plan.route == "everything-else")
        #expect(plan.strategy == .leastCost)
        #expect(plan.candidates.map(\.provider) == ["kpn", "smscx", "vonage", "bandwidth"])
        let kpn = try #require(plan.candidates.first)
        #expect(abs((kpn.totalCost ?? 0) - 0.135) < 1e-9)
        #expect(plan.segments == 3)
    }

    @Test func leastCostConvertsCurrencies() throws {
        // Bandwidth's default 0.12 USD × 0.9 = 0.108 EUR, more than everyone's default for FR.
        let plan = try #require(table.plan(RuleFixtures.request("FR", digits: "33612345678")))
        #expect(plan.candidates.map(\.provider) == ["smscx", "vonage", "kpn", "bandwidth"])
        let bandwidth = try #require(plan.candidates.last)
        #expect(abs((bandwidth.unitPrice ?? 0) - 0.108) < 1e-9)
        #expect(plan.currency == "EUR")
    }

    @Test func fallbackComesAfterPrimaries() throws {
        let plan = try #require(table.plan(RuleFixtures.request("US", digits: "14155550100")))
        #expect(plan.route == "us")
        #expect(plan.candidates.map(\.provider) == ["bandwidth", "vonage"])
        #expect(plan.candidates.map(\.role) == [.primary, .fallback])
    }

    @Test(arguments: [(0.0, "vonage"), (0.79, "vonage"), (0.8, "smscx"), (0.99, "smscx")])
    func weightedDrawPicksByWeight(draw: Double, first: String) throws {
        let plan = try #require(table.plan(RuleFixtures.request("DE", digits: "4915123456789", tag: "marketing"), draw: draw))
        #expect(plan.route == "split")
        #expect(plan.candidates.first?.provider == ProviderID(first))
        #expect(plan.candidates.last?.provider == "kpn")
        #expect(plan.candidates.count == 3)
    }

    @Test func weightedSplitIsRoughlyProportional() {
        var vonage = 0
        for i in 0..<1000 {
            let plan = table.plan(RuleFixtures.request("DE", tag: "marketing"), draw: Double(i) / 1000)
            if plan?.candidates.first?.provider == "vonage" { vonage += 1 }
        }
        #expect(vonage == 800)
    }

    @Test func maxPriceExcludesWithReason() throws {
        let plan = try #require(table.plan(RuleFixtures.request("DE", digits: "4915123456789")))
        #expect(plan.route == "capped")
        #expect(plan.candidates.map(\.provider) == ["vonage"])
        let reasons = Dictionary(uniqueKeysWithValues: plan.excluded.map { ($0.provider, $0.reason) })
        #expect(reasons["smscx"] == .overMaxPrice(price: 0.08, maxPrice: 0.078))
        #expect(reasons["kpn"] == .overMaxPrice(price: 0.09, maxPrice: 0.078))
    }

    @Test func channelAndHealthExclusions() throws {
        let viber = try #require(table.plan(RuleFixtures.request("FR", channel: .viber)))
        #expect(viber.candidates.map(\.provider) == ["smscx"])
        #expect(viber.excluded.contains { $0.provider == "kpn" && $0.reason == .channelNotOffered(.viber) })

        var down = ProviderMask.none
        down.insert(try #require(table.index(of: "kpn")))
        let plan = try #require(table.plan(RuleFixtures.request("NL", tag: "otp"), unavailable: down))
        #expect(plan.candidates.map(\.provider) == ["vonage", "smscx"])
        #expect(plan.excluded == [.init(provider: "kpn", reason: .unavailable)])
    }

    @Test func leastCostExcludesProvidersWithoutPrice() throws {
        let providers = RuleFixtures.providers.replacingOccurrences(
            of: "prices: { currency: EUR, default: 0.09, countries: { NL: 0.045 } }",
            with: "prices: { currency: EUR, countries: { NL: 0.045, DE: 0.09 } }")
        let table = RoutingTable(try RuleFixtures.load(providers: providers))
        let plan = try #require(table.plan(RuleFixtures.request("FR")))
        #expect(plan.excluded.contains { $0.provider == "kpn" && $0.reason == .noPrice(country: CountryCode("FR")) })
    }

    @Test func numbersWithoutCountryUseCatchAll() throws {
        let plan = try #require(table.plan(RuleFixtures.request(nil, digits: "80012345678")))
        #expect(plan.route == "everything-else")
        #expect(plan.candidates.isEmpty)
        #expect(plan.excluded.count == 4)
    }

    @Test func timeWindowRoutesMatchOnlyInsideTheWindow() throws {
        let routes = """
            exchange_rates: { USD: 0.9 }
            routes:
              - name: night
                when: { country: NL, time: "22:00-06:00", timezone: Europe/Amsterdam, days: mon-fri }
                providers: [kpn]
              - name: everything-else
                providers: all
            """
        let table = RoutingTable(try RuleFixtures.load(routes: routes))
        func route(_ iso: String) -> String? {
            var request = RuleFixtures.request("NL")
            request.date = ISO8601DateFormatter().date(from: iso)!
            return table.plan(request)?.route
        }
        #expect(route("2026-03-02T22:30:00Z") == "night")  // Monday 23:30 in Amsterdam
        #expect(route("2026-03-03T04:00:00Z") == "night")  // Tuesday 05:00, the Monday night window
        #expect(route("2026-03-02T12:00:00Z") == "everything-else")  // Monday noon
        #expect(route("2026-03-07T22:30:00Z") == "everything-else")  // Saturday night
    }

    @Test func prefixConditionsMatchNumberStarts() throws {
        let routes = """
            exchange_rates: { USD: 0.9 }
            routes:
              - name: nl-mobile
                when: { prefix: ["+31 6", "+3197"] }
                providers: [kpn]
              - name: everything-else
                providers: all
            """
        let table = RoutingTable(try RuleFixtures.load(routes: routes))
        #expect(table.plan(RuleFixtures.request("NL", digits: "31612345678"))?.route == "nl-mobile")
        #expect(table.plan(RuleFixtures.request("NL", digits: "319712345678"))?.route == "nl-mobile")
        #expect(table.plan(RuleFixtures.request("NL", digits: "31201234567"))?.route == "everything-else")
    }
}
