import Foundation
import Testing
@testable import Switchboard

@Suite struct OutcomeLogTests {
    static func tempPath() -> String {
        NSTemporaryDirectory() + "sb-log-\(UUID().uuidString).sqlite"
    }

    static func message(_ id: MessageID = .next(), key: String? = nil) -> LoggedMessage {
        LoggedMessage(id: id, createdAt: 1_800_000_000, recipient: "+31612345678", country: "NL", sender: "InfoText",
                      channel: "sms", tag: "otp", text: "Your code is 123456", encoding: "GSM-7", segments: 1,
                      idempotencyKey: key, route: "otp-nl")
    }

    @Test func idsAreTimeOrderedAndUnique() {
        var previous = MessageID.next()
        for _ in 0..<10_000 {
            let id = MessageID.next()
            #expect(id > previous)
            previous = id
        }
        #expect(MessageID(previous.description) == previous)
    }

    @Test func messageAttemptsAndFinishAreLogged() async throws {
        let path = Self.tempPath()
        let log = try OutcomeLog(path: path)
        let m = Self.message(key: "order-42")
        try await log.write([.message(m)])
        #expect(try log.message(id: m.id)?.state == "pending")
        try await log.write([
            .attempt(LoggedAttempt(messageID: m.id, seq: 1, provider: "kpn", startedAt: 1, finishedAt: 2, outcome: "unavailable",
                                   code: "http 503", trace: #"{"route":"otp-nl"}"#)),
            .attempt(LoggedAttempt(messageID: m.id, seq: 2, provider: "vonage", startedAt: 2, finishedAt: 3, outcome: "accepted",
                                   unitPrice: 0.07, cost: 0.07)),
            .finish(MessageFinish(id: m.id, state: "accepted", provider: "vonage", providerMessageIDs: ["0A1", "0A2"], cost: 0.14,
                                  currency: "EUR", remainingBalance: 9.5, attemptCount: 2, error: nil, at: 3)),
        ])
        let record = try #require(try log.message(id: m.id))
        #expect(record.state == "accepted")
        #expect(record.provider == "vonage")
        #expect(record.providerMessageIDs == ["0A1", "0A2"])
        #expect(record.deliveryState == "pending")
        #expect(try log.attempts(of: m.id).map(\.outcome) == ["unavailable", "accepted"])
        #expect(try log.message(idempotencyKey: "order-42")?.id == m.id)

        // Receipts: delivered only once every part is delivered.
        try await log.write([.receipt(provider: "vonage", DeliveryReceipt(providerMessageID: "0A1", state: .delivered, providerStatus: "delivered"), at: 4)])
        #expect(try log.message(id: m.id)?.deliveryState == "pending")
        try await log.write([.receipt(provider: "vonage", DeliveryReceipt(providerMessageID: "0A2", state: .delivered, providerStatus: "delivered"), at: 5)])
        #expect(try log.message(id: m.id)?.deliveryState == "delivered")
        log.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func aFailedPartFailsTheMessage() async throws {
        let path = Self.tempPath()
        let log = try OutcomeLog(path: path)
        let m = Self.message()
        try await log.write([.message(m), .finish(MessageFinish(id: m.id, state: "accepted", provider: "vonage",
            providerMessageIDs: ["p1", "p2"], cost: nil, currency: nil, remainingBalance: nil, attemptCount: 1, error: nil, at: 1))])
        try await log.write([.receipt(provider: "vonage", DeliveryReceipt(providerMessageID: "p2", state: .failed, providerStatus: "expired"), at: 2),
                             .receipt(provider: "vonage", DeliveryReceipt(providerMessageID: "p1", state: .delivered, providerStatus: "delivered"), at: 3)])
        #expect(try log.message(id: m.id)?.deliveryState == "failed")
        log.close()
    }

    @Test func pendingMessagesBecomeUnknownAfterACrash() async throws {
        let path = Self.tempPath()
        let inFlight = Self.message()
        let finished = Self.message()
        do {
            let log = try OutcomeLog(path: path)
            try await log.write([.message(inFlight), .message(finished)])
            try await log.write([.finish(MessageFinish(id: finished.id, state: "accepted", provider: "kpn", providerMessageIDs: ["x"],
                                                        cost: nil, currency: nil, remainingBalance: nil, attemptCount: 1, error: nil, at: 2))])
            // No close(): the process "dies" here.
        }
        let reopened = try OutcomeLog(path: path)
        #expect(reopened.recoveredInFlight == [inFlight.id])
        let record = try #require(try reopened.message(id: inFlight.id))
        #expect(record.state == "unknown")
        #expect(record.error?.contains("may or may not have been sent") == true)
        #expect(try reopened.message(id: finished.id)?.state == "accepted")
        reopened.close()
    }

    @Test func optOutsAndInboundAreDeduplicated() async throws {
        let log = try OutcomeLog(path: Self.tempPath())
        let inbound = InboundMessage(providerMessageID: "in-1", from: "31612345678", to: "3197010000000", text: "STOP")
        try await log.write([.inbound(provider: "vonage", inbound, at: 1), .inbound(provider: "vonage", inbound, at: 2),
                             .optOut(number: "+31612345678", source: "inbound STOP", at: 1),
                             .optOut(number: "+31612345678", source: "api", at: 3),
                             .health(provider: "kpn", state: "open", reason: "5 consecutive failures", at: 4)])
        let counts = try log.counts()
        #expect(counts["inbound"] == 1)
        #expect(counts["opt_outs"] == 1)
        #expect(counts["health_events"] == 1)
        #expect(try log.isOptedOut("+31612345678"))
        #expect(try !log.isOptedOut("+31611111111"))
        log.close()
    }

    @Test func concurrentWritersAreGroupCommitted() async throws {
        let log = try OutcomeLog(path: Self.tempPath())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask { try await log.write([.message(Self.message())]) }
            }
            try await group.waitForAll()
        }
        #expect(try log.counts()["messages"] == 200)
        #expect(log.rowsWritten == 200)
        log.close()
        await #expect(throws: OutcomeLogError.self) { try await log.write([.message(Self.message())]) }
    }

    @Test func providerIDListsAreValidJSON() throws {
        let ids = ["0A1", "with \"quote\"", "back\\slash", "tab\tand\nnewline", "é😀"]
        let json = OutcomeLogWriter.jsonArray(ids)
        #expect(try JSONDecoder().decode([String].self, from: Data(json.utf8)) == ids)
        #expect(OutcomeLogWriter.jsonArray([]) == "[]")
    }
}

@Suite(.timeLimit(.minutes(2))) struct OutcomeLogWriterTests {
    /// A write that fails (a duplicate idempotency key) fails only its own caller: the rest of its
    /// group commits.
    @Test func aFailingWriteDoesNotTakeItsGroupDown() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        let a = OutcomeLogTests.message(key: "dup")
        let b = OutcomeLogTests.message(key: "dup")
        let c = OutcomeLogTests.message()
        t.log.enqueue([.message(a)])
        t.log.enqueue([.message(b)])  // fails: same key
        t.log.enqueue([.optOut(number: "+1555", source: "STOP", at: 1)])
        try await t.log.write([.message(c)])
        #expect(try t.log.message(id: a.id) != nil)
        #expect(try t.log.message(id: b.id) == nil)
        #expect(try t.log.message(id: c.id) != nil)
        #expect(try t.log.isOptedOut("+1555"))
        #expect(t.log.failedWrites == 1)
        #expect(t.log.rowsWritten == 3)

        // Awaited writes: the duplicate's caller gets the error, the others succeed.
        let d = OutcomeLogTests.message(key: "dup2")
        let results = await withTaskGroup(of: Bool.self) { group in
            for m in [d, OutcomeLogTests.message(key: "dup2"), OutcomeLogTests.message(), OutcomeLogTests.message()] {
                group.addTask { (try? await t.log.write([.message(m)])) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 3)
        #expect(try t.log.counts()["messages"] == 5)
    }

    @Test func checkpointsRunOffTheWriterThread() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        let checkpointer = try #require(t.log.checkpointer)
        // Enough commits to pass the soft limit of WAL frames a few times.
        for _ in 0..<400 {
            try await t.log.write((0..<20).map { _ in .message(OutcomeLogTests.message()) })
        }
        for _ in 0..<100 where checkpointer.passes.load(ordering: .relaxed) == 0 {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(checkpointer.passes.load(ordering: .relaxed) > 0)
        #expect(try t.log.counts()["messages"] == 8000)
    }

    @Test func emptyTextAndNullsRoundTrip() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        let id = MessageID.next()
        try await t.log.write([.message(LoggedMessage(
            id: id, createdAt: 1, recipient: "+31612345678", country: nil, sender: nil, channel: "sms", tag: nil, text: "",
            encoding: "GSM-7", segments: 0, idempotencyKey: nil, route: nil))])
        let m = try #require(try t.log.message(id: id))
        #expect(m.text == "" && m.sender == nil && m.country == nil && m.tag == nil && m.route == nil)
    }
}
