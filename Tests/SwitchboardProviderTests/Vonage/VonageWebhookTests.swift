import Foundation
import Switchboard
import SwitchboardVonage
import Testing

@Suite("Vonage webhooks")
struct VonageWebhookTests {
    static let docReceipt = #"{"err-code":"0","message-timestamp":"2018-10-25 12:10:29","messageId":"0B00000127FDBC63","msisdn":"447547232824","network-code":"23410","price":"0.03330000","scts":"1810251310","status":"delivered","to":"Vonage"}"#

    static func provider(signed: Bool = false, method: VonageSignatureMethod = .md5hash) throws -> VonageProvider {
        try VonageFixture.provider(VonageFixture.configuration(method: method, withSignature: signed), transport: try CurlTransport())
    }

    static func receipt(_ events: [ProviderEvent]) -> DeliveryReceipt? {
        guard events.count == 1, case .receipt(let receipt) = events[0] else { return nil }
        return receipt
    }

    static func inbound(_ events: [ProviderEvent]) -> InboundMessage? {
        guard events.count == 1, case .inbound(let message) = events[0] else { return nil }
        return message
    }

    @Test func docExampleReceiptAsJSON() throws {
        let events = try Self.provider().parseWebhook(WebhookRequest(method: "POST", path: "/dlr", headers: ["Content-Type": "application/json"],
                                                                     body: Array(Self.docReceipt.utf8)))
        let receipt = try #require(Self.receipt(events))
        #expect(receipt.providerMessageID == "0B00000127FDBC63")  // camelCase messageId
        #expect(receipt.state == .delivered)
        #expect(receipt.providerStatus == "delivered")
        #expect(receipt.errorCode == "0")
        #expect(receipt.price == 0.0333)
        #expect(receipt.to == "447547232824")
        #expect(receipt.timestamp == Date(timeIntervalSince1970: 1_540_469_429))  // 2018-10-25 12:10:29 UTC
        #expect(receipt.clientReference == nil)
    }

    @Test func receiptAsGETQuery() throws {
        let query = [("msisdn", "447700900000"), ("to", "InfoText"), ("messageId", "0A01"), ("status", "expired"),
                     ("err-code", "3"), ("client-ref", "msg-0001"), ("message-timestamp", "2020-01-01 14:00:00"), ("price", "0.05")]
        let receipt = try #require(Self.receipt(try Self.provider().parseWebhook(WebhookRequest(method: "GET", path: "/dlr", query: query))))
        #expect(receipt.state == .failed)
        #expect(receipt.clientReference == "msg-0001")
        #expect(receipt.errorCode == "3")
        #expect(receipt.timestamp == Date(timeIntervalSince1970: 1_577_887_200))
    }

    @Test func receiptAsPOSTForm() throws {
        let body = FormEncoding.encode([("msisdn", "447700900000"), ("messageId", "0A02"), ("status", "buffered"), ("scts", "2001011400")])
        let receipt = try #require(Self.receipt(try Self.provider().parseWebhook(
            WebhookRequest(method: "POST", path: "/dlr", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(body.utf8)))))
        #expect(receipt.providerMessageID == "0A02")
        #expect(receipt.state == .pending)
        #expect(receipt.timestamp == Date(timeIntervalSince1970: 1_577_887_200))  // scts 2001011400 = 2020-01-01 14:00
    }

    @Test func inboundSinglePart() throws {
        let query = [("api-key", "abcd1234"), ("msisdn", "447700900001"), ("to", "447700900000"), ("messageId", "0C00000001"),
                     ("text", "Hello there"), ("type", "text"), ("keyword", "HELLO"), ("message-timestamp", "2020-01-01 14:00:00")]
        let message = try #require(Self.inbound(try Self.provider().parseWebhook(WebhookRequest(method: "GET", path: "/inbound", query: query))))
        #expect(message.providerMessageID == "0C00000001")
        #expect(message.from == "447700900001")
        #expect(message.to == "447700900000")
        #expect(message.text == "Hello there")
        #expect(message.concatenation == nil)
    }

    @Test func inboundConcatenatedPartAsJSON() throws {
        let body = #"{"api-key":"abcd1234","msisdn":"447700900001","to":"447700900000","messageId":"0C00000002","text":"part two","type":"text","keyword":"PART","message-timestamp":"2020-01-01 14:00:00","concat":"true","concat-ref":"1","concat-total":"3","concat-part":"2"}"#
        let message = try #require(Self.inbound(try Self.provider().parseWebhook(
            WebhookRequest(method: "POST", path: "/inbound", headers: ["Content-Type": "application/json"], body: Array(body.utf8)))))
        #expect(message.concatenation == InboundMessage.Concatenation(reference: "1", part: 2, total: 3))
    }

    @Test(arguments: [
        #"{"msisdn":"447700900001","to":"447700900000","messageId":"X","text":"t","concat":"true","concat-ref":"1","concat-total":"2"}"#,
        #"{"msisdn":"447700900001","to":"447700900000","text":"t"}"#,
        #"{"status":"delivered","msisdn":"447700900001"}"#,
        #"{"hello":"world"}"#,
        #"not json {"#,
    ])
    func malformedWebhooks(body: String) throws {
        #expect(throws: WebhookError.self) {
            try Self.provider().parseWebhook(WebhookRequest(method: "POST", path: "/x", headers: ["Content-Type": "application/json"], body: Array(body.utf8)))
        }
    }

    @Test(arguments: VonageSignatureMethod.allCases)
    func signedWebhooksVerify(method: VonageSignatureMethod) throws {
        var fields = [("msisdn", "447700900000"), ("to", "InfoText"), ("messageId", "0A03"), ("status", "delivered"),
                      ("message-timestamp", "2020-01-01 14:00:00"), ("timestamp", "1577887200"), ("nonce", "a3f1")]
        let sig = VonageSignature.sign(fields, secret: VonageFixture.signatureSecret, method: method)
        fields.append(("sig", sig.uppercased()))  // case-insensitive
        let provider = try Self.provider(signed: true, method: method)
        #expect(Self.receipt(try provider.parseWebhook(WebhookRequest(method: "GET", path: "/dlr", query: fields))) != nil)

        // The same as JSON.
        let json = "{" + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
        #expect(Self.receipt(try provider.parseWebhook(WebhookRequest(method: "POST", path: "/dlr", headers: ["Content-Type": "application/json"],
                                                                      body: Array(json.utf8)))) != nil)

        // Tampered, unsigned, wrong secret.
        var tampered = fields
        tampered[3] = ("status", "failed")
        #expect(throws: WebhookError.self) { try provider.parseWebhook(WebhookRequest(method: "GET", path: "/dlr", query: tampered)) }
        #expect(throws: WebhookError.self) { try provider.parseWebhook(WebhookRequest(method: "GET", path: "/dlr", query: Array(fields.dropLast()))) }
        do {
            _ = try provider.parseWebhook(WebhookRequest(method: "GET", path: "/dlr", query: tampered))
            Issue.record("tampered webhook accepted")
        } catch {
            guard case .badSignature = error else { Issue.record("expected badSignature, got \(error)"); return }
            for secret in VonageFixture.secrets { #expect(!"\(error)".contains(secret)) }
        }
    }

    @Test func unsignedWebhooksAreFineWithoutASignatureSecret() throws {
        let query = [("msisdn", "447700900000"), ("messageId", "0A04"), ("status", "rejected")]
        #expect(Self.receipt(try Self.provider(signed: false).parseWebhook(WebhookRequest(method: "GET", path: "/dlr", query: query)))?.state == .failed)
    }
}
