import Foundation
import SwitchboardSimulator
import SwitchboardTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `switchboard` executable in a temporary working directory against an
/// in-process simulator of all four providers (127.0.0.1 only): the rules read base URLs and
/// credentials from the environment, as the sample rules do.
final class CLIHarness: Sendable {
    /// What one run printed and how it exited.
    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as a JSON object.
        var object: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }

        /// stdout parsed as a JSON array of objects.
        var array: [[String: Any]]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [[String: Any]]
        }

        var description: String { "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }
    }

    let simulator: ProviderSimulator
    /// The working directory of every run (the default `--db` lands here).
    let directory: String
    /// The test's rules directory.
    let rules: String
    let executable: String
    let environment: [String: String]

    /// Least-cost rules over three providers with inline EUR prices: NL goes to kpn (0.045),
    /// DE to smscx (0.055), anything else to vonage (0.07).
    static func providersYAML(kpnTimeout: String?) -> String {
        providersTemplate.replacingOccurrences(of: "KPN_EXTRA", with: kpnTimeout.map { "timeout: \($0)" } ?? "channels: [sms]")
    }

    static let providersTemplate = """
        providers:
          - id: vonage
            plugin: vonage
            config:
              api_key: "${VONAGE_API_KEY:-simkey01}"
              api_secret: "${VONAGE_API_SECRET:-simsecret01}"
              base_url: "${VONAGE_BASE_URL}"
            prices: { currency: EUR, default: 0.070, countries: { NL: 0.060, DE: 0.065 } }
          - id: smscx
            plugin: smscx
            config:
              api_key: "${SMSCX_API_KEY:-sim-smscx-key}"
              base_url: "${SMSCX_BASE_URL}"
            prices: { currency: EUR, default: 0.080, countries: { NL: 0.050, DE: 0.055 } }
          - id: kpn
            plugin: kpn
            config:
              client_id: "${KPN_CLIENT_ID:-sim-kpn-client}"
              client_secret: "${KPN_CLIENT_SECRET:-sim-kpn-secret}"
              base_url: "${KPN_BASE_URL}"
            prices: { currency: EUR, default: 0.090, countries: { NL: 0.045, DE: 0.090 } }
            KPN_EXTRA

        """

    static let routesYAML = """
        currency: EUR
        defaults: { strategy: least_cost, max_attempts: 3, on_ambiguous: stop }
        routes:
          - name: everything
            providers: [vonage, smscx, kpn]

        """

    /// Runs `body` with a started harness and stops it afterwards, also when `body` throws.
    static func with(kpnTimeout: String? = nil, _ body: (CLIHarness) async throws -> Void) async throws {
        let harness = try await start(kpnTimeout: kpnTimeout)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    /// Starts the simulator and writes the rules; `kpnTimeout` shortens KPN's (for hang tests).
    static func start(kpnTimeout: String? = nil) async throws -> CLIHarness {
        guard let executable = ChildProcess.switchboardExecutable() else {
            throw HarnessError(
                """
                the `switchboard` executable was not found next to the test bundle (\(CommandLine.arguments[0])) \
                or in .build*/debug/; `swift build` builds it — or set SWITCHBOARD_EXECUTABLE
                """)
        }
        let entries = ProviderSimulator.demoProviders()
        let simulator = ProviderSimulator(providers: entries.map(\.provider), deliverCallbacks: false)
        try await simulator.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-cli-\(UUID().uuidString)").path
        let rules = directory + "/test-rules"
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        try providersYAML(kpnTimeout: kpnTimeout).write(toFile: rules + "/providers.yaml", atomically: true, encoding: .utf8)
        try routesYAML.write(toFile: rules + "/routes.yaml", atomically: true, encoding: .utf8)
        // The simulator's URLs; no real credentials leak in from the developer's shell.
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !entries.contains { key.hasPrefix($0.envPrefix + "_") }
        }
        for (provider, prefix) in entries { environment[prefix + "_BASE_URL"] = simulator.baseURL(for: provider.kind) }
        return CLIHarness(
            simulator: simulator, directory: directory, rules: rules, executable: executable,
            environment: environment)
    }

    private init(
        simulator: ProviderSimulator, directory: String, rules: String, executable: String,
        environment: [String: String]
    ) {
        self.simulator = simulator
        self.directory = directory
        self.rules = rules
        self.executable = executable
        self.environment = environment
    }

    /// Runs `switchboard arguments…` and waits for it (generously: the machine may be loaded).
    func run(_ arguments: [String]) async throws -> Run {
        let child = try ChildProcess(executable: executable, arguments: arguments, directory: directory, environment: environment)
        guard await child.waitForExit(timeout: .seconds(180)) else {
            child.kill(SIGKILL)
            _ = await child.waitForExit(timeout: .seconds(10))
            throw HarnessError("switchboard \(arguments.joined(separator: " ")) did not finish:\n\(child.transcript)")
        }
        _ = await child.waitForOutput(timeout: .seconds(30))
        return Run(status: child.termination.status, stdout: child.stdout.text, stderr: child.stderr.text)
    }

    /// `switchboard send --rules <test rules> arguments…`.
    func send(_ arguments: [String]) async throws -> Run {
        try await run(["send", "--rules", rules] + arguments)
    }

    /// Sends the simulator received for a provider kind.
    func sends(_ kind: String) -> Int { simulator.receivedSends(for: kind) }

    func stop() async {
        await simulator.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A harness problem (not a test expectation).
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
