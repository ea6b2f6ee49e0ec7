import Foundation
import Switchboard
import Testing

/// `max_attempts` in routes.yaml caps the provider sends for one message.
@Suite struct RouterMaxAttemptsTests {
    @Test func maxAttemptsStopsAfterTwoOfThreeFailingCandidates() async throws {
        var options = RouterOptions()
        options.activeProbes = false
        try await withRouter(routes: """
            defaults: { strategy: priority, max_attempts: 3 }
            routes:
              - name: capped
                providers: [vonage, smscx, kpn]
                max_attempts: 2
            """, options: options) { h in
            for kind in ["vonage", "smscx", "kpn"] { h.simulator.failNext(.noCoverage, for: kind) }
            let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard")))
            #expect(failure.kind == .noCoverage)
            #expect(failure.attempts.map(\.provider) == ["vonage", "smscx"])
            #expect(failure.message.contains("max_attempts 2 reached"))
            #expect(h.sends() == ["vonage": 1, "smscx": 1, "kpn": 0, "bandwidth": 0])
            let id = try #require(failure.messageID)
            #expect(try h.router.log.attemptRecords(of: id).count == 2)
        }
    }
}
