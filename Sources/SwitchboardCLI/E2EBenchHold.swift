import ArgumentParser
import Foundation
import Logging
import Switchboard
import SwitchboardSimulator

/// `bench e2e --in-flight`: the simulator holds every send unanswered until the whole batch is
/// in the router at once — all logged `pending`, `--concurrency` of them at a provider — and
/// the memory is read at that moment; then the sends are answered and the batch drains.
final class E2EBenchHold: Sendable {
    /// What was seen when every message was in flight (or when the wait gave up).
    struct Sample: Codable, Sendable {
        /// Messages logged with no attempt row yet.
        var messagesInFlight: Int
        /// Sends the simulator was holding (in-process simulator only).
        var sendsHeld: Int?
        /// HTTP requests in the router's transport (in libcurl or queued for a connection).
        var requestsInFlight: Int
        /// Resident set size at that moment, KiB.
        var rssKiB: Int
        /// Seconds from the batch's start until every message was in flight.
        var secondsToAllInFlight: Double
        /// The wait gave up before every message was in flight.
        var timedOut: Bool
    }

    private let simulator: ProviderSimulator?
    private let controlPort: Int?
    private let kinds: [String]

    init(simulator: ProviderSimulator?, controlPort: Int?, kinds: [String]) {
        self.simulator = simulator
        self.controlPort = controlPort
        self.kinds = kinds
    }

    /// Holds (`true`) or answers (`false`) every provider's sends.
    func hold(_ on: Bool) async throws {
        if let simulator {
            for kind in kinds {
                if on { simulator.holdSends(for: kind) } else { simulator.releaseSends(for: kind) }
            }
            return
        }
        guard let controlPort else { return }
        var quiet = Logger(label: "switchboard.bench")
        quiet.logLevel = .critical
        let problem = await SimulatorControlClient.post(
            controlPort: controlPort, kinds.map { (path: "/control/\($0)/hold?on=\(on)", body: []) }, logger: quiet)
        if let problem { throw ValidationError(problem) }
    }

    /// Polls the log (on a thread of its own: the reads block) until `target` messages since
    /// `base` are logged, none has an attempt yet and the transport's requests have stopped
    /// growing for `settle` seconds (every dispatch slot is waiting for a held answer), or
    /// until `timeout` passes.
    func waitForAllInFlight(
        log: OutcomeLog, transport: CurlTransport, base: [String: Int], target: Int,
        settle: Double = 0.25, timeout: Double
    ) async -> Sample {
        let simulator = self.simulator
        let kinds = self.kinds
        let started = Date()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Sample, Never>) in
            let thread = Thread {
                var requests = -1
                var steadySince = Date()
                while true {
                    let counts = (try? log.counts()) ?? [:]
                    let messages = (counts["messages"] ?? 0) - (base["messages"] ?? 0)
                    let attempts = (counts["attempts"] ?? 0) - (base["attempts"] ?? 0)
                    let inFlight = max(0, messages - attempts)
                    let statistics = transport.statistics
                    let now = Date()
                    if statistics.inFlight + statistics.queued != requests {
                        requests = statistics.inFlight + statistics.queued
                        steadySince = now
                    }
                    let waited = now.timeIntervalSince(started)
                    let settled = inFlight >= target && requests > 0 && now.timeIntervalSince(steadySince) >= settle
                    if settled || waited >= timeout {
                        let held = simulator.map { simulator in kinds.reduce(0) { $0 + simulator.heldSends(for: $1) } }
                        continuation.resume(
                            returning: Sample(
                                messagesInFlight: inFlight, sendsHeld: held, requestsInFlight: requests,
                                rssKiB: ProcessUsage.currentRSSKiB(), secondsToAllInFlight: waited, timedOut: !settled))
                        return
                    }
                    Thread.sleep(forTimeInterval: 0.01)
                }
            }
            thread.name = "e2e-hold"
            thread.start()
        }
    }
}
