import Foundation
import Testing
@testable import Switchboard

@Suite struct OutcomeLogReportTests {
    /// 2026-01-01T00:00:00Z and the next day, in seconds.
    static let day1 = 1_767_225_600.0
    static let day2 = day1 + 86_400

    static func id(_ seconds: Double, _ sequence: Int64 = 0) -> MessageID {
        MessageID(milliseconds: Int64((seconds * 1000).rounded()), sequence: sequence)
    }

    static func attempt(_ provider: String, _ outcome: String, _ start: Double, _ finish: Double) -> LogFixture.Attempt {
        LogFixture.Attempt(provider: provider, outcome: outcome, start: start, finish: finish)
    }

    /// A hand-built data set whose report numbers are worked out by hand in the tests.
    static let fixtures: [LogFixture] = {
        let t1 = day1 + 3600, t2 = day2 + 7200
        var f: [LogFixture] = [
            // m1: kpn NL, accepted first time in 0.2 s, delivered.
            LogFixture(id: id(t1), state: "accepted", provider: "kpn", receipt: "delivered", cost: 0.05, currency: "EUR",
                       attempts: [attempt("kpn", "accepted", t1, t1 + 0.2)]),
            // m2: fell back from vonage to kpn: 1.0 s from the first start to the acceptance; delivery failed.
            LogFixture(id: id(t1 + 10), state: "accepted", provider: "kpn", receipt: "failed", cost: 0.05, currency: "EUR",
                       attempts: [attempt("vonage", "unavailable", t1 + 10, t1 + 10.5),
                                  attempt("kpn", "accepted", t1 + 10.5, t1 + 11)]),
            // m3: kpn DE, 0.4 s, no receipt yet.
            LogFixture(id: id(t1 + 20), recipient: "+4915112345678", country: "DE", state: "accepted", provider: "kpn",
                       cost: 0.07, currency: "EUR", attempts: [attempt("kpn", "accepted", t1 + 20, t1 + 20.4)]),
            // m4: vonage NL, 0.3 s, delivered.
            LogFixture(id: id(t1 + 30), state: "accepted", provider: "vonage", receipt: "delivered", cost: 0.06,
                       currency: "EUR", attempts: [attempt("vonage", "accepted", t1 + 30, t1 + 30.3)]),
            // m5: rejected everywhere.
            LogFixture(id: id(t1 + 40), state: "failed", provider: nil,
                       attempts: [attempt("kpn", "rejected", t1 + 40, t1 + 40.1)]),
            // m6: ambiguous.
            LogFixture(id: id(t1 + 50), country: "DE", state: "unknown", provider: nil,
                       attempts: [attempt("kpn", "ambiguous", t1 + 50, t1 + 55)]),
            // m7 (day 2): vonage DE, 2 s, paid in USD, delivered.
            LogFixture(id: id(t2), recipient: "+4915112345678", country: "DE", state: "accepted", provider: "vonage",
                       receipt: "delivered", cost: 0.08, currency: "USD", attempts: [attempt("vonage", "accepted", t2, t2 + 2)]),
            // m8 (day 2): still in flight.
            LogFixture(id: id(t2 + 10), state: "pending", provider: nil, attempts: []),
            // m9 (day 2): kpn, partly accepted.
            LogFixture(id: id(t2 + 20), state: "partial", provider: "kpn", cost: 0.05, currency: "EUR",
                       attempts: [attempt("kpn", "accepted", t2 + 20, t2 + 20.1)]),
        ]
        // 100 smscx FR messages on day 1 with send latencies 0.01 s, 0.02 s, … 1.00 s (shuffled in time).
        for i in 0..<100 {
            let start = day1 + 7200 + Double((i * 37) % 100)
            f.append(LogFixture(id: id(start, Int64(i)), recipient: "+33612345678", country: "FR", state: "accepted",
                                provider: "smscx", cost: 0.01, currency: "EUR",
                                attempts: [attempt("smscx", "accepted", start, start + Double(i + 1) / 100)]))
        }
        return f
    }()

    static func filledLog() async throws -> TemporaryLog {
        let t = try TemporaryLog()
        try await t.log.write(fixtures.flatMap(\.writes))
        return t
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) < 1e-6
    }

    @Test func byProvider() async throws {
        let t = try await Self.filledLog()
        defer { t.remove() }
        let rows = try t.log.report(since: nil, until: nil, by: .provider)
        #expect(rows.map(\.provider) == ["kpn", "smscx", "vonage", nil])

        let kpn = rows[0]
        #expect(kpn.messages == 4 && kpn.accepted == 3 && kpn.partial == 1 && kpn.failed == 0)
        #expect(kpn.delivered == 1 && kpn.deliveryFailed == 1 && kpn.deliveryRatio == 0.5)
        #expect(Self.close(kpn.cost, 0.22) && kpn.currency == "EUR")
        #expect(kpn.fallbacks == 1)
        // Accepted kpn latencies: 0.2, 1.0 (from the vonage attempt's start), 0.4 → p50 0.4, p99 1.0.
        #expect(Self.close(kpn.p50SendLatency, 0.4) && Self.close(kpn.p99SendLatency, 1.0))

        let smscx = rows[1]
        #expect(smscx.messages == 100 && smscx.accepted == 100 && smscx.fallbacks == 0)
        #expect(smscx.delivered == 0 && smscx.deliveryFailed == 0 && smscx.deliveryRatio == nil)
        #expect(Self.close(smscx.cost, 1.0) && smscx.currency == "EUR")
        #expect(Self.close(smscx.p50SendLatency, 0.50) && Self.close(smscx.p99SendLatency, 0.99))

        let vonage = rows[2]
        #expect(vonage.messages == 2 && vonage.accepted == 2 && vonage.delivered == 2 && vonage.deliveryRatio == 1)
        #expect(vonage.cost == nil && vonage.currency == nil, "mixed currencies have no single total")
        #expect(Self.close(vonage.costs["EUR"], 0.06) && Self.close(vonage.costs["USD"], 0.08))
        #expect(Self.close(vonage.p50SendLatency, 0.3) && Self.close(vonage.p99SendLatency, 2.0))

        let none = rows[3]
        #expect(none.messages == 3 && none.failed == 1 && none.unknown == 1 && none.pending == 1 && none.accepted == 0)
        #expect(none.cost == 0 && none.currency == nil && none.p50SendLatency == nil && none.deliveryRatio == nil)
    }

    @Test func byDayInUTC() async throws {
        let t = try await Self.filledLog()
        defer { t.remove() }
        let rows = try t.log.report(since: nil, until: nil, by: .day)
        #expect(rows.map(\.day) == ["2026-01-01", "2026-01-02"])
        #expect(rows.map(\.messages) == [106, 3])
        #expect(rows.map(\.accepted) == [104, 1])
        #expect(rows[0].delivered == 2 && rows[0].deliveryFailed == 1)
        #expect(rows[1].cost == nil && Self.close(rows[1].costs["USD"], 0.08) && Self.close(rows[1].costs["EUR"], 0.05))
    }

    @Test func byCountryAndProviderCountry() async throws {
        let t = try await Self.filledLog()
        defer { t.remove() }
        let countries = try t.log.report(since: nil, until: nil, by: .country)
        #expect(countries.map(\.country) == ["DE", "FR", "NL"])
        #expect(countries.map(\.messages) == [3, 100, 6])
        #expect(countries[0].delivered == 1 && countries[0].deliveryRatio == 1)
        #expect(countries[2].delivered == 2 && countries[2].deliveryFailed == 1)
        let pairs = try t.log.report(since: nil, until: nil, by: .providerCountry)
        #expect(pairs.map { "\($0.provider ?? "-")/\($0.country ?? "-")" }
            == ["kpn/DE", "kpn/NL", "smscx/FR", "vonage/DE", "vonage/NL", "-/DE", "-/NL"])
        #expect(pairs.map(\.messages) == [1, 3, 100, 1, 1, 1, 2])
        #expect(pairs[1].fallbacks == 1 && pairs[1].deliveryRatio == 0.5)
    }

    @Test func byProviderAndDay() async throws {
        let t = try await Self.filledLog()
        defer { t.remove() }
        let rows = try t.log.report(since: nil, until: nil, by: .providerDay)
        #expect(rows.map { "\($0.day ?? "-") \($0.provider ?? "-")" } == [
            "2026-01-01 kpn", "2026-01-01 smscx", "2026-01-01 vonage", "2026-01-01 -",
            "2026-01-02 kpn", "2026-01-02 vonage", "2026-01-02 -",
        ])
        #expect(rows.allSatisfy { $0.country == nil })
        #expect(rows.map(\.messages) == [3, 100, 1, 2, 1, 1, 1])
        #expect(Self.close(rows[0].cost, 0.17) && rows[0].fallbacks == 1 && rows[0].deliveryRatio == 0.5)
        #expect(Self.close(rows[1].cost, 1.0) && Self.close(rows[1].p99SendLatency, 0.99))
        #expect(rows[5].cost == 0.08 && rows[5].currency == "USD")
        #expect(rows[4].partial == 1 && rows[6].pending == 1)
    }

    @Test func timeRangeReadsOnlyThatRange() async throws {
        let t = try await Self.filledLog()
        defer { t.remove() }
        let day2 = Date(timeIntervalSince1970: Self.day2)
        let rows = try t.log.report(since: day2, until: nil, by: .provider)
        #expect(rows.map(\.provider) == ["kpn", "vonage", nil])
        #expect(rows.map(\.messages) == [1, 1, 1])
        #expect(rows[0].partial == 1 && rows[0].p50SendLatency == nil, "latency is of accepted messages")
        let day1 = try t.log.report(since: nil, until: day2, by: .provider)
        #expect(day1.map(\.messages) == [3, 100, 1, 2])
        #expect(try t.log.report(since: day2 + 86_400, until: nil, by: .day).isEmpty)
    }

    @Test func deliveryStatsCountFinalReceiptsPerProviderAndCountry() async throws {
        let t = try await Self.filledLog()
        defer { t.remove() }
        #expect(try t.log.deliveryStats(since: nil) == [
            DeliveryStat(provider: "kpn", country: "NL", delivered: 1, failed: 1),
            DeliveryStat(provider: "vonage", country: "DE", delivered: 1, failed: 0),
            DeliveryStat(provider: "vonage", country: "NL", delivered: 1, failed: 0),
        ])
        #expect(try t.log.deliveryStats(since: Date(timeIntervalSince1970: Self.day2)) == [
            DeliveryStat(provider: "vonage", country: "DE", delivered: 1, failed: 0),
        ])
    }

    @Test(arguments: [
        (50.0, [Double](), nil), (50, [7], 7), (99, [7], 7), (50, [1, 2], 1), (99, [1, 2], 2), (50, [1, 2, 3], 2),
        (50, [1, 2, 3, 4], 2), (99, Array(1...100).map(Double.init), 99), (99, Array(1...101).map(Double.init), 100),
        (50, Array(1...100).map(Double.init), 50), (100, [1, 2, 3], 3), (0, [1, 2, 3], 1),
    ] as [(Double, [Double], Double?)])
    func nearestRankPercentile(p: Double, values: [Double], expected: Double?) {
        #expect(ReportRow.percentile(p, ofSorted: values) == expected)
    }
}
