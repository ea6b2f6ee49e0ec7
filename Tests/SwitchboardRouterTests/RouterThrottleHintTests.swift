import Foundation
import Switchboard
import SwitchboardSimulator
import Testing

/// Each provider's own throttling answer (Vonage status 1, SMS.CX and KPN 429 with
/// X-Rate-Limit-Reset, Bandwidth 403 message-rate-limit) pauses that provider — for the hint
/// where there is one — and the message falls back to the next candidate.
@Suite struct RouterThrottleHintTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let provider: String
        let to: String
        let fallback: String
        /// The answer says when to come back.
        let hasHint: Bool
        var testDescription: String { provider }
    }

    static let cases = [
        Case(provider: "vonage", to: "+49 1512 3456789", fallback: "smscx", hasHint: false),
        Case(provider: "smscx", to: "+31 6 1234 5678", fallback: "vonage", hasHint: true),
        Case(provider: "kpn", to: "+31 6 1234 5679", fallback: "vonage", hasHint: true),
        Case(provider: "bandwidth", to: "+1 202 555 0123", fallback: "vonage", hasHint: false),
    ]

    @Test(arguments: cases)
    func throttleAnswerPausesTheProviderAndFallsBack(_ c: Case) async throws {
        var options = RouterOptions()
        options.activeProbes = false
        options.breaker.defaultPause = 60
        let routes = """
            defaults: { strategy: priority, max_attempts: 2 }
            routes:
              - name: everything
                providers: [\(c.provider), \(c.fallback)]
            """
        try await withRouter(routes: routes, options: options) { h in
            h.simulator.failNext(.throttled, for: c.provider)
            let first = try await h.router.send(Message(to: c.to, text: "a", from: "+12025550100"))
            #expect(first.provider.rawValue == c.fallback)
            #expect(first.attempts.map(\.provider.rawValue) == [c.provider, c.fallback])
            let throttled = first.attempts.first.map { if case .throttled = $0.outcome { true } else { false } }
            #expect(throttled == true, "\(first.attempts)")
            try await h.router.log.write([])  // health events are queued with the next commit
            let paused = try h.router.log.healthEvents(provider: c.provider).filter { $0.state == "paused" }
            #expect(paused.count == 1)
            let reason = paused.first?.reason ?? ""
            #expect(reason.contains(c.hasHint ? "retry after" : "without retry-after"), "\(reason)")
            // Still paused (a hint of about 1 s, or the 60 s default): the next message is not
            // sent there — or, once a 1 s hint has passed on a slow machine, is taken there.
            let second = try await h.router.send(Message(to: c.to, text: "b", from: "+12025550100"))
            if !c.hasHint {
                #expect(second.attempts.map(\.provider.rawValue) == [c.fallback])
                #expect(h.simulator.receivedSends(for: c.provider) == 1)
            }
        }
    }
}
