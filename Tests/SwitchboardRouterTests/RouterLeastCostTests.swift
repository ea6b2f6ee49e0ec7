import Foundation
import Switchboard
import Testing

/// Least cost against the simulator: the cheapest healthy provider per country, over real HTTP.
@Suite struct RouterLeastCostTests {
    static let routes = """
        defaults: { strategy: least_cost, max_attempts: 3 }
        routes:
          - name: everything
            providers: all
        """

    @Test func picksTheCheapestProviderPerCountry() async throws {
        try await withRouter(routes: Self.routes) { h in
            let nl = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello NL", from: "Switchboard"))
            #expect(nl.provider == "kpn")
            #expect(nl.cost == 0.045)
            #expect(nl.currency == "EUR")
            #expect(nl.providerMessageIDs.count == 1)
            #expect(nl.attempts.map(\.provider) == ["kpn"])
            #expect(nl.trace.candidates.map(\.provider) == ["kpn", "smscx", "vonage", "bandwidth"])

            let de = try await h.router.send(Message(to: "+49 151 23456789", text: "hello DE", from: "Switchboard"))
            #expect(de.provider == "vonage")
            // Vonage reports what it charged (message-price, EUR): that wins over the price table.
            #expect(de.cost == 0.0725)

            let us = try await h.router.send(Message(to: "+1 415 555 0100", text: "hello US", from: "+14155550000"))
            #expect(us.provider == "bandwidth")

            // Two segments cost twice the unit price.
            let long = try await h.router.send(Message(to: "+31 6 1234 5679", text: String(repeating: "a", count: 200), from: "Switchboard"))
            #expect(long.segments == 2)
            #expect(long.cost == 0.09)
            #expect(h.simulator.receivedSends(for: "kpn") == 2)
            #expect(h.simulator.receivedSends(for: "vonage") == 1)
            #expect(h.simulator.receivedSends(for: "bandwidth") == 1)
            #expect(h.simulator.receivedSends(for: "smscx") == 0)

            // The log has every message with its provider, cost and trace.
            let record = try #require(try h.router.message(id: nl.messageID))
            #expect(record.state == "accepted")
            #expect(record.provider == "kpn")
            #expect(record.cost == 0.045)
            #expect(record.trace?.contains("\"route\":\"everything\"") == true)
        }
    }

    @Test func skipsAProviderThatIsDownAndUsesTheNextCheapest() async throws {
        try await withRouter(routes: Self.routes) { h in
            try await h.simulator.setOutage(true, for: "kpn")
            let result = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
            #expect(result.provider == "smscx")
            #expect(result.attempts.map(\.outcome) == [.unavailable, .accepted])
            #expect(result.cost == 0.055)
            #expect(result.trace.steps.first?.decision?.contains("fall back") == true)
            #expect(result.routingOverhead != nil)
            let attempts = try h.router.log.attemptRecords(of: result.messageID)
            #expect(attempts.map(\.provider) == ["kpn", "smscx"])
            #expect(attempts.map(\.outcome) == ["unavailable", "accepted"])
        }
    }

    @Test func sentMessagesCanBeListedAndReported() async throws {
        try await withRouter(routes: Self.routes) { h in
            for i in 0..<5 {
                _ = try await h.router.send(Message(to: "+31 6 1234 567\(i)", text: "hello \(i)", from: "Switchboard"))
            }
            _ = try await h.router.send(Message(to: "+49 151 23456789", text: "hallo", from: "Switchboard"))
            var pages: [[MessageRecord]] = []
            for try await page in h.router.messages(filter: MessageFilter(country: "NL", pageSize: 2)) { pages.append(page) }
            #expect(pages.map(\.count) == [2, 2, 1])
            #expect(Set(pages.joined().map(\.recipient)).count == 5)
            var one: [MessageRecord] = []
            for try await page in h.router.messages(filter: MessageFilter(to: "+31612345673")) { one += page }
            #expect(one.map(\.text) == ["hello 3"])
            let report = try h.router.report(by: .provider)
            #expect(report.first { $0.provider == "kpn" }?.accepted == 5)
            #expect(report.first { $0.provider == "vonage" }?.accepted == 1)
        }
    }

    @Test func estimateSendsNothing() async throws {
        try await withRouter(routes: Self.routes) { h in
            let estimate = try h.router.estimate(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
            #expect(estimate.provider == "kpn")
            #expect(estimate.cost == 0.045)
            #expect(estimate.segments == 1)
            #expect(h.simulator.receivedSends(for: "kpn") == 0)
            #expect(try h.router.log.counts()["messages"] == 0)
        }
    }

    @Test func typedErrorsForBadInput() async throws {
        try await withRouter(routes: Self.routes) { h in
            await #expect(throws: SendFailure.self) { try await h.router.send(Message(to: "+31 6 CALL ME", text: "x", from: "Switchboard")) }
            do throws(SendFailure) {
                _ = try await h.router.send(Message(to: "+31 6 CALL ME", text: "x", from: "Switchboard"))
            } catch {
                #expect(error.kind == .invalidRecipient)
                #expect(error.message.contains("+31 6 CALL ME"))
                #expect(error.messageID == nil)
            }
            do throws(SendFailure) {
                _ = try await h.router.send(Message(to: "+31612345678", text: "x", from: "ThisSenderIsFarTooLong"))
                Issue.record("expected invalidSender")
            } catch {
                #expect(error.kind == .invalidSender)
            }
            #expect(h.simulator.receivedSends(for: "kpn") == 0)
        }
    }

    @Test func rejectedIsNotRetriedElsewhere() async throws {
        try await withRouter(routes: Self.routes) { h in
            h.simulator.failNext(.rejected, for: "kpn")
            do throws(SendFailure) {
                _ = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
                Issue.record("expected a rejection")
            } catch {
                #expect(error.kind == .rejected)
                #expect(error.attempts.map(\.provider) == ["kpn"])
                #expect(error.messageID != nil)
            }
            #expect(h.simulator.receivedSends(for: "smscx") == 0)
            #expect(h.simulator.receivedSends(for: "vonage") == 0)
        }
    }

    @Test func accountProblemsEverywhereAreTyped() async throws {
        try await withRouter(routes: """
            defaults: { strategy: priority, max_attempts: 3 }
            routes:
              - name: everything
                providers: [vonage, smscx]
            """) { h in
            h.simulator.failNext(.accountProblem, for: "vonage")
            h.simulator.failNext(.accountProblem, for: "smscx")
            do throws(SendFailure) {
                _ = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
                Issue.record("expected accountProblem")
            } catch {
                #expect(error.kind == .accountProblem)
                #expect(error.attempts.map(\.outcome) == [.accountProblem, .accountProblem])
                #expect(!error.description.contains("simsecret01"))
            }
            // Both are now unhealthy: the next message has nobody to go to, and says why.
            do throws(SendFailure) {
                _ = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
                Issue.record("expected unavailable")
            } catch {
                #expect(error.kind == .unavailable)
                #expect(error.attempts.isEmpty)
            }
        }
    }
}
