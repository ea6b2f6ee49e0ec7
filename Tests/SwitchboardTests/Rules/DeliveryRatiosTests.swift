import Foundation
import Testing
@testable import Switchboard

/// Building ``DeliveryRatios`` from receipt counts, and reading them from CSV.
@Suite struct DeliveryRatiosTests {
    let table: RoutingTable

    init() throws {
        table = RoutingTable(try RuleFixtures.load())
    }

    func index(_ id: ProviderID) throws -> Int {
        try #require(table.index(of: id))
    }

    @Test func ratioIsDeliveredOverFinalReceipts() throws {
        let nl = CountryCode("NL")!
        let ratios = DeliveryRatios(table: table, samples: [
            (provider: "kpn", country: nl, delivered: 90, failed: 10),
            (provider: "smscx", country: nl, delivered: 0, failed: 25),
        ])
        #expect(ratios.minSamples == 20)
        #expect(ratios.ratio(provider: try index("kpn"), country: nl) == 0.9)
        #expect(ratios.ratio(provider: try index("smscx"), country: nl) == 0)
        #expect(ratios.ratio(provider: try index("vonage"), country: nl) == nil)
        #expect(ratios.ratio(provider: try index("kpn"), country: CountryCode("DE")!) == nil)
    }

    @Test func samplesForOneProviderAndCountryAddUp() throws {
        let de = CountryCode("DE")!
        let ratios = DeliveryRatios(table: table, samples: [
            (provider: "vonage", country: de, delivered: 8, failed: 2),
            (provider: "vonage", country: de, delivered: 7, failed: 3),
        ])
        // 10 + 10 receipts: 20 reaches the default minimum; 15 delivered.
        #expect(ratios.ratio(provider: try index("vonage"), country: de) == 0.75)
    }

    @Test func minSamplesDecidesWhenARatioIsKnown() throws {
        let fr = CountryCode("FR")!
        let samples: [DeliveryRatios.Sample] = [(provider: "smscx", country: fr, delivered: 9, failed: 0)]
        let smscx = try index("smscx")
        #expect(DeliveryRatios(table: table, samples: samples).ratio(provider: smscx, country: fr) == nil)
        #expect(DeliveryRatios(table: table, samples: samples, minSamples: 9).ratio(provider: smscx, country: fr) == 1)
        #expect(DeliveryRatios(table: table, samples: samples, minSamples: 10).ratio(provider: smscx, country: fr) == nil)
        // At least 1: a provider with no receipts never has a ratio (no 0/0).
        let none = DeliveryRatios(table: table, samples: [(provider: "smscx", country: fr, delivered: 0, failed: 0)],
                                  minSamples: 0)
        #expect(none.minSamples == 1)
        #expect(none.ratio(provider: smscx, country: fr) == nil)
    }

    @Test func unknownProvidersNegativeCountsAndBadIndicesAreHarmless() throws {
        let nl = CountryCode("NL")!
        let ratios = DeliveryRatios(table: table, samples: [
            (provider: "nobody", country: nl, delivered: 100, failed: 0),
            (provider: "kpn", country: nl, delivered: -50, failed: 30),
        ])
        #expect(ratios.ratio(provider: try index("kpn"), country: nl) == 0)
        #expect(ratios.ratio(provider: -1, country: nl) == nil)
        #expect(ratios.ratio(provider: table.providerIDs.count, country: nl) == nil)
        #expect(ratios.belongs(to: table))
    }

    @Test func csvRowsWithHeaderAndComments() throws {
        let csv = """
            # receipts of the last 7 days
            provider,country,delivered,failed
            kpn, NL, 950, 50

            smscx,DE,10,0
            """
        let samples = try DeliveryRatios.samples(csv: csv, file: "delivery.csv")
        #expect(samples.count == 2)
        #expect(samples[0].provider == "kpn" && samples[0].country == CountryCode("NL") && samples[0].delivered == 950
            && samples[0].failed == 50)
        #expect(samples[1].provider == "smscx" && samples[1].delivered == 10)
        // Without a header too.
        #expect(try DeliveryRatios.samples(csv: "kpn,NL,1,2\n", file: "d.csv").count == 1)
    }

    @Test func csvProblemsAreAllReportedWithPositions() {
        let csv = """
            provider,country,sent,failed
            kpn,NL,950
            kpn,UK,1,2
            kpn,NL,many,2
            kpn,NL,-1,2
            kpn,NL,5,5
            """
        var thrown: RuleSetError?
        do { _ = try DeliveryRatios.samples(csv: csv, file: "delivery.csv") } catch { thrown = error }
        let diagnostics = thrown?.diagnostics ?? []
        #expect(diagnostics.map(\.location.line) == [1, 2, 3, 4, 5])
        #expect(diagnostics.allSatisfy { $0.location.file == "delivery.csv" && $0.hint != nil })
        #expect(diagnostics[0].message.contains("header must be provider,country,delivered,failed"))
        #expect(diagnostics[1].message.contains("has 3 columns"))
        #expect(diagnostics[2].kind == .badCountry)
        #expect(diagnostics[2].hint == "the ISO code for the United Kingdom is GB")
        #expect(diagnostics[3].message.contains("whole numbers ≥ 0"))
        #expect(diagnostics[4].message.contains("'-1'"))
    }
}
