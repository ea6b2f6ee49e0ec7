import Foundation
import Switchboard
import SwitchboardTestSupport
import Testing

/// `send(batch:)`: bulk endpoints, bounded concurrency, and an outage mid-batch with zero loss.
@Suite struct RouterBatchTests {
    @Test func outageMidBatchFailsOverWithZeroLostMessages() async throws {
        var options = RouterOptions()
        options.batchConcurrency = 16
        options.breaker = BreakerPolicy(consecutiveFailures: 5, cooldown: 30)
        try await withRouter(routes: """
            defaults: { strategy: least_cost, max_attempts: 3 }
            routes:
              - name: everything
                providers: [kpn, vonage]
            """, options: options) { h in
            let messages = (0..<600).map { Message(to: "+31 6 2\(String(format: "%07d", $0))", text: "batch \($0)", from: "Switchboard") }
            async let results = h.router.send(batch: messages)
            // Take KPN down once part of the batch has gone through it.
            _ = await eventually { h.simulator.receivedSends(for: "kpn") >= 100 }
            try await h.simulator.setOutage(true, for: "kpn")
            let all = await results
            let accepted = all.compactMap { try? $0.get() }
            var unknown = 0
            for case .failure(let failure) in all {
                // A request in flight when KPN went away may have reached it: that is reported as
                // ambiguous (state unknown) and never re-sent — anything else is a loss.
                if failure.kind == .ambiguous && failure.attempts.last?.provider == "kpn" {
                    unknown += 1
                } else {
                    Issue.record("not sent: \(failure)")
                }
            }
            #expect(accepted.count + unknown == 600)
            #expect(unknown <= 16)   // at most what was in flight at the moment of the outage
            #expect(Set(accepted.map(\.messageID)).count == accepted.count)
            #expect(accepted.contains { $0.provider == "vonage" })
            #expect(accepted.contains { $0.provider == "kpn" })
            // Every message is in the log exactly once, none left pending: zero lost.
            let counts = try h.router.log.counts()
            #expect(counts["messages"] == 600)
            // Every attempt and provider message id belongs to a logged message.
            #expect(try h.router.log.foreignKeyViolations() == 0)
            let byState = try h.router.log.report(since: nil, until: nil, by: .provider)
            #expect(byState.map(\.accepted).reduce(0, +) == accepted.count)
            #expect(byState.map(\.unknown).reduce(0, +) == unknown)
            // Nothing was sent twice: the providers accepted each accepted message once (plus,
            // at most, the ambiguous ones that did reach KPN).
            let providerAccepted = h.simulator.context(for: "kpn").acceptedSends + h.simulator.context(for: "vonage").acceptedSends
            #expect(providerAccepted >= accepted.count && providerAccepted <= accepted.count + unknown)
        }
    }

    @Test func bulkEndpointsCarryTheBatch() async throws {
        try await withRouter(routes: """
            defaults: { strategy: least_cost }
            routes:
              - name: everything
                providers: [smscx, vonage]
            """) { h in
            let messages = (0..<120).map { Message(to: "+33 6 1\(String(format: "%07d", $0))", text: "Spring sale: 20% off this weekend", from: "Switchboard") }
                + [Message(to: "not a number", text: "x", from: "Switchboard")]
            let results = await h.router.send(batch: messages)
            for case .failure(let failure) in results.prefix(120) { Issue.record("not sent: \(failure)") }
            #expect(results.prefix(120).allSatisfy { (try? $0.get().provider) == "smscx" })
            if case .failure(let failure) = results[120] { #expect(failure.kind == .invalidRecipient) } else { Issue.record("expected a failure") }
            // A campaign (one text) goes out in bulk: SMS.CX takes up to 25,000 recipients per request.
            #expect(h.simulator.receivedRequests(for: "smscx") == 1)
            let ids = results.prefix(120).compactMap { try? $0.get().providerMessageIDs.first }
            #expect(Set(ids).count == 120)
            let logged = try h.router.log.counts()["messages"]
            #expect(logged == 120)
        }
    }

    @Test func batchIsPlannedLoggedAndSentWindowByWindow() async throws {
        var options = RouterOptions()
        options.batchConcurrency = 8
        options.batchWindow = 50
        try await withRouter(routes: """
            defaults: { strategy: least_cost }
            routes:
              - name: everything
                providers: [smscx, vonage]
            """, options: options) { h in
            var messages = (0..<230).map { Message(to: "+33 6 2\(String(format: "%07d", $0))", text: "Spring sale: 20% off this weekend", from: "Switchboard") }
            messages[120] = Message(to: "not a number", text: "x", from: "Switchboard")
            messages[200].idempotencyKey = "campaign-200"
            let results = await h.router.send(batch: messages)
            #expect(results.count == 230)
            for (i, result) in results.enumerated() where i != 120 {
                switch result {
                case .success(let sent): #expect(sent.provider == "smscx", "message \(i)")
                case .failure(let failure): Issue.record("message \(i) not sent: \(failure)")
                }
            }
            if case .failure(let failure) = results[120] { #expect(failure.kind == .invalidRecipient) } else { Issue.record("expected a failure") }
            // One bulk request per window of 50 (5 windows), plus the keyed message on its own.
            #expect(h.simulator.receivedRequests(for: "smscx") == 6)
            let ids = results.compactMap { try? $0.get().messageID }
            #expect(Set(ids).count == 229)
            // Every outcome is committed when send(batch:) returns: none pending.
            #expect(try h.router.log.counts()["messages"] == 229)
            let byProvider = try h.router.log.report(since: nil, until: nil, by: .provider)
            #expect(byProvider.map(\.accepted).reduce(0, +) == 229)
            #expect(try h.router.log.foreignKeyViolations() == 0)
        }
    }
}
