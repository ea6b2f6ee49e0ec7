import Switchboard
import SwitchboardSimulator
import SwitchboardVonage
import Testing

extension ConformanceSubject {
    /// Vonage with key/secret in the body and signed webhooks (md5hash, the dashboard default).
    static let vonage = ConformanceSubject(
        kind: "vonage", simulation: VonageSimulation(),
        credentials: SimulatorCredentials(key: VonageFixture.apiKey, secret: VonageFixture.apiSecret,
                                          signatureSecret: VonageFixture.signatureSecret),
        configYAML: { url in
            "api_key: \(VonageFixture.apiKey)\napi_secret: \(VonageFixture.apiSecret)\nsignature_secret: \(VonageFixture.signatureSecret)\nbase_url: \"\(url)\""
        },
        badCredentialsConfigYAML: { url in
            "api_key: \(VonageFixture.apiKey)\napi_secret: NotTheSecret1\nsignature_secret: \(VonageFixture.signatureSecret)\nbase_url: \"\(url)\""
        },
        register: { $0.register(VonageProvider.self) }, secrets: VonageFixture.secrets)

    /// Vonage with signed requests and HMAC-SHA256 signed webhooks.
    static let vonageSigned = ConformanceSubject(
        kind: "vonage", simulation: VonageSimulation(webhookSignatureMethod: .sha256),
        credentials: SimulatorCredentials(key: VonageFixture.apiKey, secret: VonageFixture.apiSecret,
                                          signatureSecret: VonageFixture.signatureSecret),
        configYAML: { url in
            "api_key: \(VonageFixture.apiKey)\nsignature_secret: \(VonageFixture.signatureSecret)\nsignature_method: sha256\nauth: signature\nbase_url: \"\(url)\""
        },
        badCredentialsConfigYAML: { url in
            "api_key: \(VonageFixture.apiKey)\nsignature_secret: NotTheSigSecret\nsignature_method: sha256\nauth: signature\nbase_url: \"\(url)\""
        },
        register: { $0.register(VonageProvider.self) }, secrets: VonageFixture.secrets + ["NotTheSigSecret"])
}

@Suite("Vonage conformance")
struct VonageConformanceTests {
    @Test func keyAndSecretPassTheConformanceSuite() async throws {
        try await ProviderConformance.run(.vonage)
    }

    @Test func signedRequestsPassTheConformanceSuite() async throws {
        try await ProviderConformance.run(.vonageSigned)
    }
}
