import Foundation
import Logging
import Switchboard
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardSimulator
import SwitchboardVonage

/// A router on a temporary rules directory and log, talking over real HTTP to an in-process
/// simulator of all four providers (callbacks kept, not posted, so tests feed them back).
final class RouterHarness: Sendable {
    let simulator: ProviderSimulator
    let router: MessageRouter
    let directory: URL
    let logPath: String

    /// Per-provider lines added to its providers.yaml entry (`rate_limit: 5/s`, `timeout: 1s`, …).
    typealias Extras = [String: [String]]

    static let registry: ProviderRegistry = {
        var registry = ProviderRegistry()
        registry.register(VonageProvider.self)
        registry.register(SMSCXProvider.self)
        registry.register(KPNProvider.self)
        registry.register(BandwidthProvider.self)
        return registry
    }()

    /// Inline per-segment prices (EUR) used unless a test gives its own.
    static let defaultPrices: [String: String] = [
        "vonage": "{ currency: EUR, default: 0.070, countries: { NL: 0.060, DE: 0.050 } }",
        "smscx": "{ currency: EUR, default: 0.065, countries: { NL: 0.055, DE: 0.065 } }",
        "kpn": "{ currency: EUR, default: 0.080, countries: { NL: 0.045, DE: 0.090 } }",
        "bandwidth": "{ currency: EUR, default: 0.090, countries: { US: 0.007, NL: 0.100, DE: 0.100 } }",
    ]

    /// One provider entry of the generated providers.yaml: its id, plugin and `config:` lines
    /// (`base_url:` is added, pointing at the simulated `plugin`).
    struct ProviderEntry: Sendable {
        var id: String
        var plugin: String
        var config: [String]
    }

    /// The four providers with the simulator's demo credentials.
    static let defaultProviders: [ProviderEntry] = [
        ProviderEntry(id: "vonage", plugin: "vonage", config: ["api_key: simkey01", "api_secret: simsecret01"]),
        ProviderEntry(id: "smscx", plugin: "smscx", config: ["api_key: sim-smscx-key"]),
        ProviderEntry(id: "kpn", plugin: "kpn", config: ["client_id: sim-kpn-client", "client_secret: sim-kpn-secret"]),
        ProviderEntry(id: "bandwidth", plugin: "bandwidth",
                      config: ["user_id: u-simulator", "api_token: t-simulator", "api_secret: s-simulator"]),
    ]

    /// - Parameters:
    ///   - providers: the providers.yaml entries (default: one per simulated provider).
    ///   - credentials: per simulated kind, credentials that replace the demo ones.
    static func start(routes: String, extras: Extras = [:], prices: [String: String] = defaultPrices,
                      options: RouterOptions? = nil, logPath: String? = nil, balance: Double = 1000,
                      providers: [ProviderEntry] = defaultProviders,
                      credentials: [String: SimulatorCredentials] = [:]) async throws -> RouterHarness {
        let entries = ProviderSimulator.demoProviders(balance: balance).map { entry in
            var provider = entry.provider
            if let replacement = credentials[provider.kind] { provider.credentials = replacement }
            return provider
        }
        let simulator = ProviderSimulator(providers: entries, deliverCallbacks: false)
        try await simulator.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-router-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var yaml = "providers:\n"
        for entry in providers {
            let id = entry.id
            yaml += "  - id: \(id)\n    plugin: \(entry.plugin)\n    config:\n"
            for line in entry.config + ["base_url: \(simulator.baseURL(for: entry.plugin))"] { yaml += "      \(line)\n" }
            if let price = prices[id] { yaml += "    prices: \(price)\n" }
            for line in extras[id] ?? [] { yaml += "    \(line)\n" }
        }
        try yaml.write(to: directory.appendingPathComponent("providers.yaml"), atomically: true, encoding: .utf8)
        try routes.write(to: directory.appendingPathComponent("routes.yaml"), atomically: true, encoding: .utf8)
        var options = options ?? RouterOptions()
        var logger = Logger(label: "switchboard.router.test")
        logger.logLevel = .critical
        if options.logger.label == "switchboard.router" { options.logger = logger }
        let path = logPath ?? directory.appendingPathComponent("log.sqlite").path
        let router = try MessageRouter(rulesDirectory: directory.path, registry: registry, logPath: path, options: options)
        return RouterHarness(simulator: simulator, router: router, directory: directory, logPath: path)
    }

    private init(simulator: ProviderSimulator, router: MessageRouter, directory: URL, logPath: String) {
        self.simulator = simulator
        self.router = router
        self.directory = directory
        self.logPath = logPath
    }

    /// The provider callbacks (receipts, inbound) the simulator has scheduled, as webhook requests.
    func takeCallbacks(_ kind: String) -> [WebhookRequest] {
        simulator.context(for: kind).takeScheduledCallbacks().map(\.webhookRequest)
    }

    func stop() async {
        await router.shutdown()
        await simulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a harness and always stops it.
func withRouter(routes: String, extras: RouterHarness.Extras = [:], prices: [String: String] = RouterHarness.defaultPrices,
                options: RouterOptions? = nil, balance: Double = 1000,
                _ body: (RouterHarness) async throws -> Void) async throws {
    let harness = try await RouterHarness.start(routes: routes, extras: extras, prices: prices, options: options, balance: balance)
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}
