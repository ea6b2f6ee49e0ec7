import Foundation
import SwitchboardSimulator
import Testing

/// A deterministic generator (SplitMix64) for distribution tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FaultSettingsTests {
    @Test func decodesFromControlJSONWithDefaults() throws {
        let json = #"{"error_rates": {"throttled": 0.25, "no_coverage": 0.5}, "rate_limit_per_second": 30,"#
            + #" "latency": {"shape": "lognormal", "milliseconds": 20, "upper_milliseconds": 250}}"#
        let settings = try JSONDecoder().decode(FaultSettings.self, from: Data(json.utf8))
        #expect(settings.errorRates == [.throttled: 0.25, .noCoverage: 0.5])
        #expect(settings.rateLimitPerSecond == 30)
        #expect(settings.latency == .lognormal(p50: 20, p99: 250))
        #expect(settings.hangRate == 0)
        #expect(try JSONDecoder().decode(FaultSettings.self, from: Data("{}".utf8)) == .none)
        let roundTrip = try JSONDecoder().decode(FaultSettings.self, from: JSONEncoder().encode(settings))
        #expect(roundTrip == settings)
    }

    @Test func fixedAndUniformLatencyStayInRange() {
        var rng = SplitMix64(state: 1)
        #expect(LatencyDistribution.fixed(42).sample(using: &rng) == 42)
        #expect(LatencyDistribution.none.sample(using: &rng) == 0)
        let uniform = (0..<500).map { _ in LatencyDistribution.uniform(min: 10, max: 20).sample(using: &rng) }
        #expect(uniform.allSatisfy { (10...20).contains($0) })
        #expect(Set(uniform.map { Int($0) }).count > 5)
    }

    @Test func lognormalLatencyHasTheGivenMedianAndTail() {
        var rng = SplitMix64(state: 7)
        let samples = (0..<20_000).map { _ in LatencyDistribution.lognormal(p50: 20, p99: 200).sample(using: &rng) }.sorted()
        let p50 = samples[samples.count / 2]
        let p99 = samples[samples.count * 99 / 100]
        #expect(abs(p50 - 20) < 2, "median \(p50)")
        #expect(abs(p99 - 200) < 40, "p99 \(p99)")
        #expect(samples.allSatisfy { $0 > 0 })
    }
}
