import Foundation
import Switchboard
import Synchronization

/// Samples a running `bench e2e` on its own thread (never a Swift concurrency thread: the log
/// reads are blocking): messages logged without an attempt row yet (in flight) and requests
/// inside and queued in the transport — and, with `progress`, the log's states as `progress …`
/// lines on stdout.
final class E2EBenchSampler: Sendable {
    /// The largest values seen.
    struct Peaks: Sendable {
        /// Messages in the log with no attempt row yet (waiting for their first provider reply).
        var messagesInFlight = 0
        /// Requests in libcurl plus requests queued for a connection.
        var requests = 0
    }

    private let peaks = Mutex(Peaks())
    private let stopped = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    /// Starts sampling every `interval` seconds.
    init(log: OutcomeLog, transport: CurlTransport, since: Date, interval: Double, progress: Bool) {
        let base = (try? log.counts()) ?? [:]
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                sample(log: log, transport: transport, base: base, since: since, progress: progress)
                Thread.sleep(forTimeInterval: interval)
            }
            finished.store(true, ordering: .releasing)
        }
        thread.name = "e2e-sampler"
        thread.start()
    }

    private func sample(log: OutcomeLog, transport: CurlTransport, base: [String: Int], since: Date, progress: Bool) {
        let statistics = transport.statistics
        var inFlight = 0
        if let counts = try? log.counts() {
            let messages = (counts["messages"] ?? 0) - (base["messages"] ?? 0)
            let attempts = (counts["attempts"] ?? 0) - (base["attempts"] ?? 0)
            inFlight = max(0, messages - attempts)
        }
        peaks.withLock {
            $0.messagesInFlight = max($0.messagesInFlight, inFlight)
            $0.requests = max($0.requests, statistics.inFlight + statistics.queued)
        }
        if progress, let check = try? E2EBench.states(in: log, since: since) {
            E2EBench.emit("progress logged=\(check.messages) finished=\(check.messages - check.pending) "
                + "pending=\(check.pending) accepted=\(check.accepted)")
        }
    }

    /// Stops sampling (waits for the sample under way) and returns the peaks.
    func stop() async -> Peaks {
        stopped.store(true, ordering: .relaxed)
        while !finished.load(ordering: .acquiring) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return peaks.withLock { $0 }
    }
}
