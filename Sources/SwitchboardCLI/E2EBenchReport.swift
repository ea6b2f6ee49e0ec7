import Foundation

/// What one `switchboard bench e2e` run measured (printed as text, or JSON with `--json`).
struct E2EBenchReport: Codable, Sendable {
    /// The messages' states in the outcome log after the run.
    struct LogCheck: Codable, Sendable {
        var messages = 0
        var accepted = 0
        var partial = 0
        var failed = 0
        var unknown = 0
        var pending = 0
        /// messages sent − rows in the log + rows still pending: must be 0.
        var lost = 0
    }

    /// CPU of one group of threads (by thread name).
    struct ThreadGroup: Codable, Sendable {
        var name: String
        var threads: Int
        var cpuMicrosPerMessage: Double
        var share: Double
    }

    var messages: Int
    var batch: Int
    var concurrency: Int
    var latencyMilliseconds: Double
    var inFlightMode: Bool
    var connectionsPerHost: Int
    var sameText: Bool
    var simulator: String
    var elapsedSeconds: Double
    var messagesPerSecond: Double
    var cpuMicrosPerMessage: Double
    var userMicrosPerMessage: Double
    var systemMicrosPerMessage: Double
    /// CPU seconds per wall-clock second (2 = both cores busy on this machine).
    var coresBusy: Double
    var routingOverheadP50Micros: Double?
    var routingOverheadP99Micros: Double?
    var routingOverheadMeanMicros: Double?
    /// Messages sent one at a time (send(_:)) before the timed batches; in the log check, not in the rates.
    var sequential: Int
    var sequentialOverheadP50Micros: Double?
    var sequentialOverheadP99Micros: Double?
    var logRowsWritten: Int
    /// Rows over the run's wall time: what the router offered the log, not what the log can take.
    var logRowsPerSecond: Double
    /// Rows over the writer's time in transactions: what the log takes while it has work.
    var logRowsPerCommitSecond: Double?
    /// Seconds the writer spent committing during the run.
    var logCommitSeconds: Double
    var peakRSSKiB: Int
    /// `--in-flight`: the moment every message was in the router at once.
    var held: E2EBenchHold.Sample?
    /// Most messages seen logged without an attempt row yet, i.e. waiting for their first
    /// provider reply (sampled every --progress-interval; a lower bound).
    var peakMessagesInFlight: Int
    /// Most HTTP requests seen inside libcurl plus queued for a connection (sampled).
    var peakRequests: Int
    var accepted: Int
    var failures: [String: Int]
    /// The first failure of each kind, as text.
    var failureExamples: [String: String]
    var acceptedByProvider: [String: Int]
    var log: LogCheck
    var threads: [ThreadGroup]?

    /// The human-readable form, with the DESIGN §9 budgets.
    var text: String {
        func f(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }
        func ok(_ good: Bool) -> String { good ? "OK" : "OVER BUDGET" }
        var lines: [String] = []
        lines.append("e2e: \(messages) messages, send(batch:) of \(batch), concurrency \(concurrency), "
            + "simulator latency \(f(latencyMilliseconds)) ms, \(connectionsPerHost) connections/host, simulator \(simulator)"
            + (inFlightMode ? " [in-flight mode]" : "") + (sameText ? " [same text]" : " [personalised texts]"))
        lines.append("  elapsed:            \(f(elapsedSeconds, 2)) s")
        let notThroughput = "(in-flight mode measures memory, not throughput)"
        lines.append("  messages/s:         \(f(messagesPerSecond))  — "
            + (inFlightMode ? notThroughput : "budget ≥ 10,000/s: \(ok(messagesPerSecond >= 10_000))"))
        lines.append("  CPU µs/message:     \(f(cpuMicrosPerMessage, 1)) (user \(f(userMicrosPerMessage, 1)), sys \(f(systemMicrosPerMessage, 1)); "
            + "\(f(coresBusy, 2)) cores busy)")
        if let p50 = routingOverheadP50Micros, let p99 = routingOverheadP99Micros {
            lines.append("  routing overhead:   p50 \(f(p50, 1)) µs, p99 \(f(p99, 1)) µs, mean \(f(routingOverheadMeanMicros ?? 0, 1)) µs "
                + "(in the batches, from dispatch: not the wait for a dispatch slot)")
        }
        if let p50 = sequentialOverheadP50Micros, let p99 = sequentialOverheadP99Micros {
            lines.append("  routing overhead:   p50 \(f(p50, 1)) µs, p99 \(f(p99, 1)) µs (\(sequential) warm-up messages sent one at a time, not in the rates)")
        }
        var logLine = "  outcome-log rows/s: \(f(logRowsPerSecond)) over the run (\(logRowsWritten) rows: as fast as the router sent them)"
        if let capacity = logRowsPerCommitSecond {
            logLine += "; \(f(capacity)) while committing (writer busy \(f(logCommitSeconds, 2)) s, "
                + "\(f(100 * logCommitSeconds / max(elapsedSeconds, 1e-9))) % of the run)"
            if !inFlightMode { logLine += "  — budget ≥ 100,000/s: \(ok(capacity >= 100_000))" }
        }
        lines.append(logLine)
        let mib = Double(peakRSSKiB) / 1024
        if let held {
            lines.append("  all in flight:      \(held.messagesInFlight) of \(messages) messages logged pending at once after "
                + "\(f(held.secondsToAllInFlight, 2)) s, \(held.requestsInFlight) HTTP requests outstanding"
                + (held.sendsHeld.map { ", \($0) sends held at the simulator" } ?? "")
                + (held.timedOut ? " (gave up waiting for all of them)" : "")
                + "; RSS then \(f(Double(held.rssKiB) / 1024, 1)) MiB")
        }
        var memory = "  peak RSS:           \(f(mib, 1)) MiB"
        memory += " (sampled peaks: \(peakMessagesInFlight) messages in flight, \(peakRequests) HTTP requests in flight or queued)"
        if inFlightMode {
            let allInFlight = (held?.messagesInFlight ?? 0) >= 100_000
            memory += allInFlight
                ? "  — budget < 500 MB with 100,000 in flight: \(ok(Double(peakRSSKiB) * 1024 < 500e6))"
                : "  — the budget is for 100,000 in flight (--messages 100000)"
        }
        lines.append(memory)
        lines.append("  accepted:           \(accepted) of the batches — " + acceptedByProvider.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if !failures.isEmpty {
            lines.append("  failed:             " + failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            for (kind, example) in failureExamples.sorted(by: { $0.key < $1.key }) {
                lines.append("    e.g. \(kind): \(example.prefix(300))")
            }
        }
        lines.append("  log:                \(log.messages) messages: accepted \(log.accepted), partial \(log.partial), failed \(log.failed), "
            + "unknown \(log.unknown), pending \(log.pending)")
        lines.append("  lost: \(log.lost)")
        if let threads, !threads.isEmpty {
            lines.append("  CPU by thread (µs/message):")
            for group in threads {
                lines.append("    \(group.name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(f(group.cpuMicrosPerMessage, 1).leftPadded(7))"
                    + "  \(f(group.share * 100, 1).leftPadded(5)) %  (\(group.threads) thread\(group.threads == 1 ? "" : "s"))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Pretty JSON with sorted keys.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension String {
    /// Pads on the left to `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
