import Foundation
import Switchboard
import SwitchboardVonage
import Testing

@Suite("Vonage request building")
struct VonageRequestTests {
    static func fields(_ request: HTTPRequest) -> [String: String] {
        var map: [String: String] = [:]
        for (k, v) in FormEncoding.decode(String(decoding: request.body, as: UTF8.self)) { map[k] = v }
        return map
    }

    static func provider(_ configuration: VonageConfiguration) throws -> VonageProvider {
        try VonageFixture.provider(configuration, transport: try CurlTransport(), clock: FixedVonageClock(seconds: 1461605396))
    }

    @Test func bodyAuthFieldsExactlyAsTheSpecNamesThem() throws {
        let provider = try Self.provider(VonageFixture.configuration(baseURL: "http://127.0.0.1:9/"))
        let request = provider.sendRequest(for: try VonageFixture.message(callbackURL: "https://hooks.example/dlr"))
        #expect(request.method == .post)
        #expect(request.url == "http://127.0.0.1:9/sms/json")
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(request.totalTimeout == .seconds(10))
        #expect(request.headers["authorization"] == nil)
        let f = Self.fields(request)
        #expect(f["api_key"] == VonageFixture.apiKey)
        #expect(f["api_secret"] == VonageFixture.apiSecret)
        #expect(f["to"] == "447700900000")  // no "+"
        #expect(f["from"] == "InfoText")
        #expect(f["text"] == "Hello from Switchboard")
        #expect(f["type"] == "text")
        #expect(f["client-ref"] == "msg-0001")
        #expect(f["callback"] == "https://hooks.example/dlr")
        #expect(f["sig"] == nil)
    }

    @Test(arguments: [
        (SenderID.alphanumeric("InfoText"), "InfoText"),
        (.alphanumeric("My Shop"), "My Shop"),  // spaces kept exactly
        (.shortCode("3131"), "3131"),
    ])
    func senderIsKept(sender: SenderID, expected: String) throws {
        let provider = try Self.provider(VonageFixture.configuration())
        #expect(Self.fields(provider.sendRequest(for: try VonageFixture.message(from: sender)))["from"] == expected)
    }

    @Test func numericSenderHasNoPlus() throws {
        let provider = try Self.provider(VonageFixture.configuration())
        let sender = SenderID.number(try PhoneNumber(parsing: "+31612345678"))
        #expect(Self.fields(provider.sendRequest(for: try VonageFixture.message(from: sender)))["from"] == "31612345678")
    }

    @Test(arguments: [("Hello", "text"), ("Grüße €", "text"), ("Привет", "unicode"), ("你好 😀", "unicode")])
    func typeFollowsTheEncoding(text: String, type: String) throws {
        let provider = try Self.provider(VonageFixture.configuration())
        let f = Self.fields(provider.sendRequest(for: try VonageFixture.message(text)))
        #expect(f["type"] == type)
        #expect(f["text"] == text)
    }

    @Test func clientRefIsCutTo40Characters() throws {
        let provider = try Self.provider(VonageFixture.configuration())
        let id = String(repeating: "x", count: 50)
        #expect(Self.fields(provider.sendRequest(for: try VonageFixture.message(id: id)))["client-ref"] == String(repeating: "x", count: 40))
    }

    @Test func basicAuthUsesTheHeaderAndNoSecretInTheBody() throws {
        let provider = try Self.provider(VonageFixture.configuration(auth: .basic))
        let request = provider.sendRequest(for: try VonageFixture.message())
        let expected = "Basic " + Data("\(VonageFixture.apiKey):\(VonageFixture.apiSecret)".utf8).base64EncodedString()
        #expect(request.headers["authorization"] == expected)
        let f = Self.fields(request)
        #expect(f["api_key"] == nil && f["api_secret"] == nil)
    }

    @Test(arguments: VonageSignatureMethod.allCases)
    func signedRequestsCarryKeyTimestampAndSigButNoSecret(method: VonageSignatureMethod) throws {
        let provider = try Self.provider(VonageFixture.configuration(auth: .signature, method: method))
        let request = provider.sendRequest(for: try VonageFixture.message("a&b=c"))
        let pairs = FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
        let f = Self.fields(request)
        #expect(f["api_key"] == VonageFixture.apiKey)
        #expect(f["api_secret"] == nil)
        #expect(f["timestamp"] == "1461605396")
        #expect(f["text"] == "a&b=c")  // sent unchanged
        #expect(VonageSignature.verify(pairs, secret: VonageFixture.signatureSecret, method: method))
        #expect(!VonageSignature.verify(pairs, secret: "wrong", method: method))
    }

    @Test func signatureIsTheDefaultWhenOnlyASignatureSecretIsGiven() throws {
        let configuration = VonageConfiguration(apiKey: VonageFixture.apiKey, signatureSecret: VonageFixture.signatureSecret)
        #expect(configuration.effectiveAuth == .signature)
        #expect(VonageFixture.configuration().effectiveAuth == .body)
    }

    @Test func timeoutComesFromTheConfiguration() throws {
        let provider = try Self.provider(VonageFixture.configuration(timeoutMilliseconds: 2500))
        #expect(provider.sendRequest(for: try VonageFixture.message()).totalTimeout == .milliseconds(2500))
        #expect(provider.balanceRequest().totalTimeout == .milliseconds(2500))
    }

    @Test func balanceProbeUsesQueryCredentials() throws {
        let provider = try Self.provider(VonageFixture.configuration())
        let request = provider.balanceRequest()
        #expect(request.method == .get)
        #expect(request.url.hasPrefix("http://127.0.0.1:9/account/get-balance?"))
        #expect(request.url.contains("api_key=\(VonageFixture.apiKey)"))
        #expect(!request.description.contains(VonageFixture.apiSecret))
    }

    @Test func capabilities() throws {
        let capabilities = try Self.provider(VonageFixture.configuration()).capabilities
        #expect(capabilities.channels == [.sms])
        #expect(capabilities.maxBatchSize == 1)
        #expect(!capabilities.idempotentRetries)
        #expect(capabilities.reportsBalance)
        #expect(VonageProvider.kind == "vonage")
    }

    @Test func decodesFromYAMLWithSnakeCaseKeys() throws {
        let pairs = [("api_key", "abcd1234"), ("api_secret", "secretvalue"), ("signature_secret", "sigsecret"),
                     ("signature_method", "sha256"), ("auth", "basic"), ("base_url", "http://127.0.0.1:1234"), ("timeout_ms", "1500")]
        let node = YAMLNode(.mapping(pairs.map { (key: YAMLNode(.scalar($0.0, plain: true), line: 1, column: 1),
                                                  value: YAMLNode(.scalar($0.1, plain: true), line: 1, column: 10)) }), line: 1, column: 1)
        let configuration = try YAMLNodeDecoder().decode(VonageConfiguration.self, from: node)
        #expect(configuration.apiKey == "abcd1234")
        #expect(configuration.signatureMethod == .sha256)
        #expect(configuration.auth == .basic)
        #expect(configuration.baseURL == "http://127.0.0.1:1234")
        #expect(configuration.timeoutMilliseconds == 1500)
        #expect(!"\(configuration)".contains("secretvalue"))
        #expect(!String(reflecting: configuration).contains("sigsecret"))
    }

    @Test(arguments: [
        VonageConfiguration(apiKey: ""),
        VonageConfiguration(apiKey: "k", apiSecret: nil),
        VonageConfiguration(apiKey: "k", apiSecret: "s", auth: .signature),
        VonageConfiguration(apiKey: "k", apiSecret: "s", baseURL: "ftp://x"),
        VonageConfiguration(apiKey: "k", apiSecret: "s", ttlMilliseconds: 5),
    ])
    func badConfigurationsAreRefused(configuration: VonageConfiguration) throws {
        #expect(throws: ProviderConfigurationError.self) { try Self.provider(configuration) }
    }
}
