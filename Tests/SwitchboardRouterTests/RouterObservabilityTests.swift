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

    @Test func secretsNeverReachLogsErrorsOrTheOutcomeLog() async throws {
        let capture = CapturedLog()
        var options = RouterOptions()
        options.activeProbes = false
        var logger = Logger(label: "switchboard.router.secrets") { _ in capture }
        logger.logLevel = .trace
        options.logger = logger
        let secrets = ["simsecret01", "sim-kpn-secret", "s-simulator", "t-simulator", "sim-smscx-key", "simkey01"]
        var errors: [String] = []
        let harness = try await RouterHarness.start(routes: Self.routes, options: options)
        let logPath = harness.logPath
        let h = harness
        h.simulator.failNext(.accountProblem, for: "kpn")
        h.simulator.failNext(.expiredToken, for: "smscx")
        _ = try? await h.router.send(Message(to: "+31 6 1234 5670", text: "one", from: "Switchboard"))
        try await h.simulator.setOutage(true, for: "vonage")
        do throws(SendFailure) {
            _ = try await h.router.send(Message(to: "+31 6 1234 5671", text: "two", from: "Switchboard"))
        } catch {
            errors.append(error.description)
        }
        _ = await h.router.probeAll()
        // Read the database files before the harness removes its directory.
        await harness.router.shutdown()
        var stored = Data()
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: logPath + suffix) { stored.append(data) }
        }
        await harness.stop()
        #expect(!capture.lines.isEmpty)
        for secret in secrets {
            #expect(!capture.lines.contains { $0.contains(secret) }, "log line contains \(secret)")
            #expect(!errors.contains { $0.contains(secret) }, "error text contains \(secret)")
            #expect(stored.range(of: Data(secret.utf8)) == nil, "SQLite contains \(secret)")
        }
    }
}

/// Collects every log line (message and metadata) for inspection.
final class CapturedLog: LogHandler, Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let line = "\(event.level) \(event.message) \(event.metadata ?? [:])"
        storage.withLock { $0.append(line) }
    }
}
