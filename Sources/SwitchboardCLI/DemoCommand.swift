import ArgumentParser
import Foundation
import Logging
import Switchboard
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardSimulator
import SwitchboardVonage

/// `switchboard demo`: the sample rules end to end against the built-in provider simulator.
///
/// Starts the simulator in-process, points the sample providers at it, takes KPN down to show
/// failover, and sends a handful of messages: plan (route, candidates, costs) → send through the
/// provider plugins over real HTTP → fall back by outcome class. (The full router with health,
/// rate limits and the SQLite log is issue 4; this demo dispatches directly from the plan.)
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the sample rules end to end against the built-in provider simulator.")

    @OptionGroup var options: RulesOption

    func run() async throws {
        let entries = SimulatorCommand.providers(firstPort: nil, balance: 100)
        let simulator = ProviderSimulator(providers: entries.map(\.0), deliverCallbacks: false)
        try await simulator.start()
        var environment = ProcessInfo.processInfo.environment
        for (provider, prefix) in entries { environment["\(prefix)_BASE_URL"] = simulator.baseURL(for: provider.kind) }
        let rules: RuleSet
        do {
            rules = try RuleSet.load(directory: options.rules, environment: environment)
        } catch {
            for d in error.diagnostics { StandardError.print(d.description) }
            await simulator.stop()
            throw ExitCode(1)
        }
        let table = RoutingTable(rules)
        let transport = try CurlTransport()
        var registry = ProviderRegistry()
        registry.register(VonageProvider.self)
        registry.register(SMSCXProvider.self)
        registry.register(KPNProvider.self)
        registry.register(BandwidthProvider.self)
        var logger = Logger(label: "switchboard.demo")
        logger.logLevel = .critical
        var providers: [ProviderID: any MessageProvider] = [:]
        for definition in rules.providers {
            providers[definition.id] = try registry.make(definition, context: ProviderContext(transport: transport, logger: logger))
        }
        print("Simulator: " + entries.map { "\($0.0.kind) \(simulator.baseURL(for: $0.0.kind))" }.joined(separator: ", "))
        print("Rules \(options.rules): \(rules.providers.count) providers, \(rules.routes.count) routes, currency \(rules.currency)")
        try await simulator.setOutage(true, for: "kpn")
        print("KPN is down (connection refused) for this demo, to show failover.\n")

        let samples: [Message] = [
            Message(to: "+31 6 1234 5678", text: "Your code is 481516", from: "Switchboard", tag: "otp"),
            Message(to: "0049 151 23456789", text: "Your parcel arrives today between 10:00 and 12:00.", from: "Switchboard"),
            Message(to: "+1 (415) 555-0100", text: "Your table is ready", from: "+14155550000"),
            Message(to: "+33 6 12 34 56 78", text: "Offre spéciale : -20 % sur tout le magasin ce week-end ! Répondez STOP pour ne plus recevoir nos messages.",
                    from: "Switchboard", tag: "marketing", transliterate: true),
            Message(to: "+44 7700 900000", text: "Hello 👋 from Switchboard", from: "Switchboard"),
            Message(to: "+31 6 CALL ME", text: "bad number"),
        ]
        var sent = 0
        var failed = 0
        var cost = 0.0
        for message in samples {
            let explanation = PlanExplanation(message: message, table: table, draw: 0.5)
            print(explanation.text)
            guard explanation.error == nil, let normalized = try? NormalizedMessage(message),
                  let plan = table.plan(normalized.routingRequest(), draw: 0.5)
            else {
                failed += 1
                print("")
                continue
            }
            var delivered = false
            for candidate in plan.candidates.prefix(plan.maxAttempts) {
                guard let provider = providers[candidate.provider] else { continue }
                let outbound = OutboundMessage(id: MessageID.next().description, to: normalized.to, from: normalized.sender,
                                               text: normalized.text, channel: message.channel, idempotencyKey: UUID().uuidString)
                do {
                    let acceptance = try await provider.send(outbound)
                    print("send:       \(candidate.provider) accepted, id \(acceptance.messageIDs.joined(separator: ", "))")
                    cost += candidate.totalCost ?? 0
                    delivered = true
                    break
                } catch {
                    print("send:       \(candidate.provider) → \(error)")
                    let stop = error.outcome == .rejected
                        || (error.outcome == .ambiguous && plan.onAmbiguous == .stop && !provider.capabilities.idempotentRetries)
                    if stop { break }
                }
            }
            if delivered { sent += 1 } else { failed += 1 }
            print("")
        }
        print("Summary: \(sent) sent, \(failed) not sent, planned cost \(RoutePlanFormat.price(cost)) \(rules.currency); "
            + "simulator received " + entries.map { "\($0.0.kind) \(simulator.receivedSends(for: $0.0.kind))" }.joined(separator: ", ") + " sends")
        await transport.shutdown()
        await simulator.stop()
    }
}

/// Price formatting for CLI output.
enum RoutePlanFormat {
    static func price(_ value: Double) -> String { String(format: "%.4f", value) }
}
