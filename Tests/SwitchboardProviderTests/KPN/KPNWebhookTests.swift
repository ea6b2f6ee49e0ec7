import Foundation
import Switchboard
import SwitchboardKPN
import Testing

/// DLR and inbound webhooks (§3.5; Vonage-style subset), as GET query, POST form and POST JSON.
@Suite("KPN webhooks")
struct KPNWebhookTests {
    static let dlrFields: [(String, String)] = [
        ("msisdn", "31612345678"), ("to", "InfoText"), ("network-code", "20408"), ("messageId", "0A00000000000001"),
        ("price", "0.05000000"), ("status", "delivered"), ("scts", "2611221200"), ("err-code", "0"),
        ("message-timestamp", "2026-11-22 12:00:05"),
    ]

    static func check(_ events: [ProviderEvent]) {
        guard events.count == 1, case .receipt(let receipt) = events[0] else {
            Issue.record("expected one receipt, got \(events)")
            return
        }
        #expect(receipt.providerMessageID == "0A00000000000001")
        #expect(receipt.state == .delivered)
        #expect(receipt.providerStatus == "delivered")
        #expect(receipt.errorCode == "0")
        #expect(receipt.price == 0.05)
        #expect(receipt.to == "31612345678")
        #expect(receipt.timestamp == Date(timeIntervalSince1970: 1_795_348_805))
    }

    @Test func receiptAsJSON() throws {
        let object = Dictionary(Self.dlrFields, uniquingKeysWith: { a, _ in a })
        let body = try JSONSerialization.data(withJSONObject: object)
        Self.check(try KPNProvider.parseWebhookRequest(WebhookRequest(
            method: "POST", path: "/dlr", headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(body))))
    }

    @Test func receiptAsForm() throws {
        Self.check(try KPNProvider.parseWebhookRequest(WebhookRequest(
            method: "POST", path: "/dlr", headers: HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded")]),
            body: Array(FormEncoding.encode(Self.dlrFields).utf8))))
    }

    @Test func receiptAsQuery() throws {
        Self.check(try KPNProvider.parseWebhookRequest(WebhookRequest(method: "GET", path: "/dlr", query: Self.dlrFields)))
    }

    static let states: [(String, DeliveryState)] = [
        ("delivered", .delivered), ("expired", .failed), ("failed", .failed), ("rejected", .failed),
        ("accepted", .pending), ("buffered", .pending), ("unknown", .unknown), ("something-new", .unknown),
    ]

    @Test("DLR status → state", arguments: states)
    func receiptStates(status: String, expected: DeliveryState) throws {
        let events = try KPNProvider.parseWebhookRequest(WebhookRequest(
            method: "GET", path: "/dlr", query: [("messageId", "X"), ("status", status), ("err-code", "4")]))
        guard case .receipt(let receipt)? = events.first else {
            Issue.record("no receipt")
            return
        }
        #expect(receipt.state == expected)
    }

    @Test func inboundSingle() throws {
        let fields = [("msisdn", "31687654321"), ("to", "3197010000000"), ("messageId", "0B0000000000AA"),
                      ("text", "STOP please"), ("type", "text"), ("keyword", "STOP"), ("message-timestamp", "2026-11-22 12:00:05")]
        let events = try KPNProvider.parseWebhookRequest(WebhookRequest(method: "GET", path: "/inbound", query: fields))
        guard case .inbound(let inbound)? = events.first else {
            Issue.record("no inbound")
            return
        }
        #expect(inbound.providerMessageID == "0B0000000000AA")
        #expect(inbound.from == "31687654321")
        #expect(inbound.to == "3197010000000")
        #expect(inbound.text == "STOP please")
        #expect(inbound.concatenation == nil)
    }

    @Test func inboundConcatenatedPart() throws {
        let object: [String: String] = ["msisdn": "31687654321", "to": "3197010000000", "messageId": "0B01", "text": "part two",
                                        "type": "unicode", "keyword": "PART", "concat": "true", "concat-ref": "17",
                                        "concat-total": "3", "concat-part": "2"]
        let events = try KPNProvider.parseWebhookRequest(WebhookRequest(
            method: "POST", path: "/inbound", headers: HTTPHeaders([("Content-Type", "application/json")]),
            body: Array(try JSONSerialization.data(withJSONObject: object))))
        guard case .inbound(let inbound)? = events.first else {
            Issue.record("no inbound")
            return
        }
        #expect(inbound.concatenation == InboundMessage.Concatenation(reference: "17", part: 2, total: 3))
    }

    @Test(arguments: ["", "{not json", #"{"status":"delivered"}"#, #"{"messageId":"X"}"#])
    func malformedWebhooksAreRefused(body: String) {
        #expect(throws: WebhookError.self) {
            try KPNProvider.parseWebhookRequest(WebhookRequest(
                method: "POST", path: "/dlr", headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(body.utf8)))
        }
    }

    @Test func timestamps() {
        #expect(KPNProvider.parseTimestamp("1970-01-01 00:00:00") == Date(timeIntervalSince1970: 0))
        #expect(KPNProvider.parseTimestamp("2018-10-25 12:10:29") == Date(timeIntervalSince1970: 1_540_469_429))
        #expect(KPNProvider.parseTimestamp("2018-13-25 12:10:29") == nil)
        #expect(KPNProvider.parseTimestamp("yesterday") == nil)
    }
}
