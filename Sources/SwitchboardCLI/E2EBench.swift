import ArgumentParser
import Foundation
import Logging
import Switchboard
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardSimulator
import SwitchboardVonage

/// `switchboard bench e2e`: messages through the whole router to the simulator, every outcome
/// in SQLite (DESIGN §9: ≥ 10,000 messages/s, ≥ 100,000 log rows/s, < 500 MB with 100,000 in flight).
struct E2EBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Messages/s end to end through the router to the simulator, every outcome in SQLite (budget ≥ 10,000/s).",
        discussion: """
            Generates a rules directory (the four providers on the simulator, no rate limits, least_cost over a \
            country mix in which every provider wins some countries) and sends the messages with \
            MessageRouter.send(batch:), one batch after another. Reports messages/s, CPU µs per message \
            (getrusage, the whole process — including the in-process simulator unless --simulator-port points \
            at a separate `switchboard simulator`), p50/p99 routing overhead, outcome-log rows/s, peak RSS, \
            per-provider counts and the log check (lost = sent − rows in the log + rows still pending; the \
            command exits 1 unless it is 0). --in-flight hands every message to the router in one \
            send(batch:) against a simulator that answers in 250 ms, so all of them are in flight in the router \
            at once (logged `pending`; at most --concurrency at a provider, the rest waiting for a dispatch \
            slot): the simulator holds every send unanswered until all of them are logged, the memory is read \
            at that moment, then the sends are answered and the batch drains; it reports that and the peak memory. --progress prints `progress logged=… finished=… pending=…` lines \
            (unbuffered) while it runs.
            """)

    @Option(help: "Messages to send.") var messages = 100_000
    @Option(help: "Messages send(batch:) dispatches at once (RouterOptions.batchConcurrency; default 512).")
    var concurrency: Int?
    @Option(help: "Messages per send(batch:) call (default 10,000, --in-flight: all).") var batch: Int?
    @Option(name: .customLong("latency-ms"), help: "Simulator latency per request, ms (default 0; with --in-flight, after the held sends are let go).")
    var latencyMilliseconds: Double?
    @Flag(help: "Every message in flight in the router at once (one send(batch:) of all of them; the simulator holds sends until all are logged); reports the memory then and at the peak.")
    var inFlight = false
    @Option(help: "HTTP connections per provider host (CurlTransport.maxConnectionsPerHost; default 16, --in-flight: 1024).")
    var connections: Int?
    @Option(help: "Messages sent one at a time with send(_:) before the timed batches: warm-up, and the routing overhead without batch queueing (default 1,000; 0 with --latency-ms or --in-flight).")
    var sequential: Int?
    @Option(help: "Outcome log file (default: a temporary file, deleted afterwards).") var log: String?
    @Option(help: "Use a separate `switchboard simulator --port P` (providers on P…P+3, control API on P+4) instead of one in this process.")
    var simulatorPort: Int?
    @Flag(inversion: .prefixedNo,
          help: "Every message has the same text (a broadcast) instead of a personalised one: SMS.CX then takes many recipients per request (default: personalised; --in-flight: same).")
    var sameText: Bool?
    @Flag(help: "Print `progress logged=N finished=N pending=N accepted=N` lines while sending.") var progress = false
    @Option(help: "Seconds between samples (progress lines, in-flight peaks).") var progressInterval = 0.5
    @Flag(help: "Break the process's CPU time down by thread (Linux).") var threads = false
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be positive") }
        if let sequential, sequential < 0 { throw ValidationError("--sequential must not be negative") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be positive") }
        if let batch, batch < 1 { throw ValidationError("--batch must be positive") }
        if let connections, connections < 1 { throw ValidationError("--connections must be positive") }
        if let latencyMilliseconds, latencyMilliseconds < 0 { throw ValidationError("--latency-ms must not be negative") }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be positive") }
    }

    func run() async throws {
        let concurrency = concurrency ?? RouterOptions().batchConcurrency
        let batch = min(messages, batch ?? (inFlight ? messages : 10_000))
        let latency = latencyMilliseconds ?? 0
        let connections = connections ?? (inFlight ? 1024 : CurlTransport.Configuration().maxConnectionsPerHost)
        let sequential = sequential ?? (latency > 0 ? 0 : 1000)
        // SMS.CX's send(batch:) sends one request per distinct text, one after another: with
        // personalised texts and a slow simulator its share could never be in flight at once.
        let sameText = sameText ?? inFlight
        let traffic: [Message]
        do {
            traffic = try E2EBenchRules.messages(sequential + messages, sameText: sameText)
        } catch {
            StandardError.print("switchboard bench e2e: \(error)")
            throw ExitCode(1)
        }

        // Where things go: the rules directory beside the log when one is given, else a temp dir.
        let scratch = NSTemporaryDirectory() + "switchboard-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let rulesDirectory = log.map { $0 + ".rules" } ?? scratch + "/rules"
        let logPath = log ?? scratch + "/log.sqlite"
        defer {
            try? FileManager.default.removeItem(atPath: rulesDirectory)
            try? FileManager.default.removeItem(atPath: scratch)
        }
        if log == nil { try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) }

        var quiet = Logger(label: "switchboard.bench")
        quiet.logLevel = .critical
        let simulator = try await startSimulator(latency: latency, logger: quiet)
        try E2EBenchRules.write(to: rulesDirectory) { id in
            if let simulator { return simulator.baseURL(for: id) }
            let offset = E2EBenchRules.credentials.firstIndex { $0.id == id } ?? 0
            return "http://127.0.0.1:\((simulatorPort ?? 0) + offset)"
        }
        let transport = try CurlTransport(configuration: CurlTransport.Configuration(
            maxConnectionsPerHost: connections, maxCachedConnections: max(64, 4 * connections), logger: quiet))
        var options = RouterOptions()
        options.batchConcurrency = concurrency
        options.logger = quiet
        options.transport = transport
        if inFlight {
            options.deadline = .seconds(3600)
            // Every message logged (in flight) at once, not window by window as they are sent.
            options.batchWindow = batch
        }
        let registry = ProviderRegistry.builtin
        let router: MessageRouter
        do {
            router = try MessageRouter(rulesDirectory: rulesDirectory, registry: registry, logPath: logPath, options: options)
        } catch {
            StandardError.print("switchboard bench e2e: cannot start the router: \(error)")
            await transport.shutdown()
            await simulator?.stop()
            throw ExitCode(1)
        }

        // Warm-up: one message at a time (connections, KPN token, caches), which also gives the
        // routing overhead of a message that does not queue behind a batch.
        let since = Date()
        var sequentialOverheads: [Double] = []
        var warmupFailures: [String: Int] = [:]
        for message in traffic.prefix(sequential) {
            do {
                let sent = try await router.send(message)
                if let overhead = sent.routingOverhead { sequentialOverheads.append(overhead * 1e6) }
            } catch {
                warmupFailures[error.kind.rawValue, default: 0] += 1
            }
        }
        sequentialOverheads.sort()

        // Measure.
        let sampler = E2EBenchSampler(log: router.log, transport: transport, since: since, interval: progressInterval,
                                      progress: progress)
        let threads0 = threads ? ThreadCPU.snapshot() : nil
        let usage0 = ProcessUsage.now()
        let rows0 = router.log.rowsWritten
        let commitSeconds0 = router.log.commitSeconds
        let hold = inFlight
            ? E2EBenchHold(simulator: simulator, controlPort: simulatorPort.map { $0 + 4 },
                           kinds: E2EBenchRules.credentials.map(\.id))
            : nil
        let logBase = (try? router.log.counts()) ?? [:]
        try await hold?.hold(true)
        let start = now()
        let batches = Task { [traffic] in
            var results: [Result<DispatchResult, SendFailure>] = []
            results.reserveCapacity(messages)
            var offset = sequential
            while offset < traffic.count {
                let end = min(traffic.count, offset + batch)
                results += await router.send(batch: Array(traffic[offset..<end]))
                offset = end
            }
            return results
        }
        var held: E2EBenchHold.Sample?
        if let hold {
            // Every message in the router at once, a provider holding the ones it was sent.
            held = await hold.waitForAllInFlight(log: router.log, transport: transport, base: logBase, target: messages,
                                                 timeout: 300)
            try await hold.hold(false)
        }
        let results = await batches.value
        try await router.log.write([])  // every queued outcome committed
        let elapsed = now() - start
        let usage1 = ProcessUsage.now()
        let threads1 = threads ? ThreadCPU.snapshot() : nil
        let rows = router.log.rowsWritten - rows0
        let commitSeconds = router.log.commitSeconds - commitSeconds0
        let peaks = await sampler.stop()

        // The log check.
        var check = try Self.states(in: router.log, since: since)
        check.lost = traffic.count - check.messages + check.pending
        if progress { Self.emit("progress logged=\(check.messages) finished=\(check.messages - check.pending) pending=\(check.pending) accepted=\(check.accepted)") }

        var overheads: [Double] = []
        overheads.reserveCapacity(messages)
        var byProvider: [String: Int] = [:]
        var failures = warmupFailures
        var failureExamples: [String: String] = [:]
        for result in results {
            switch result {
            case .success(let sent):
                byProvider[sent.provider.rawValue, default: 0] += 1
                if let overhead = sent.routingOverhead { overheads.append(overhead * 1e6) }
            case .failure(let failure):
                failures[failure.kind.rawValue, default: 0] += 1
                if failureExamples[failure.kind.rawValue] == nil { failureExamples[failure.kind.rawValue] = failure.description }
            }
        }
        overheads.sort()
        let cpu = Double(usage1.cpuMicros - usage0.cpuMicros)
        let n = Double(messages)
        var report = E2EBenchReport(
            messages: messages, batch: batch, concurrency: concurrency, latencyMilliseconds: latency, inFlightMode: inFlight,
            connectionsPerHost: connections, sameText: sameText, simulator: simulatorPort.map { "external :\($0)" } ?? "in-process",
            elapsedSeconds: elapsed, messagesPerSecond: n / elapsed, cpuMicrosPerMessage: cpu / n,
            userMicrosPerMessage: Double(usage1.userMicros - usage0.userMicros) / n,
            systemMicrosPerMessage: Double(usage1.systemMicros - usage0.systemMicros) / n,
            coresBusy: cpu / 1e6 / elapsed,
            routingOverheadP50Micros: Self.percentile(50, overheads), routingOverheadP99Micros: Self.percentile(99, overheads),
            routingOverheadMeanMicros: overheads.isEmpty ? nil : overheads.reduce(0, +) / Double(overheads.count),
            sequential: sequential, sequentialOverheadP50Micros: Self.percentile(50, sequentialOverheads),
            sequentialOverheadP99Micros: Self.percentile(99, sequentialOverheads),
            logRowsWritten: rows, logRowsPerSecond: Double(rows) / elapsed,
            logRowsPerCommitSecond: commitSeconds > 0 ? Double(rows) / commitSeconds : nil,
            logCommitSeconds: commitSeconds, peakRSSKiB: usage1.maxRSSKiB, held: held,
            peakMessagesInFlight: peaks.messagesInFlight, peakRequests: peaks.requests, accepted: byProvider.values.reduce(0, +), failures: failures, failureExamples: failureExamples,
            acceptedByProvider: byProvider, log: check, threads: nil)
        if let threads0, let threads1 {
            let total = max(1, cpu)
            report.threads = threads1.delta(since: threads0).map {
                .init(name: $0.group, threads: $0.threads, cpuMicrosPerMessage: Double($0.micros) / n, share: Double($0.micros) / total)
            }
        }

        await router.shutdown()
        await transport.shutdown()
        await simulator?.stop()
        print(json ? report.json : report.text)
        if check.lost != 0 {
            StandardError.print("switchboard bench e2e: \(check.lost) message(s) lost: not in the log, or still pending after the run")
            throw ExitCode(1)
        }
    }

    /// The in-process simulator (nil with --simulator-port, whose simulator is configured over
    /// its control API instead): unlimited balance, `latency` ms per request, no callbacks.
    private func startSimulator(latency: Double, logger: Logger) async throws -> ProviderSimulator? {
        let balance = 1e12
        let faults = FaultSettings(latency: latency > 0 ? .fixed(latency) : .none)
        guard let port = simulatorPort else {
            let simulator = ProviderSimulator(providers: ProviderSimulator.demoProviders(balance: balance).map(\.provider),
                                              deliverCallbacks: false, logger: logger)
            try await simulator.start()
            for kind in simulator.kinds { simulator.setFaults(faults, for: kind) }
            return simulator
        }
        let body = Array(try JSONEncoder().encode(faults))
        let requests = E2EBenchRules.credentials.flatMap { id, _ in
            [(path: "/control/\(id)/faults", body: body), (path: "/control/\(id)/balance?value=\(Int(balance))", body: [])]
        }
        let problem = await SimulatorControlClient.post(controlPort: port + 4, requests, logger: logger)
        if let problem {
            StandardError.print("switchboard bench e2e: \(problem)")
            throw ExitCode(1)
        }
        return nil
    }

    /// Messages by state in the log, created at or after `since`.
    static func states(in log: OutcomeLog, since: Date) throws -> E2EBenchReport.LogCheck {
        let total = ReportTotal(try log.report(since: since, until: nil, by: .provider))
        return E2EBenchReport.LogCheck(messages: total.messages, accepted: total.accepted, partial: total.partial,
                                       failed: total.failed, unknown: total.unknown, pending: total.pending)
    }

    /// Writes a line to stdout at once (unbuffered, so a parent process reading a pipe sees it).
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Nearest-rank percentile of ascending values.
    static func percentile(_ p: Double, _ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count) / 100).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
