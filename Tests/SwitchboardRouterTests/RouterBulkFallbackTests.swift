import Foundation
import Logging
import Switchboard
import SwitchboardSimulator
import SwitchboardTestSupport
import Synchronization
import Testing

/// What `send(batch:)` does when a bulk request fails: the messages fall back one by one within
/// the batch's dispatch slots, and the provider's health sees one failure per request.
@Suite struct RouterBulkFallbackTests {
    static let routes = """
        defaults: { strategy: least_cost, max_attempts: 2 }
        routes:
          - name: everything
            providers: [bandwidth, vonage]
        """

    static func usMessages(_ count: Int) -> [Message] {
        (0..<count).map { Message(to: "+1 202 555 \(String(format: "%04d", $0))", text: "Your code is \($0)", from: "+12025550100") }
    }

    @Test func aFailedBulkRequestIsOneBreakerFailureNotOnePerMessage() async throws {
        var options = RouterOptions()
        options.batchConcurrency = 1   // the second bulk request starts after the first has failed
        options.activeProbes = false
        options.breaker = BreakerPolicy(consecutiveFailures: 3, cooldown: 60)
        try await withRouter(routes: Self.routes, options: options) { h in
            h.simulator.failNext(.serverError, count: 1, for: "bandwidth")
            let results = await h.router.send(batch: Self.usMessages(100))
            let accepted = results.compactMap { try? $0.get() }
            #expect(accepted.count == 100)
            // Bandwidth takes 50 per request: the first request failed (its 50 fell back to
            // Vonage), the second went to Bandwidth because one failed request is one failure.
            #expect(accepted.filter { $0.provider == "vonage" }.count == 50)
            #expect(accepted.filter { $0.provider == "bandwidth" }.count == 50)
            #expect(h.simulator.receivedSends(for: "bandwidth") == 2)
            let bandwidth = h.router.providerHealth.first { $0.provider == "bandwidth" }
            #expect(bandwidth?.breaker == "closed")
            // The fallbacks' traces show the bulk attempt, then Vonage.
            let fellBack = try #require(accepted.first { $0.provider == "vonage" })
            #expect(fellBack.attempts.map(\.provider) == ["bandwidth", "vonage"])
            #expect(fellBack.attempts.first?.outcome == .unavailable)
        }
    }

    @Test func fallbacksOfFailedBulkRequestsStayWithinBatchConcurrency() async throws {
        var quiet = Logger(label: "switchboard.test")
        quiet.logLevel = .critical
        let transport = try CurlTransport(configuration: CurlTransport.Configuration(maxConnectionsPerHost: 64, logger: quiet))
        var options = RouterOptions()
        options.batchConcurrency = 4
        options.activeProbes = false
        options.transport = transport
        // The breaker never opens here, so every bulk request fails and falls back.
        options.breaker = BreakerPolicy(consecutiveFailures: 1000, minimumRequests: 1000, cooldown: 60)
        try await withRouter(routes: Self.routes, options: options) { h in
            h.simulator.setFaults(FaultSettings(errorRates: [.serverError: 1]), for: "bandwidth")
            h.simulator.setFaults(FaultSettings(latency: .fixed(5)), for: "vonage")
            let peak = Atomic<Int>(0)
            let done = Atomic<Bool>(false)
            let sampler = Thread {
                while !done.load(ordering: .relaxed) {
                    let statistics = transport.statistics
                    let now = statistics.inFlight + statistics.queued
                    if now > peak.load(ordering: .relaxed) { peak.store(now, ordering: .relaxed) }
                    usleep(200)
                }
            }
            sampler.start()
            let results = await h.router.send(batch: Self.usMessages(200))
            done.store(true, ordering: .relaxed)
            #expect(results.allSatisfy { (try? $0.get().provider) == "vonage" })
            #expect(h.simulator.receivedSends(for: "bandwidth") == 4)   // 200 in requests of 50
            // Each failed bulk request left 50 messages to fall back: they went on in the
            // batch's 4 slots, not 50 at a time per request.
            #expect(peak.load(ordering: .relaxed) <= 4)
            #expect(peak.load(ordering: .relaxed) >= 1)
        }
        await transport.shutdown()
    }
}
