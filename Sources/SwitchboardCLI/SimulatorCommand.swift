import ArgumentParser
import Foundation
import SwitchboardSimulator

/// `switchboard simulator`: local fakes of every provider API, with fault injection, until Ctrl-C.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Run local fakes of every provider API (Vonage, SMS.CX, KPN, Bandwidth) until Ctrl-C.",
        discussion: """
            The credentials are the sample rules' defaults (rules/providers.yaml), so pointing the rules at the \
            simulator needs only the printed `export …_BASE_URL=` lines. Faults can be changed while it runs \
            through the control API (POST /control/{kind}/faults, /outage?down=true, /balance?value=0, \
            /fail?fault=throttled, /hang, /garbage, /expire-tokens, /inbound).
            """)

    @Option(name: .long, help: "First port: providers listen on P, P+1, P+2, P+3 and the control API on P+4 (default: free ports).")
    var port: Int?

    @Option(name: .long, help: "Starting account balance of every simulated provider.")
    var balance: Double = 1000

    @Option(name: .long, help: "Account-level webhook URL for receipts when a send names none (e.g. http://127.0.0.1:8080/webhooks).")
    var webhookURL: String?

    /// The simulated providers with the sample rules' demo credentials, in port order.
    static func providers(firstPort: Int?, balance: Double) -> [(ProviderSimulator.Provider, envPrefix: String)] {
        ProviderSimulator.demoProviders(firstPort: firstPort, balance: balance).map { ($0.provider, $0.envPrefix) }
    }

    func run() async throws {
        let entries = Self.providers(firstPort: port, balance: balance)
        let simulator = ProviderSimulator(providers: entries.map(\.0))
        do {
            try await simulator.start()
        } catch {
            StandardError.print("switchboard simulator: \(error)")
            throw ExitCode(1)
        }
        let control = try await simulator.startControl(port: port.map { $0 + 4 } ?? 0)
        var lines = ["Provider simulator running (Ctrl-C to stop).", ""]
        for (provider, _) in entries {
            let kind = provider.kind
            if let webhookURL { simulator.context(for: kind).setDefaultCallbackURL(webhookURL + "/" + kind) }
            lines.append("  \(kind.padding(toLength: 10, withPad: " ", startingAt: 0)) \(simulator.baseURL(for: kind))")
        }
        lines += ["", "Point the sample rules at it:", ""]
        for (provider, prefix) in entries {
            lines.append("  export \(prefix)_BASE_URL=\(simulator.baseURL(for: provider.kind))")
        }
        lines += ["", "Control API: \(control)/control",
                  "  e.g. curl -X POST '\(control)/control/vonage/outage?down=true'",
                  "       curl -X POST \(control)/control/kpn/faults -d '{\"error_rates\": {\"throttled\": 0.2}}'"]
        // Written unbuffered so the URLs show up at once even when stdout is a pipe or file.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
        await simulator.stop()
    }
}
