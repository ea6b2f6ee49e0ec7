import Foundation
import Switchboard
import SwitchboardTestSupport
import Testing

/// Receipts feed per provider × country delivery ratios; `quality_floor` routes use them.
@Suite struct RouterDeliveryQualityTests {
    /// NL needs a delivery ratio of at least 0.8; KPN is cheaper there than SMS.CX.
    static let routes = """
        defaults: { strategy: least_cost }
        routes:
          - name: nl-quality
            when: { country: NL }
            quality_floor: 0.8
            providers: [kpn, smscx]
          - name: everything
            providers: all
        """

    /// Options with the receipts' callback URL set and no active probes.
    static func options() -> RouterOptions {
        var options = RouterOptions()
        options.callbackBaseURL = "http://127.0.0.1:9"
        options.activeProbes = false
        return options
    }

    @Test func aProviderThatStopsDeliveringFallsBelowTheFloor() async throws {
        let options = Self.options()
        try await withRouter(routes: Self.routes, options: options) { h in
            h.simulator.context(for: "kpn").setDeliveredRatio(0)
            for i in 0..<25 {
                let r = try await h.router.send(Message(to: "+31 6 1000 \(String(format: "%04d", i))", text: "code \(i)", from: "Switchboard"))
                #expect(r.provider == "kpn")
            }
            for request in h.takeCallbacks("kpn") {
                try await h.router.handleWebhook(provider: "kpn", request: request)
            }
            let failed = try h.router.report(by: .provider).first { $0.provider == "kpn" }?.deliveryFailed
            #expect(failed == 25)
            try h.router.refreshDeliveryStats()
            let next = try await h.router.send(Message(to: "+31 6 1000 9999", text: "code", from: "Switchboard"))
            #expect(next.provider == "smscx")
            #expect(next.trace.excluded.contains { $0.provider == "kpn" && $0.reason.contains("quality_floor") })
        }
    }

    /// The periodic refresh runs without active probes: receipts change the ranking on their own
    /// (no `refreshDeliveryStats()` call), within a few `deliveryStatsRefresh` intervals.
    @Test func ratiosRefreshPeriodicallyWithoutActiveProbes() async throws {
        var options = Self.options()
        options.deliveryStatsRefresh = .milliseconds(100)
        try await withRouter(routes: Self.routes, options: options) { h in
            h.simulator.context(for: "kpn").setDeliveredRatio(0)
            for i in 0..<25 {
                let r = try await h.router.send(Message(to: "+31 6 2000 \(String(format: "%04d", i))", text: "code \(i)", from: "Switchboard"))
                #expect(r.provider == "kpn")
            }
            let probe = Message(to: "+31 6 2000 9999", text: "code", from: "Switchboard")
            #expect(try h.router.estimate(probe).provider == "kpn")
            for request in h.takeCallbacks("kpn") {
                try await h.router.handleWebhook(provider: "kpn", request: request)
            }
            let moved = await eventually { (try? h.router.estimate(probe).provider) == "smscx" }
            #expect(moved, "the ranking did not change: delivery ratios were not refreshed in the background")
            let next = try await h.router.send(probe)
            #expect(next.provider == "smscx")
            #expect(next.trace.excluded.contains { $0.provider == "kpn" && $0.reason.contains("quality_floor") })
        }
    }
}
