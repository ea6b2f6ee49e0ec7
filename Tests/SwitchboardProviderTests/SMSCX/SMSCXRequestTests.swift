import Foundation
import Switchboard
@testable import SwitchboardSMSCX
import Testing

/// Request building (reference §2.2): field names, number format, sender, unicode, idempotency,
/// trackData, transliteration, bulk grouping.
@Suite("SMS.CX requests")
struct SMSCXRequestTests {
    let provider: SMSCXProvider

    init() throws {
        provider = try SMSCXFixture.provider(
            SMSCXFixture.configuration(transliteration: .init(alphabet: "NON_GSM", removeEmojis: true)),
            transport: SMSCXFixture.UnusedTransport())
    }

    @Test func singleSendFields() throws {
        let message = try SMSCXFixture.message(callbackURL: "https://hooks.example.com/smscx/dlr")
        let body = try SMSCXFixture.json(provider.sendRequest(for: [message], from: "InfoText"))
        #expect(body["to"] as? String == "+31612345678")
        #expect(body["from"] as? String == "InfoText")
        #expect(body["text"] as? String == "Hello from Switchboard")
        #expect(body["idempotencyId"] as? String == SMSCXFixture.idempotencyKey)
        #expect(body["dlrCallbackUrl"] as? String == "https://hooks.example.com/smscx/dlr")
        #expect(body["trackData"] as? String == SMSCXFixture.messageID)
        #expect(body["allowInvalid"] == nil)
        let transliteration = body["transliteration"] as? [String: Any]
        #expect(transliteration?["alphabet"] as? String == "NON_GSM")
        #expect(transliteration?["removeEmojis"] as? Bool == true)
        // No guessed names.
        for wrong in ["callbackUrl", "scheduleAt", "tag", "clientRef", "client-ref"] { #expect(body[wrong] == nil) }
    }

    @Test("sender as the API wants it", arguments: [
        (SenderID.alphanumeric("InfoText"), "InfoText"), (.alphanumeric("My Shop"), "My Shop"), (.shortCode("3131"), "3131"),
    ])
    func sender(from: SenderID, expected: String) throws {
        #expect(provider.sender(for: try SMSCXFixture.message(from: from)) == expected)
    }

    @Test func numberSenderIsE164() throws {
        let from = SenderID.number(try PhoneNumber(parsing: "+447700900123"))
        #expect(provider.sender(for: try SMSCXFixture.message(from: from)) == "+447700900123")
    }

    @Test func defaultFromWhenTheMessageHasNone() throws {
        var configuration = SMSCXFixture.configuration()
        configuration.defaultFrom = "Alerts"
        let withDefault = try SMSCXFixture.provider(configuration, transport: SMSCXFixture.UnusedTransport())
        #expect(withDefault.sender(for: try SMSCXFixture.message(from: nil)) == "Alerts")
        #expect(provider.sender(for: try SMSCXFixture.message(from: nil)) == nil)
    }

    @Test func noSenderAtAllIsRouteRejectedWithoutARequest() async throws {
        let error = await #expect(throws: ProviderError.self) {
            _ = try await provider.send(try SMSCXFixture.message(from: nil))
        }
        #expect(error?.outcome == .routeRejected)
    }

    @Test func unicodeTextIsSentAsUTF8JSON() throws {
        let text = "Привет, 😀 ünïcödé — €5"
        let message = try SMSCXFixture.message(text)
        let data = Data(provider.sendRequest(for: [message], from: "InfoText").jsonBody)
        let decoded = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(decoded?["text"] as? String == text)
        #expect(String(decoding: data, as: UTF8.self).contains("Привет"))
    }

    @Test("the hand-written body says what the Encodable form says", arguments: [1, 3])
    func handWrittenBodyMatchesEncodable(count: Int) throws {
        var messages: [OutboundMessage] = []
        for n in 0..<count {
            var message = try SMSCXFixture.message("Line \"one\"\nline\ttwo / back\\slash \u{01} é")
            message.callbackURL = "https://hooks.example.com/webhooks/smscx/receipts?x=1&y=/\(n)"
            messages.append(message)
        }
        var request = provider.sendRequest(for: messages, from: "Info/Text")
        request.transliteration = .init(alphabet: "GSM", removeEmojis: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let ours = try JSONSerialization.jsonObject(with: Data(request.jsonBody)) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: encoder.encode(request)) as? NSDictionary
        #expect(ours != nil)
        #expect(ours == theirs)
    }

    @Test("idempotencyId is always a UUID v1–v5, stable across retries", arguments: [
        "9b2f6c1e-3d4a-4e5f-8a7b-112233445566", "not-a-uuid", "msg-0001", "018f4e2c-1d2b-7c3d-8e4f-001122334455",
    ])
    func idempotencyID(key: String) throws {
        let message = try SMSCXFixture.message(idempotencyKey: key)
        let first = provider.sendRequest(for: [message], from: "InfoText").idempotencyId
        let second = provider.sendRequest(for: [message], from: "InfoText").idempotencyId
        #expect(first == second)
        #expect(SMSCXUUID.isValidV1toV5(first))
        if SMSCXUUID.isValidV1toV5(key) { #expect(first == key) } else { #expect(first != key) }
    }

    @Test("trackData only when our id is a UUID v1–v5", arguments: [
        ("0d9c1b2a-7e6f-4a5b-9c8d-aabbccddeeff", true), ("msg-0001", false),
        ("018f4e2c-1d2b-7c3d-8e4f-001122334455", false),  // v7: the API would drop it silently
        ("0d9c1b2a-7e6f-4a5b-1c8d-aabbccddeeff", false),  // wrong variant
    ])
    func trackData(id: String, sent: Bool) throws {
        let request = provider.sendRequest(for: [try SMSCXFixture.message(id: id)], from: "InfoText")
        #expect((request.trackData != nil) == sent)
        if sent { #expect(request.trackData == id) }
    }

    @Test func uuidV5MatchesTheRFCExample() {
        // RFC 4122 / Python uuid.uuid5(NAMESPACE_URL, "http://python.org/") = 4c565f0d-3f5a-5890-b41b-20cf47701c5e.
        #expect(SMSCXUUID.v5(name: "http://python.org/") == "4c565f0d-3f5a-5890-b41b-20cf47701c5e")
        #expect(SHA1.hash(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
            == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func bulkRequestHasAToArrayAndAllowInvalid() throws {
        let messages = try ["+31612345678", "+4915112345678", "+447700900123"].enumerated().map { index, number in
            try SMSCXFixture.message(to: number, id: "m\(index)", idempotencyKey: "key-\(index)")
        }
        let request = provider.sendRequest(for: messages, from: "InfoText")
        #expect(request.to == .many(["+31612345678", "+4915112345678", "+447700900123"]))
        #expect(request.allowInvalid == true)
        #expect(request.trackData == nil)
        #expect(SMSCXUUID.isValidV1toV5(request.idempotencyId))
        #expect(request.idempotencyId == provider.sendRequest(for: messages, from: "InfoText").idempotencyId)
        #expect(request.idempotencyId != provider.sendRequest(for: Array(messages.prefix(2)), from: "InfoText").idempotencyId)
    }

    @Test func batchGroupsByTextSenderAndCallback() throws {
        let batch = [
            try SMSCXFixture.message("A", to: "+31612345671"),
            try SMSCXFixture.message("B", to: "+31612345672"),
            try SMSCXFixture.message("A", to: "+31612345673"),
            try SMSCXFixture.message("A", to: "+31612345674", from: .alphanumeric("Other")),
            try SMSCXFixture.message("A", to: "+31612345675", callbackURL: "https://x.example/dlr"),
            try SMSCXFixture.message("A", to: "+31612345676"),
        ]
        #expect(SMSCXProvider.groups(batch) == [[0, 2, 5], [1], [3], [4]])
    }

    @Test func groupsAreSplitAt25000() throws {
        let message = try SMSCXFixture.message()
        let groups = SMSCXProvider.groups(Array(repeating: message, count: 25_001))
        #expect(groups.map(\.count) == [25_000, 1])
    }

    @Test func capabilities() {
        #expect(provider.capabilities.maxBatchSize == 25_000)
        #expect(provider.capabilities.idempotentRetries)
        #expect(provider.capabilities.channels == [.sms])
        #expect(provider.capabilities.reportsBalance)
        #expect(SMSCXProvider.kind == "smscx")
    }

    @Test func registersAndDefaults() throws {
        var registry = ProviderRegistry()
        registry.register(SMSCXProvider.self)
        #expect(registry.kinds.contains("smscx"))
        let configuration = SMSCXConfiguration()
        #expect(configuration.baseURL == "https://api.sms.cx")
        #expect(configuration.timeoutMilliseconds == 10_000)
    }

    @Test("bad configurations are refused", arguments: [
        SMSCXConfiguration(),  // no credentials
        SMSCXConfiguration(apiKey: "k", timeoutMilliseconds: 0),
        SMSCXConfiguration(baseURL: "ftp://x", apiKey: "k"),
        SMSCXConfiguration(applicationID: "id"),  // secret missing
        SMSCXConfiguration(apiKey: "k", transliteration: .init(alphabet: "KLINGON")),
    ])
    func badConfiguration(configuration: SMSCXConfiguration) {
        #expect(throws: ProviderConfigurationError.self) {
            _ = try SMSCXFixture.provider(configuration, transport: SMSCXFixture.UnusedTransport())
        }
    }
}
