import Foundation
import Switchboard
@testable import SwitchboardSMSCX
import SwitchboardSimulator
import Testing

/// Secrets (API key, application secret, bearer tokens) never appear in errors, health details or logs.
@Suite("SMS.CX secrets")
struct SMSCXSecretsTests {
    @Test func providerSuppliedTextIsRedacted() throws {
        let provider = try SMSCXFixture.provider(SMSCXFixture.configuration(), transport: SMSCXFixture.UnusedTransport())
        let body = #"{"error":{"type":"invalid_api_key","code":1003,"message":"Invalid API key \#(SMSCXFixture.apiKey)","uri":"u"}}"#
        let detail = SMSCXResponseParser.error(status: 401, headers: [:], body: Array(body.utf8), now: 0, redact: provider.redact)
        #expect(!detail.message.contains(SMSCXFixture.apiKey))
        #expect(!detail.providerError.description.contains(SMSCXFixture.apiKey))
        #expect(detail.message.contains("<redacted>"))
    }

    @Test func configurationErrorsNameNoSecret() {
        let configuration = SMSCXConfiguration(apiKey: SMSCXFixture.apiKey, timeoutMilliseconds: -1)
        do {
            _ = try SMSCXFixture.provider(configuration, transport: SMSCXFixture.UnusedTransport())
            Issue.record("expected a configuration error")
        } catch {
            #expect(!"\(error)".contains(SMSCXFixture.apiKey))
        }
    }

    @Test(arguments: [false, true])
    func errorTextsAndLogsAgainstTheSimulator(oauth: Bool) async throws {
        var texts: [String] = []
        try await SMSCXEndToEndTests.withHarness(balance: 0.01) { h in
            let provider = try h.provider(oauth: oauth)
            for fault in InjectedFault.allCases {
                h.simulator.failNext(fault, for: "smscx")
                if let error = await SMSCXEndToEndTests.sendError(provider, try SMSCXFixture.message(idempotencyKey: fault.rawValue)) {
                    texts.append(error.description)
                    texts.append("\(error)")
                }
            }
            if let error = await SMSCXEndToEndTests.sendError(provider, try SMSCXFixture.message()) {
                texts.append(error.description)  // insufficient credit
            }
            texts.append(await provider.checkHealth().detail)
            var wrong = SMSCXFixture.configuration(baseURL: h.baseURL, oauth: oauth)
            if oauth { wrong.applicationSecret = SMSCXFixture.applicationSecret + "x" } else { wrong.apiKey = SMSCXFixture.apiKey + "x" }
            let refused = try SMSCXFixture.provider(wrong, transport: h.transport, logs: h.logs)
            if let error = await SMSCXEndToEndTests.sendError(refused, try SMSCXFixture.message()) { texts.append(error.description) }
            texts.append(await refused.checkHealth().detail)
            texts.append(contentsOf: h.logs.lines)
        }
        #expect(texts.count > InjectedFault.allCases.count)
        for text in texts {
            for secret in SMSCXFixture.secrets { #expect(!text.contains(secret), "secret in: \(text)") }
            #expect(!text.contains("sim-smscx-token"), "token in: \(text)")
        }
    }
}

extension SMSCXSecretsTests {
    @Test(arguments: [false, true])
    func descriptionsAreRedacted(oauth: Bool) throws {
        let provider = try SMSCXFixture.provider(SMSCXFixture.configuration(oauth: oauth), transport: SMSCXFixture.UnusedTransport())
        var dumped = ""
        dump(provider, to: &dumped)
        for text in ["\(provider)", String(reflecting: provider), "\(provider.configuration)", dumped] {
            for secret in SMSCXFixture.secrets { #expect(!text.contains(secret), "secret in: \(text)") }
        }
    }
}
