import Switchboard
import SwitchboardSimulator

/// One plugin + its simulation, as ``ProviderConformance/run(_:)`` checks them.
///
/// ```swift
/// let subject = ConformanceSubject(
///     kind: "vonage", simulation: VonageSimulation(), credentials: .init(key: "k1", secret: "s1"),
///     configYAML: { url in "api_key: k1\napi_secret: s1\nbase_url: \(url)" },
///     badCredentialsConfigYAML: { url in "api_key: k1\napi_secret: wrong\nbase_url: \(url)" },
///     register: { $0.register(VonageProvider.self) }, secrets: ["s1"])
/// try await ProviderConformance.run(subject)
/// ```
struct ConformanceSubject: Sendable {
    /// The plugin kind (`plugin:` in providers.yaml) — also the simulation's kind.
    var kind: String
    /// The simulation the plugin talks to.
    var simulation: any SimulatedProvider
    /// Credentials the simulation accepts.
    var credentials: SimulatorCredentials
    /// The provider's `config:` block (YAML text, without the `config:` line) for a base URL.
    var configYAML: @Sendable (_ baseURL: String) -> String
    /// The same block with wrong credentials (health must say `down`, sends `accountProblem`).
    var badCredentialsConfigYAML: @Sendable (_ baseURL: String) -> String
    /// Registers the plugin type.
    var register: @Sendable (inout ProviderRegistry) -> Void
    /// Values that must never appear in any error text, health detail or description.
    var secrets: [String]
    /// The message sent in every check (its `callbackURL` is overwritten by the suite).
    var sampleMessage: OutboundMessage
    /// Expected outcome class name (``ProviderOutcome/name``) per injected fault.
    var expectedOutcomes: [InjectedFault: String]
    /// Whether the provider's throttled answer carries a retry-after the plugin must report.
    var expectsRetryAfter: Bool
    /// Outcome when the balance is exhausted (nil: the provider has no balance; skipped).
    var balanceExhaustedOutcome: String?
    /// OAuth providers: after `expireTokens()` the plugin must fetch a new token and the send succeed.
    var usesOAuth: Bool
    /// Whether a receipt the simulation schedules must parse (false: the plugin has no webhooks).
    var checksReceipts: Bool

    /// The outcome classes every provider maps the injected faults onto (DESIGN §3).
    static let standardOutcomes: [InjectedFault: String] = [
        .throttled: "throttled", .serverError: "unavailable", .accountProblem: "accountProblem",
        .noCoverage: "routeRejected", .rejected: "rejected",
    ]

    /// A GSM-7 one-segment message to a Dutch mobile number.
    static func defaultMessage() -> OutboundMessage {
        let to = try! PhoneNumber(parsing: "+31612345678")
        return OutboundMessage(id: "01JCONFORMANCE0000000000001", to: to, from: .alphanumeric("Switchbrd"),
                               text: "Conformance check: hello", idempotencyKey: "6f1c2a8e-9a4b-4c7e-8d2f-0b5a3e1c7d90")
    }

    /// Creates a subject.
    init(kind: String, simulation: any SimulatedProvider, credentials: SimulatorCredentials,
         configYAML: @escaping @Sendable (_ baseURL: String) -> String,
         badCredentialsConfigYAML: @escaping @Sendable (_ baseURL: String) -> String,
         register: @escaping @Sendable (inout ProviderRegistry) -> Void, secrets: [String],
         sampleMessage: OutboundMessage = ConformanceSubject.defaultMessage(),
         expectedOutcomes: [InjectedFault: String] = ConformanceSubject.standardOutcomes,
         expectsRetryAfter: Bool = false, balanceExhaustedOutcome: String? = "accountProblem",
         usesOAuth: Bool = false, checksReceipts: Bool = true) {
        self.kind = kind
        self.simulation = simulation
        self.credentials = credentials
        self.configYAML = configYAML
        self.badCredentialsConfigYAML = badCredentialsConfigYAML
        self.register = register
        self.secrets = secrets
        self.sampleMessage = sampleMessage
        self.expectedOutcomes = expectedOutcomes
        self.expectsRetryAfter = expectsRetryAfter
        self.balanceExhaustedOutcome = balanceExhaustedOutcome
        self.usesOAuth = usesOAuth
        self.checksReceipts = checksReceipts
    }
}
