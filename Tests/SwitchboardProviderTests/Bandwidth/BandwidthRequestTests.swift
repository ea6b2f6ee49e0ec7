import Foundation
import Switchboard
@testable import SwitchboardBandwidth
import Testing

/// Request building (reference §4.1, §4.2): fields, auth, encoding, senders.
@Suite("Bandwidth requests")
struct BandwidthRequestTests {
    @Test func singleSendFieldsAuthAndURL() throws {
        let provider = try BandwidthFixture.provider()
        let message = try BandwidthFixture.message(callbackURL: "https://hooks.example.com/bw")
        let payload = try BandwidthMessageRequest(message: message, configuration: provider.configuration)
        let request = try provider.makeRequest(.post, url: provider.messagesURL, body: payload.jsonBody())
        #expect(request.method == .post)
        #expect(request.url == "http://127.0.0.1:9/v1/users/u-bwtestuser42/messages")
        let basic = Data("\(BandwidthFixture.apiToken):\(BandwidthFixture.apiSecret)".utf8).base64EncodedString()
        #expect(request.headers["authorization"] == "Basic \(basic)")
        #expect(request.headers["content-type"] == "application/json; charset=utf-8")
        #expect(request.totalTimeout == .milliseconds(10_000))
        let json = BandwidthFixture.jsonObject(request.body)
        #expect(json["from"] as? String == "+19195551212")
        #expect(json["to"] as? String == "+13865245000")
        #expect(json["text"] as? String == "Hello from Switchboard")
        #expect(json["callbackUrl"] as? String == "https://hooks.example.com/bw")
        #expect(json["receiptRequested"] as? String == "all")
        #expect(json["tag"] as? String == BandwidthFixture.messageID)
        #expect(json["media"] == nil)
        #expect(json.count == 6)
    }

    @Test func configuredCallbackOptionsAndTimeout() throws {
        var configuration = BandwidthFixture.configuration(baseURL: "https://api.catapult.inetwork.com/", timeoutMS: 2500)
        configuration.callbackURL = "https://default.example.com/cb"
        configuration.callbackHTTPMethod = "get"
        configuration.callbackTimeoutMS = 5000
        configuration.fallbackURL = "https://fallback.example.com/cb"
        configuration.receiptRequested = "error"
        let provider = try BandwidthFixture.provider(configuration)
        #expect(provider.messagesURL == "https://api.catapult.inetwork.com/v1/users/u-bwtestuser42/messages")
        #expect(provider.accountURL == "https://api.catapult.inetwork.com/v1/users/u-bwtestuser42/account")
        let payload = try BandwidthMessageRequest(message: try BandwidthFixture.message(), configuration: configuration)
        let json = BandwidthFixture.jsonObject(payload.jsonBody())
        #expect(json["callbackUrl"] as? String == "https://default.example.com/cb")
        #expect(json["callbackHttpMethod"] as? String == "GET")
        #expect(json["callbackTimeout"] as? Int == 5000)
        #expect(json["fallbackUrl"] as? String == "https://fallback.example.com/cb")
        #expect(json["receiptRequested"] as? String == "error")
        #expect(try provider.makeRequest(.get, url: provider.accountURL).totalTimeout == .milliseconds(2500))
    }

    @Test(arguments: ["Grüße aus Köln €", "Привет 👋🏽 мир", "emoji only 😀", "quotes \" and \\ and /slashes/"])
    func unicodeTextIsSentAsIs(_ text: String) throws {
        let payload = try BandwidthMessageRequest(message: try BandwidthFixture.message(text),
                                                  configuration: BandwidthFixture.configuration())
        let body = payload.jsonBody()
        #expect(BandwidthFixture.jsonObject(body)["text"] as? String == text)
        #expect(String(decoding: body, as: UTF8.self).contains("/slashes/") || !text.contains("/"))
    }

    @Test func alphanumericSenderIsRouteRejectedBeforeSendingAndKeptUntouched() async throws {
        let message = try BandwidthFixture.message(from: .alphanumeric("InfoText"))
        #expect(throws: ProviderError.self) {
            try BandwidthMessageRequest(message: message, configuration: BandwidthFixture.configuration())
        }
        do {
            _ = try BandwidthMessageRequest(message: message, configuration: BandwidthFixture.configuration())
        } catch {
            #expect(error.outcome == .routeRejected)
            #expect(error.code == "alphanumeric-sender")
            #expect(error.message.contains("'InfoText'"))
        }
        // Through the provider: nothing reaches the transport (it would answer notSent → unavailable).
        let provider = try BandwidthFixture.provider()
        await #expect(throws: ProviderError(.routeRejected, code: "alphanumeric-sender",
                                            message: "Bandwidth sends only from your own numbers; alphanumeric sender 'InfoText' is not supported")) {
            try await provider.send(message)
        }
    }

    @Test func senderFallsBackToConfigAndShortCodesPass() throws {
        var message = try BandwidthFixture.message()
        message.from = nil
        let json = BandwidthFixture.jsonObject(try BandwidthMessageRequest(message: message, configuration: BandwidthFixture.configuration()).jsonBody())
        #expect(json["from"] as? String == BandwidthFixture.sender)
        message.from = .shortCode("12345")
        let short = BandwidthFixture.jsonObject(try BandwidthMessageRequest(message: message, configuration: BandwidthFixture.configuration()).jsonBody())
        #expect(short["from"] as? String == "12345")
        message.from = nil
        var configuration = BandwidthFixture.configuration()
        configuration.from = nil
        do {
            _ = try BandwidthMessageRequest(message: message, configuration: configuration)
            Issue.record("expected routeRejected without any sender")
        } catch {
            #expect(error.outcome == .routeRejected)
        }
    }

    @Test func tooLongTextIsRejected() throws {
        let message = try BandwidthFixture.message(String(repeating: "a", count: 2049))
        do {
            _ = try BandwidthMessageRequest(message: message, configuration: BandwidthFixture.configuration())
            Issue.record("expected rejected")
        } catch {
            #expect(error.outcome == .rejected)
        }
        #expect(throws: Never.self) {
            try BandwidthMessageRequest(message: try BandwidthFixture.message(String(repeating: "a", count: 2048)),
                                        configuration: BandwidthFixture.configuration())
        }
    }

    @Test func bulkBodyIsAnArray() throws {
        let payloads = try (0..<3).map { i in
            try BandwidthMessageRequest(message: try BandwidthFixture.message("m\(i)", id: "id-\(i)"),
                                        configuration: BandwidthFixture.configuration())
        }
        let array = try JSONSerialization.jsonObject(with: Data(BandwidthMessageRequest.jsonBody(payloads))) as? [[String: Any]]
        #expect(array?.map { $0["tag"] as? String } == ["id-0", "id-1", "id-2"])
    }

    @Test func configurationDecodesFromYAMLWithDefaults() throws {
        func scalar(_ text: String) -> YAMLNode { YAMLNode(.scalar(text, plain: true), line: 1, column: 1) }
        let node = YAMLNode(.mapping([("user_id", "u-1"), ("api_token", "tok"), ("api_secret", "sec"), ("timeout_ms", "1500")]
            .map { (key: scalar($0.0), value: scalar($0.1)) }), line: 1, column: 1)
        let configuration = try YAMLNodeDecoder().decode(BandwidthConfiguration.self, from: node)
        #expect(configuration.baseURL == "https://api.catapult.inetwork.com")
        #expect(configuration.apiVersion == "v1")
        #expect(configuration.receiptRequested == "all")
        #expect(configuration.timeoutMS == 1500)
        #expect(BandwidthProvider.kind == "bandwidth")
    }

    @Test(arguments: ["receipt_requested", "callback_http_method", "base_url", "api_secret"])
    func badConfigurationIsRefusedWithoutSecrets(_ key: String) {
        var configuration = BandwidthFixture.configuration()
        switch key {
        case "receipt_requested": configuration.receiptRequested = "sometimes"
        case "callback_http_method": configuration.callbackHTTPMethod = "PUT"
        case "base_url": configuration.baseURL = "ftp://x"
        default: configuration.apiSecret = ""
        }
        do {
            _ = try BandwidthFixture.provider(configuration)
            Issue.record("expected a configuration error")
        } catch {
            let text = "\(error)"
            #expect(text.contains(key))
            for secret in BandwidthFixture.secrets { #expect(!text.contains(secret)) }
        }
    }
}
