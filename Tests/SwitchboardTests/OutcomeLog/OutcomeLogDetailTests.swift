import Foundation
import Testing
@testable import Switchboard

@Suite struct OutcomeLogDetailTests {
    @Test func messageAttemptAndReceiptRecordsCarryEveryColumn() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        let id = MessageID.next()
        try await t.log.write([.message(LoggedMessage(
            id: id, createdAt: 1_800_000_000, recipient: "+31612345678", country: "NL", sender: "Shop", channel: "sms",
            tag: "promo", text: "Grüße", encoding: "UCS-2", segments: 2, idempotencyKey: "order-7", route: "eu"))])
        try await t.log.write([
            .attempt(LoggedAttempt(messageID: id, seq: 1, provider: "kpn", startedAt: 1_800_000_000.5,
                                   finishedAt: 1_800_000_001, outcome: "unavailable", code: "http 503",
                                   detail: "Service Unavailable", trace: #"{"candidate":"kpn"}"#)),
            .attempt(LoggedAttempt(messageID: id, seq: 2, provider: "vonage", startedAt: 1_800_000_001,
                                   finishedAt: 1_800_000_001.25, outcome: "accepted", code: "0", unitPrice: 0.07, cost: 0.14)),
            .finish(MessageFinish(id: id, state: "partial", provider: "vonage", providerMessageIDs: ["v1", "v2"],
                                  cost: 0.07, currency: "EUR", remainingBalance: 12.5, attemptCount: 2,
                                  error: "part 2 rejected", at: 1_800_000_002, trace: #"{"route":"eu"}"#)),
        ])
        try await t.log.write([
            .receipt(provider: "vonage", DeliveryReceipt(providerMessageID: "v1", state: .delivered,
                                                          providerStatus: "delivered",
                                                          timestamp: Date(timeIntervalSince1970: 1_800_000_010)),
                     at: 1_800_000_011),
            .receipt(provider: "vonage", DeliveryReceipt(providerMessageID: "v2", state: .failed, providerStatus: "rejected",
                                                          errorCode: "6"), at: 1_800_000_012),
            .receipt(provider: "vonage", DeliveryReceipt(providerMessageID: "other", state: .delivered,
                                                          providerStatus: "delivered"), at: 1_800_000_013),
        ])
        let m = try #require(try t.log.message(id: id))
        #expect(m.encoding == "UCS-2" && m.segments == 2 && m.idempotencyKey == "order-7" && m.tag == "promo")
        #expect(m.remainingBalance == 12.5 && m.cost == 0.07 && m.currency == "EUR" && m.attemptCount == 2)
        #expect(m.trace == #"{"route":"eu"}"# && m.state == "partial" && m.error == "part 2 rejected")
        #expect(m.deliveryState == "failed", "a partial message is awaiting receipts, and one part failed")
        #expect(m.providerMessageIDs == ["v1", "v2"] && m.text == "Grüße" && m.direction == "outbound")

        let attempts = try t.log.attemptRecords(of: id)
        #expect(attempts.map(\.seq) == [1, 2])
        #expect(attempts[0].provider == "kpn" && attempts[0].outcome == "unavailable" && attempts[0].code == "http 503")
        #expect(attempts[0].detail == "Service Unavailable" && attempts[0].trace == #"{"candidate":"kpn"}"#)
        #expect(attempts[0].startedAt == Date(timeIntervalSince1970: 1_800_000_000.5) && attempts[0].unitPrice == nil)
        #expect(attempts[1].provider == "vonage" && attempts[1].unitPrice == 0.07 && attempts[1].cost == 0.14)
        #expect(attempts[1].finishedAt == Date(timeIntervalSince1970: 1_800_000_001.25) && attempts[1].trace == nil)
        #expect(try t.log.attempts(of: id).map(\.outcome) == ["unavailable", "accepted"])

        let receipts = try t.log.receipts(of: id)
        #expect(receipts.map(\.providerMessageID) == ["v1", "v2"])
        #expect(receipts[0].at == Date(timeIntervalSince1970: 1_800_000_010), "the provider's time when given")
        #expect(receipts[1].at == Date(timeIntervalSince1970: 1_800_000_012))
        #expect(receipts[1].state == "failed" && receipts[1].errorCode == "6" && receipts[1].providerStatus == "rejected")
        #expect(receipts.allSatisfy { $0.messageID == id && $0.provider == "vonage" })
        #expect(try t.log.counts()["receipts"] == 3, "the unmatched receipt is kept, without a message")
    }
}
