import ArgumentParser
import Foundation
import Logging
import Switchboard
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardSimulator
import SwitchboardVonage

/// `switchboard demo`: the router end to end on the built-in provider simulator and the shipped
/// rules — least-cost routing, an outage with failover, throttling with spill-over, every
/// outcome in the SQLite log — ending with a summary counted from the log.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Send a realistic day of traffic through the router to the built-in simulator, with an outage and throttling.",
        discussion: """
            Starts the four simulated providers in this process (no credentials, no network), loads the rules \
            (default: the shipped rules/), and sends --messages messages in a realistic country mix through \
            MessageRouter.send(batch:). A third of the way in, KPN goes down (connection refused) until two thirds; \
            halfway, Vonage starts throttling until 80 %. The router fails over, opens and later closes KPN's \
            breaker, and spills traffic off the throttled provider. The summary (per provider sent / failed / \
            fallbacks / cost / p50 / p99, the cost against the cheapest single provider, and lost) is counted from \
            the SQLite log, which stays in --db so `switchboard messages` and `switchboard report` work on it.

            The shipped rules carry the providers' real account rate limits (1–50 messages/s); --speed multiplies \
            them (default 100) so the demo's traffic takes seconds, not hours. --speed 1 runs at real rates.

            Exit status: 0 when every message is accounted for in the log (lost: 0); 1 otherwise or on an error.
            """)

    @OptionGroup var options: RulesOption
    @Option(help: "Messages to send.") var messages = 20_000
    @Option(help: "The outcome log (SQLite) to write; appended to when it exists.") var db = "switchboard.sqlite"
    @Option(help: "Multiply the rules' provider rate limits by this (the demo compresses a day into seconds).")
    var speed = 100.0

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be positive, e.g. --messages 2000") }
        guard speed > 0 else { throw ValidationError("--speed must be positive, e.g. --speed 1 for the rules' real rate limits") }
    }

    func run() async throws {
        var quiet = Logger(label: "switchboard.demo")
        quiet.logLevel = .critical
        let entries = ProviderSimulator.demoProviders(balance: 1_000_000)
        let simulator = ProviderSimulator(providers: entries.map(\.provider), deliverCallbacks: false, logger: quiet)
        try await simulator.start()
        var environment = ProcessInfo.processInfo.environment
        environment.merge(simulator.baseURLEnvironment(entries)) { _, simulated in simulated }

        let registry = ProviderRegistry.builtin
        var rules: RuleSet
        do {
            rules = try RuleSet.load(directory: options.rules, environment: environment, plugins: registry.kinds)
        } catch {
            for diagnostic in error.diagnostics { StandardError.print(diagnostic.description) }
            StandardError.print("\(options.rules): rules are invalid; fix them (see `switchboard validate --rules \(options.rules)`)")
            await simulator.stop()
            throw ExitCode(1)
        }
        for index in rules.providers.indices {
            rules.providers[index].rateLimit = rules.providers[index].rateLimit.map { $0 * speed }
        }

        let transport = try CurlTransport()
        var routerOptions = RouterOptions()
        routerOptions.environment = environment
        routerOptions.logger = quiet
        routerOptions.transport = transport
        routerOptions.breaker.cooldown = 1  // recover within the demo's seconds
        routerOptions.breaker.maxCooldown = 4
        // Plugins ask for delivery receipts at this address; the simulator queues them instead of
        // posting (deliverCallbacks: false) and the demo hands them to the router in-process —
        // what `switchboard serve` does when they arrive over HTTP.
        routerOptions.callbackBaseURL = "http://127.0.0.1:8080"
        for (kind, ratio) in [("vonage", 0.97), ("smscx", 0.94), ("kpn", 0.99), ("bandwidth", 0.98)] {
            simulator.context(for: kind).setDeliveredRatio(ratio)
        }
        let router: MessageRouter
        do {
            router = try MessageRouter(rules: rules, registry: registry, log: try OutcomeLog(path: db), options: routerOptions)
        } catch {
            StandardError.print("switchboard demo: cannot open the outcome log \(db): \(error)\n"
                + "Pass --db with a writable path, e.g. --db /tmp/switchboard.sqlite")
            await transport.shutdown()
            await simulator.stop()
            throw ExitCode(1)
        }

        Self.say("Simulator: " + entries.map { "\($0.provider.kind) \(simulator.baseURL(for: $0.provider.kind))" }.joined(separator: ", "))
        Self.say("Rules \(options.rules): \(rules.providers.count) providers, \(rules.routes.count) routes, currency \(rules.currency); "
            + "rate limits ×\(speed.formatted()) (--speed)")
        Self.say("Log: \(db)")
        Self.say("Sending \(messages) messages: KPN goes down at 33 % and comes back at 66 %; Vonage throttles from 50 % to 80 %.\n")

        let traffic = DemoTraffic.messages(messages)
        let events = Self.scenario(simulator)
        let start = Date()
        var summary = DemoSummary(currency: rules.currency)
        var progress = ProgressBar(total: messages, label: "messages")
        var nextEvent = 0
        var offset = 0
        let chunk = max(100, min(1000, messages / 50))
        while offset < traffic.count {
            while nextEvent < events.count, Double(offset) >= events[nextEvent].at * Double(messages) {
                progress.note("  [\(String(format: "%5.1f", Date().timeIntervalSince(start))) s] \(events[nextEvent].what)")
                try await events[nextEvent].action()
                nextEvent += 1
            }
            let end = min(traffic.count, offset + chunk)
            let slice = Array(traffic[offset..<end])
            let results = await router.send(batch: slice)
            for (message, result) in zip(slice, results) { summary.add(result, message: message, rules: rules) }
            summary.receipts += await Self.deliverReceipts(from: simulator, to: router)
            offset = end
            progress.update(offset)
        }
        progress.finish()
        summary.receipts += await Self.deliverReceipts(from: simulator, to: router)
        summary.elapsed = Date().timeIntervalSince(start)
        try await router.log.write([])  // everything queued is committed before counting

        do {
            summary.add(report: try router.log.report(since: start, until: nil, by: .provider))
            let health = try router.log.healthEvents(since: start)
            Self.say("")
            if !health.isEmpty {
                Self.say("Health changes (from the log):")
                for line in Self.timeline(health, since: start).prefix(30) { Self.say(line) }
                Self.say("")
            }
        } catch {
            StandardError.print("switchboard demo: cannot read the outcome log \(db): \(error)")
        }
        Self.say(summary.text)
        Self.say("\nNext: `switchboard messages --db \(db) --limit 5`, `switchboard report --db \(db) --by provider`.")

        await router.shutdown()
        await transport.shutdown()
        await simulator.stop()
        if summary.lost != 0 {
            StandardError.print("switchboard demo: \(summary.lost) message(s) are not accounted for in \(db)")
            throw ExitCode(1)
        }
    }

    /// Hands the delivery receipts the simulated providers have queued to the router, as its
    /// webhook endpoint would; returns how many webhook calls it took.
    private static func deliverReceipts(from simulator: ProviderSimulator, to router: MessageRouter) async -> Int {
        await withTaskGroup(of: Int.self) { group in
            for kind in simulator.kinds {
                for callback in simulator.context(for: kind).takeScheduledCallbacks() {
                    group.addTask {
                        (try? await router.handleWebhook(provider: ProviderID(kind), request: callback.webhookRequest)) == nil ? 0 : 1
                    }
                }
            }
            return await group.reduce(0, +)
        }
    }

    /// The health events as lines, a provider's repeated pauses folded into one line.
    private static func timeline(_ events: [HealthEventRecord], since start: Date) -> [String] {
        var lines: [(text: String, provider: String, state: String, count: Int, last: Double)] = []
        for event in events {
            let at = event.at.timeIntervalSince(start)
            if event.state == "paused", let index = lines.lastIndex(where: { $0.provider == event.provider }),
               lines[index].state == "paused" {
                lines[index].count += 1
                lines[index].last = at
                continue
            }
            let text = "  \(String(format: "%5.1f", at)) s  \(event.provider) → \(event.state): \(event.reason)"
            lines.append((text, event.provider, event.state, 1, at))
        }
        return lines.map { line in
            line.count == 1 ? line.text : line.text + " (×\(line.count), until \(String(format: "%.1f", line.last)) s)"
        }
    }

    /// Writes a line to stdout unbuffered, so it stays in order with the progress lines on stderr.
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// What happens to the providers during the run, at fractions of the traffic.
    private static func scenario(_ simulator: ProviderSimulator)
        -> [(at: Double, what: String, action: @Sendable () async throws -> Void)]
    {
        [
            (0.33, "KPN goes down (connection refused)", { try await simulator.setOutage(true, for: "kpn") }),
            (0.5, "Vonage starts throttling (100 messages/s accepted, the rest answered with status 1)", {
                simulator.setFaults(FaultSettings(rateLimitPerSecond: 100), for: "vonage")
            }),
            (0.66, "KPN is back", { try await simulator.setOutage(false, for: "kpn") }),
            (0.8, "Vonage stops throttling", { simulator.setFaults(.none, for: "vonage") }),
        ]
    }
}

/// Price formatting for CLI output.
enum RoutePlanFormat {
    static func price(_ value: Double) -> String { String(format: "%.4f", value) }
}
