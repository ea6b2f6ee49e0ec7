import Switchboard
import SwitchboardSMSCX
import SwitchboardSimulator
import Testing

/// The shared provider conformance checks, with X-API-KEY auth and with OAuth2 client credentials.
@Suite("SMS.CX conformance")
struct SMSCXConformanceTests {
    static func subject(oauth: Bool) -> ConformanceSubject {
        let key = SMSCXFixture.apiKey
        let secret = SMSCXFixture.applicationSecret
        return ConformanceSubject(
            kind: "smscx", simulation: SMSCXSimulation(), credentials: SimulatorCredentials(key: key, secret: secret),
            configYAML: { url in
                oauth ? "application_id: \(key)\napplication_secret: \(secret)\nbase_url: \(url)"
                    : "api_key: \(key)\nbase_url: \(url)"
            },
            badCredentialsConfigYAML: { url in
                oauth ? "application_id: \(key)\napplication_secret: wrong-\(secret)\nbase_url: \(url)"
                    : "api_key: wrong-\(key)\nbase_url: \(url)"
            },
            register: { $0.register(SMSCXProvider.self) }, secrets: SMSCXFixture.secrets,
            // Check 7 re-sends the same message (same idempotencyId) with the balance at zero; SMS.CX
            // replays the first answer for a known idempotencyId without charging (reference §2.2),
            // so that check cannot apply. Balance exhaustion is covered in SMSCXEndToEndTests
            // (insufficientBalanceAndWrongKey) with a fresh key.
            expectsRetryAfter: true, balanceExhaustedOutcome: nil, usesOAuth: oauth)
    }

    @Test(arguments: [false, true])
    func conformance(oauth: Bool) async throws {
        try await ProviderConformance.run(Self.subject(oauth: oauth))
    }
}
