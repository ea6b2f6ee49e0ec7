import Foundation
import Switchboard
import Testing

/// `SendFailure.Kind` end to end: the most specific kind the attempts allow, with every attempt.
@Suite struct RouterTypedFailureTests {
    static func routes(_ providers: String, maxAttempts: Int = 3) -> String {
        """
        defaults: { strategy: priority, max_attempts: \(maxAttempts) }
        routes:
          - name: everything
            providers: [\(providers)]
        """
    }

    static func quietOptions() -> RouterOptions {
        var options = RouterOptions()
        options.activeProbes = false
        return options
    }

    /// Valid rules always end in a catch-all route (the validator insists), so "no route" means
    /// the matching route leaves no candidate: here no provider offers the message's channel.
    @Test func channelNobodyOffersIsNoRouteAndLoggedWithoutAttempts() async throws {
        try await withRouter(routes: """
            defaults: { strategy: priority }
            routes:
              - name: nl-only
                when: { country: NL }
                providers: [kpn, vonage]
              - name: everything-else
                providers: [vonage, smscx]
            """, options: Self.quietOptions()) { h in
            let message = Message(to: "+49 151 23456789", text: "hallo", from: "Switchboard", channel: "viber")
            let failure = try #require(await h.failure(of: message))
            #expect(failure.kind == .noRoute)
            #expect(failure.attempts.isEmpty)
            #expect(failure.message.contains("everything-else"))
            #expect(failure.trace?.excluded.map(\.provider) == ["vonage", "smscx"])
            #expect(failure.trace?.excluded.allSatisfy { $0.reason.contains("does not offer channel viber") } == true)
            let id = try #require(failure.messageID)
            let record = try #require(try h.router.message(id: id))
            #expect(record.state == "failed")
            #expect(record.attemptCount == 0)
            #expect(record.error?.hasPrefix("noRoute:") == true)
            #expect(h.sends().values.reduce(0, +) == 0)
        }
    }

    @Test func routeThatLeavesNoCandidateIsNoRoute() async throws {
        try await withRouter(routes: """
            defaults: { strategy: least_cost }
            routes:
              - name: nl-cheap
                when: { country: NL }
                providers: [kpn, vonage]
                max_price: 0.01 EUR
              - name: everything-else
                providers: [smscx]
            """, options: Self.quietOptions()) { h in
            let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5678", text: "hallo", from: "Switchboard")))
            #expect(failure.kind == .noRoute)
            #expect(failure.message.contains("nl-cheap"))
            #expect(failure.attempts.isEmpty)
            #expect(h.sends().values.reduce(0, +) == 0)
        }
    }

    @Test func everyCandidateWithoutCoverageIsNoCoverage() async throws {
        try await withRouter(routes: Self.routes("vonage, smscx, kpn"), options: Self.quietOptions()) { h in
            for kind in ["vonage", "smscx", "kpn"] { h.simulator.failNext(.noCoverage, for: kind) }
            let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard")))
            #expect(failure.kind == .noCoverage)
            #expect(failure.attempts.map(\.provider) == ["vonage", "smscx", "kpn"])
            #expect(failure.attempts.map(\.outcome) == [.routeRejected, .routeRejected, .routeRejected])
            #expect(failure.retryAfter == nil)
            #expect(h.sends() == ["vonage": 1, "smscx": 1, "kpn": 1, "bandwidth": 0])
            let id = try #require(failure.messageID)
            #expect(try h.router.message(id: id)?.state == "failed")
            #expect(try h.router.log.attemptRecords(of: id).map(\.outcome) == ["routeRejected", "routeRejected", "routeRejected"])
        }
    }

    /// Every provider answers with its rate-limit fault: `rateLimited`, with when to retry.
    @Test func everyCandidateThrottledIsRateLimitedWithRetryAfter() async throws {
        var options = Self.quietOptions()
        options.breaker.defaultPause = 30
        try await withRouter(routes: Self.routes("vonage, kpn"), options: options) { h in
            h.simulator.failNext(.throttled, for: "vonage")
            h.simulator.failNext(.throttled, for: "kpn")
            let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard")))
            #expect(failure.kind == .rateLimited)
            #expect(failure.attempts.map(\.provider) == ["vonage", "kpn"])
            #expect(failure.attempts.allSatisfy { if case .throttled = $0.outcome { true } else { false } })
            // KPN's answer says its quota resets in 1 s; Vonage's status 1 has no hint (30 s pause):
            // the earliest retry is KPN's.
            let retryAfter = try #require(failure.retryAfter)
            #expect(retryAfter >= 0 && retryAfter <= 1.5, "retryAfter \(retryAfter)")
            #expect(h.sends() == ["vonage": 1, "smscx": 0, "kpn": 1, "bandwidth": 0])
        }
    }

    /// Every candidate's own token bucket is empty (`rate_limit: 1/m`): nothing is sent, the
    /// message does not queue for a minute, and `retryAfter` says when a token comes back.
    @Test func everyCandidateSaturatedIsRateLimitedWithRetryAfter() async throws {
        try await withRouter(routes: Self.routes("vonage, smscx"), extras: ["vonage": ["rate_limit: 1/m"], "smscx": ["rate_limit: 1/m"]],
                             options: Self.quietOptions()) { h in
            let first = try await h.router.send(Message(to: "+31 6 1234 5670", text: "one", from: "Switchboard"))
            let second = try await h.router.send(Message(to: "+31 6 1234 5671", text: "two", from: "Switchboard"))
            #expect([first.provider, second.provider] == ["vonage", "smscx"])
            let started = ContinuousClock.now
            let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5672", text: "three", from: "Switchboard")))
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(failure.kind == .rateLimited)
            #expect(failure.attempts.isEmpty)
            let retryAfter = try #require(failure.retryAfter)
            #expect(retryAfter > 30 && retryAfter <= 60, "retryAfter \(retryAfter)")
            #expect(h.sends() == ["vonage": 1, "smscx": 1, "kpn": 0, "bandwidth": 0])
        }
    }

    /// Account problem, no coverage, connection refused: mixed classes, every attempt listed.
    @Test func mixedOutcomesAreAllCandidatesFailedWithEveryAttempt() async throws {
        try await withRouter(routes: Self.routes("vonage, smscx, kpn"), options: Self.quietOptions()) { h in
            h.simulator.failNext(.accountProblem, for: "vonage")
            h.simulator.failNext(.noCoverage, for: "smscx")
            try await h.simulator.setOutage(true, for: "kpn")
            let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard")))
            #expect(failure.kind == .allCandidatesFailed)
            #expect(failure.attempts.map(\.seq) == [1, 2, 3])
            #expect(failure.attempts.map(\.provider) == ["vonage", "smscx", "kpn"])
            #expect(failure.attempts.map(\.outcome) == [.accountProblem, .routeRejected, .unavailable])
            for attempt in failure.attempts { #expect(failure.description.contains("attempt \(attempt.seq): \(attempt.provider) \(attempt.outcome)")) }
            #expect(h.sends(["vonage", "smscx"]) == ["vonage": 1, "smscx": 1])
            let id = try #require(failure.messageID)
            let record = try #require(try h.router.message(id: id))
            #expect(record.state == "failed")
            #expect(record.attemptCount == 3)
            #expect(record.error?.hasPrefix("allCandidatesFailed:") == true)
        }
    }
}
