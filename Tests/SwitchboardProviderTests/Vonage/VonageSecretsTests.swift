import Foundation
import Switchboard
import SwitchboardVonage
import Testing

@Suite("Vonage secrets stay secret")
struct VonageSecretsTests {
    static func check(_ text: String) {
        for secret in VonageFixture.secrets { #expect(!text.contains(secret), "secret leaked in: \(text)") }
    }

    @Test func configurationAndRequestsPrintWithoutSecrets() throws {
        for auth in VonageAuthMode.allCases {
            let configuration = VonageFixture.configuration(auth: auth, withSignature: true)
            Self.check("\(configuration)")
            Self.check(String(reflecting: configuration))
            var dumped = ""
            dump(configuration, to: &dumped)
            Self.check(dumped)
            let provider = try VonageFixture.provider(configuration, transport: try CurlTransport())
            Self.check("\(provider.sendRequest(for: try VonageFixture.message()))")
            Self.check("\(provider.balanceRequest())")
        }
    }

    @Test func configurationErrorsDoNotQuoteSecrets() {
        let bad = VonageConfiguration(apiKey: "abcd1234", apiSecret: VonageFixture.apiSecret, signatureSecret: VonageFixture.signatureSecret,
                                      baseURL: "nope://\(VonageFixture.apiSecret)")
        do {
            _ = try VonageFixture.provider(bad, transport: try CurlTransport())
            Issue.record("bad base_url accepted")
        } catch {
            Self.check("\(error)")
        }
    }

    @Test func transportFailureTextHasNoSecrets() async throws {
        let logs = LogCapture()
        // Port 9 (discard) on 127.0.0.1 is closed in the test environment: connection refused.
        let provider = try VonageFixture.provider(VonageFixture.configuration(), transport: try CurlTransport(), logs: logs)
        let message = try VonageFixture.message()
        do {
            _ = try await provider.send(message)
            Issue.record("send to a closed port succeeded")
        } catch {
            #expect(error.outcome == .unavailable)
            Self.check(error.description)
        }
        let health = await provider.checkHealth()
        #expect(health.status == .down)
        Self.check(health.detail)
        for line in logs.lines { Self.check(line) }
    }

    @Test func responseErrorsHaveNoSecrets() {
        for status in ["1", "4", "9", "14", "32"] {
            let body = #"{"message-count":"1","messages":[{"status":"\#(status)","error-text":"Bad"}]}"#
            do {
                _ = try VonageProvider.parseSendResponse(HTTPResponse(status: 200, body: Array(body.utf8)))
            } catch {
                Self.check(error.description)
            }
        }
    }
}
