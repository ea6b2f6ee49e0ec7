import Switchboard
import SwitchboardSimulator
import Testing

extension ConformanceSubject {
    /// The test-only echo plugin against its simulation.
    static let echo = ConformanceSubject(
        kind: "echo", simulation: EchoSimulation(), credentials: SimulatorCredentials(key: "echo-secret-key-123", secret: ""),
        configYAML: { url in "api_key: echo-secret-key-123\nbase_url: \"\(url)\"" },
        badCredentialsConfigYAML: { url in "api_key: wrong-key\nbase_url: \"\(url)\"" },
        register: { $0.register(EchoProvider.self) }, secrets: ["echo-secret-key-123"],
        expectsRetryAfter: true)
}

@Suite struct EchoConformanceTests {
    @Test func echoPluginPassesTheConformanceSuite() async throws {
        try await ProviderConformance.run(.echo)
    }

    @Test func webhookRequestStripsTheWebhookPrefixAndSplitsTheQuery() {
        let callback = ScheduledCallback(
            request: HTTPRequest(method: .get, url: "http://127.0.0.1:9/webhooks/echo/dlr?id=a%20b&x=1"), delay: 0)
        let webhook = ProviderConformance.webhookRequest(for: callback, kind: "echo")
        #expect(webhook.method == "GET")
        #expect(webhook.path == "/dlr")
        #expect(webhook.query.map { "\($0.0)=\($0.1)" } == ["id=a b", "x=1"])
    }
}
