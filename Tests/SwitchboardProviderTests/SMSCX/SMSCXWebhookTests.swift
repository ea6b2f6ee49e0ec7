import Foundation
import Switchboard
@testable import SwitchboardSMSCX
import Testing

/// Webhook parsing (reference §2.5): batched `dlr_update` and `receive_sms`.
@Suite("SMS.CX webhooks")
struct SMSCXWebhookTests {
    static func request(_ body: String, method: String = "POST") -> WebhookRequest {
        WebhookRequest(method: method, path: "/smscx", headers: ["Content-Type": "application/json"], body: Array(body.utf8))
    }

    @Test func batchedDLRUpdate() throws {
        let body = """
        {"event":"dlr_update","data":[
        {"campaignId":"c1","msgId":"m1","statusCode":3,"status":"DELIVERED","errorCode":null,"datetime":"2026-03-04 05:06:07","trackData":"0d9c1b2a-7e6f-4a5b-9c8d-aabbccddeeff"},
        {"campaignId":"c1","msgId":"m2","statusCode":4,"status":"FAILED","errorCode":4001,"datetime":"2026-03-04 05:06:08"},
        {"campaignId":"c1","msgId":"m3","statusCode":2,"status":"SENT","errorCode":null,"datetime":"2026-03-04 05:06:09"},
        {"campaignId":"c1","msgId":"m1","statusCode":3,"status":"DELIVERED","errorCode":null,"datetime":"2026-03-04 05:06:07"}
        ]}
        """
        let events = try SMSCXProvider.parseWebhookBody(Self.request(body))
        #expect(events.count == 3)  // the duplicate m1/DELIVERED is dropped
        guard case .receipt(let first) = events[0], case .receipt(let second) = events[1], case .receipt(let third) = events[2] else {
            Issue.record("expected receipts")
            return
        }
        #expect(first.providerMessageID == "m1")
        #expect(first.state == .delivered)
        #expect(first.clientReference == "0d9c1b2a-7e6f-4a5b-9c8d-aabbccddeeff")
        #expect(first.timestamp == Date(timeIntervalSince1970: 1_772_600_767))
        #expect(second.state == .failed)
        #expect(second.errorCode == "4001")
        #expect(second.providerStatus == "FAILED")
        #expect(third.state == .pending)
    }

    @Test("DLR status → delivery state", arguments: [
        ("ACCEPTED", Int?.none, DeliveryState.pending), ("SCHEDULED", nil, .pending), ("SENT", nil, .pending),
        ("DELIVERED", nil, .delivered), ("FAILED", 4001, .failed), ("FAILED", nil, .failed), ("REJECTED", nil, .failed),
        ("NO COVERAGE", nil, .failed), ("DELIVERED", 12, .failed), ("WHATEVER", nil, .unknown),
    ])
    func state(status: String, errorCode: Int?, expected: DeliveryState) {
        #expect(SMSCXDeliveryStatus.state(status: status, errorCode: errorCode) == expected)
    }

    @Test func receiveSMS() throws {
        let body = """
        {"event":"receive_sms","data":[
        {"msgId":"in1","from":"+31612345678","countryIso":"NL","to":"3131","text":"STOP","cost":0.0,"receivedAt":"2026-01-01 00:00:00"},
        {"msgId":"in2","from":"+4915112345678","countryIso":"DE","to":"3131","text":"Héllo 😀","cost":0.01,"receivedAt":"2026-01-01 00:00:01"}
        ]}
        """
        let events = try SMSCXProvider.parseWebhookBody(Self.request(body))
        #expect(events.count == 2)
        guard case .inbound(let first) = events[0], case .inbound(let second) = events[1] else {
            Issue.record("expected inbound messages")
            return
        }
        #expect(first.providerMessageID == "in1")
        #expect(first.from == "+31612345678")
        #expect(first.to == "3131")
        #expect(first.text == "STOP")
        #expect(first.timestamp == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(second.text == "Héllo 😀")
    }

    @Test("other event types give no events", arguments: ["shortlink_hit", "new_optout", "receive_viber", "attachment_hit"])
    func otherEvents(event: String) throws {
        #expect(try SMSCXProvider.parseWebhookBody(Self.request(#"{"event":"\#(event)","data":[{"x":1}]}"#)).isEmpty)
    }

    @Test("malformed webhooks", arguments: [
        "not json", #"{"data":[]}"#, #"{"event":"dlr_update","data":[{"status":"DELIVERED"}]}"#,
        #"{"event":"receive_sms","data":{"msgId":"x"}}"#,
    ])
    func malformed(body: String) {
        #expect(throws: WebhookError.self) { try SMSCXProvider.parseWebhookBody(Self.request(body)) }
    }

    @Test func unknownEventAndGetAreUnsupported() {
        #expect(throws: WebhookError.self) { try SMSCXProvider.parseWebhookBody(Self.request(#"{"event":"nope","data":[]}"#)) }
        #expect(throws: WebhookError.self) {
            try SMSCXProvider.parseWebhookBody(Self.request(#"{"event":"dlr_update","data":[]}"#, method: "GET"))
        }
    }
}
