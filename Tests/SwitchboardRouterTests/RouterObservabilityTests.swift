import Foundation
import Logging
import Metrics
import MetricsTestKit
import Switchboard
import Synchronization
import Testing

/// Metrics through swift-metrics, logs through swift-log, and no secret in either or in SQLite.
@Suite struct RouterObservabilityTests {
    /// The process-wide test metrics backend (swift-metrics bootstraps once per process).
    static let metrics: TestMetrics = {
        let metrics = TestMetrics()
        MetricsSystem.bootstrap(metrics)
        return metrics
    }()

    static let routes = """
        defaults: { strategy: least_cost, max_attempts: 3 }
        routes:
          - name: everything
            providers: [kpn, smscx, vonage]
        """

    @Test func attemptsAndOutcomesAreCounted() async throws {
        let metrics = Self.metrics
        func count(_ provider: String, _ outcome: String) -> Int64 {
            (try? metrics.expectCounter("switchboard_attempts_total", [("provider", provider), ("outcome", outcome)]))?.totalValue ?? 0
        }
        let unavailableBefore = count("kpn", "unavailable")
        let acceptedBefore = count("smscx", "accepted")
        var options = RouterOptions()
        options.activeProbes = false
        try await withRouter(routes: Self.routes, options: options) { h in
            try await h.simulator.setOutage(true, for: "kpn")
            for i in 0..<2 {
                _ = try await h.router.send(Message(to: "+31 6 1234 567\(i)", text: "hello", from: "Switchboard"))
            }
        }
        #expect(count("kpn", "unavailable") >= unavailableBefore + 2)
        #expect(count("smscx", "accepted") >= acceptedBefore + 2)
        let latency = try metrics.expectTimer("switchboard_provider_latency_seconds", [("provider", "smscx")])
        #expect(!latency.values.isEmpty)
    }
}
