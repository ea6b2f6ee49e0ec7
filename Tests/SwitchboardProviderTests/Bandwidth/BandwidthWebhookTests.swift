import Foundation
import Switchboard
@testable import SwitchboardBandwidth
import Testing

/// Callback parsing (reference §4.5): receipts and inbound, JSON and query string.
@Suite("Bandwidth webhooks")
struct BandwidthWebhookTests {
    static func post(_ json: String, contentType: String = "application/json; charset=utf-8", headers: HTTPHeaders = [:]) -> WebhookRequest {
        var all = headers
        all.add(name: "Content-Type", value: contentType)
        return WebhookRequest(method: "POST", path: "/bandwidth", headers: all, body: Array(json.utf8))
    }

    @Test func inboundFromTheDocs() throws {
        let json = #"{"eventType":"sms","direction":"in","messageId":"m-xx","messageUri":"https://api.catapult.inetwork.com/v1/users/u-1/messages/m-xx","from":"+13233326955","to":"+13865245000","text":"Example","applicationId":"a-1","time":"2012-11-14T16:13:06.076Z","state":"received","segmentCount":1}"#
        let events = try BandwidthFixture.provider().parseWebhook(Self.post(json))
        guard case .inbound(let message)? = events.first, events.count == 1 else {
            Issue.record("expected one inbound message, got \(events)")
            return
        }
        #expect(message.providerMessageID == "m-xx")
        #expect(message.from == "13233326955")
        #expect(message.to == "13865245000")
        #expect(message.text == "Example")
        #expect(message.timestamp == Date(timeIntervalSince1970: 1_352_909_586.076))
    }

    struct ReceiptCase: Sendable, CustomStringConvertible {
        var fields: String
        var state: DeliveryState
        var status: String
        var errorCode: String?
        var description: String { fields }
    }

    static let receiptCases: [ReceiptCase] = [
        .init(fields: #""state":"sent","deliveryState":"delivered","deliveryCode":"0","deliveryDescription":"Message Delivered to Carrier""#,
              state: .delivered, status: "delivered", errorCode: nil),
        .init(fields: #""state":"sent","deliveryState":"delivered","deliveryCode":0"#, state: .delivered, status: "delivered", errorCode: nil),
        .init(fields: #""state":"error","deliveryState":"not-delivered","deliveryCode":"720","deliveryDescription":"Invalid Destination Address""#,
              state: .failed, status: "not-delivered", errorCode: "720"),
        .init(fields: #""state":"error","deliveryState":"not-delivered","deliveryCode":902"#, state: .failed, status: "not-delivered", errorCode: "902"),
        .init(fields: #""state":"sending","deliveryState":"waiting""#, state: .pending, status: "waiting", errorCode: nil),
        .init(fields: #""state":"sent""#, state: .pending, status: "sent", errorCode: nil),
        .init(fields: #""state":"error""#, state: .failed, status: "error", errorCode: nil),
        .init(fields: #""state":"odd""#, state: .unknown, status: "odd", errorCode: nil),
    ]

    @Test(arguments: receiptCases)
    func parsesReceipt(_ c: ReceiptCase) throws {
        let json = #"{"eventType":"sms","direction":"out","messageId":"m-77","messageUri":"https://x/v1/users/u-1/messages/m-77","from":"+19195551212","to":"+13865245000","text":"hi","time":"2012-11-14T16:13:06Z","tag":"sb-42",\#(c.fields)}"#
        let events = try BandwidthProvider.events(from: Self.post(json))
        guard case .receipt(let receipt)? = events.first else {
            Issue.record("expected a receipt, got \(events)")
            return
        }
        #expect(receipt.providerMessageID == "m-77")
        #expect(receipt.clientReference == "sb-42")
        #expect(receipt.state == c.state)
        #expect(receipt.providerStatus == c.status)
        #expect(receipt.errorCode == c.errorCode)
        #expect(receipt.to == "13865245000")
        #expect(receipt.timestamp == Date(timeIntervalSince1970: 1_352_909_586))
    }

    @Test func getCallbackWithQueryString() throws {
        let query = FormEncoding.decode("messageId=m-asdf&from=%2B19195551212&to=%2B13865245000&eventType=sms&direction=out&state=sent&deliveryState=delivered&deliveryCode=0&tag=sb-1")
        let events = try BandwidthProvider.events(from: WebhookRequest(method: "GET", path: "/bandwidth", query: query))
        guard case .receipt(let receipt)? = events.first else {
            Issue.record("expected a receipt")
            return
        }
        #expect(receipt.providerMessageID == "m-asdf")
        #expect(receipt.state == .delivered)
        #expect(receipt.clientReference == "sb-1")
    }

    @Test(arguments: [
        (#"{"eventType":"call","direction":"in","messageId":"c-1"}"#, "unsupported"),
        (#"{"eventType":"sms","direction":"in"}"#, "malformed"),
        (#"{"eventType":"sms","direction":"sideways","messageId":"m-1"}"#, "malformed"),
        ("not json at all", "malformed"),
        (#"[{"eventType":"sms"}]"#, "malformed"),
    ])
    func refusesOtherShapes(json: String, kind: String) {
        do {
            _ = try BandwidthProvider.events(from: Self.post(json))
            Issue.record("expected \(kind)")
        } catch {
            switch error {
            case .unsupported: #expect(kind == "unsupported")
            case .malformed: #expect(kind == "malformed")
            case .badSignature: Issue.record("no signature on Bandwidth callbacks")
            }
        }
    }

    @Test func optionalBasicCredentialsOnCallbacks() throws {
        var configuration = BandwidthFixture.configuration()
        configuration.webhookUsername = "hookuser"
        configuration.webhookPassword = "hookPass-991"
        let provider = try BandwidthFixture.provider(configuration)
        let json = #"{"eventType":"sms","direction":"in","messageId":"m-1","from":"+1","to":"+2","text":"x"}"#
        #expect(throws: WebhookError.self) { try provider.parseWebhook(Self.post(json)) }
        let wrong = "Basic " + Data("hookuser:nope".utf8).base64EncodedString()
        #expect(throws: WebhookError.self) { try provider.parseWebhook(Self.post(json, headers: ["Authorization": wrong])) }
        let right = "Basic " + Data("hookuser:hookPass-991".utf8).base64EncodedString()
        #expect(try provider.parseWebhook(Self.post(json, headers: ["Authorization": right])).count == 1)
        do {
            _ = try provider.parseWebhook(Self.post(json, headers: ["Authorization": wrong]))
        } catch {
            #expect(!error.description.contains("hookPass-991"))
        }
    }
}
