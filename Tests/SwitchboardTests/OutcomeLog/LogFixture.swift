import Foundation
@testable import Switchboard

/// One message of a hand-built data set, and the writes that log it the way the router does.
struct LogFixture: Sendable, Hashable {
    var id: MessageID
    var sender: String = "InfoText"
    var recipient: String = "+31612345678"
    var country: String? = "NL"
    /// pending (never finished) | accepted | partial | failed | unknown
    var state: String = "accepted"
    var provider: String? = "kpn"
    /// nil (no receipt) | delivered | failed
    var receipt: String?
    var cost: Double?
    var currency: String?
    /// (provider, outcome, start, finish) per attempt.
    var attempts: [Attempt] = []

    struct Attempt: Sendable, Hashable {
        var provider: String
        var outcome: String
        var start: Double
        var finish: Double
    }

    var createdAt: Double { Double(id.milliseconds) / 1000 }
    var providerMessageID: String { "pm-\(id)" }

    var writes: [LogWrite] {
        var writes: [LogWrite] = [.message(LoggedMessage(
            id: id, createdAt: createdAt, recipient: recipient, country: country, sender: sender, channel: "sms",
            tag: nil, text: "hello", encoding: "GSM-7", segments: 1, idempotencyKey: nil, route: "test"))]
        for (i, a) in attempts.enumerated() {
            writes.append(.attempt(LoggedAttempt(messageID: id, seq: i + 1, provider: a.provider, startedAt: a.start,
                                                 finishedAt: a.finish, outcome: a.outcome)))
        }
        guard state != "pending" else { return writes }
        let taken = ["accepted", "partial"].contains(state)
        writes.append(.finish(MessageFinish(id: id, state: state, provider: provider,
                                            providerMessageIDs: taken ? [providerMessageID] : [], cost: cost,
                                            currency: currency, remainingBalance: nil, attemptCount: max(attempts.count, 1),
                                            error: taken ? nil : "no", at: createdAt + 1)))
        if let receipt, let provider {
            writes.append(.receipt(provider: provider, DeliveryReceipt(
                providerMessageID: providerMessageID, state: receipt == "delivered" ? .delivered : .failed,
                providerStatus: receipt), at: createdAt + 2))
        }
        return writes
    }
}
