import Foundation
import Switchboard
import SwitchboardSimulator
import Testing

/// `RouterOptions.deadline` bounds a message across attempts: a provider that never answers is
/// cut off at the deadline (not at its own `timeout:`), and what surfaces depends on whether
/// the request may have reached the provider.
@Suite struct RouterDeadlineTests {
    static func routes(onAmbiguous: String) -> String {
        """
        defaults: { strategy: priority, max_attempts: 3, on_ambiguous: \(onAmbiguous) }
        routes:
          - name: everything
            providers: [vonage, kpn]
        """
    }

    /// Vonage may wait 20 s per request; the message may take 1 s.
    static let slowVonage: RouterHarness.Extras = ["vonage": ["timeout: 20s"]]

    static func options(deadline: Duration) -> RouterOptions {
        var options = RouterOptions()
        options.activeProbes = false
        options.deadline = deadline
        return options
    }

    /// A request cut off by the deadline may have reached Vonage: `ambiguous`, state `unknown`,
    /// naming Vonage, never re-sent — under `on_ambiguous: stop`, and under `fallback` too,
    /// where the router would go on to KPN but the deadline has passed.
    @Test(arguments: ["stop", "fallback"])
    func deadlineCutOffAfterSendingIsAmbiguous(onAmbiguous: String) async throws {
        try await withRouter(routes: Self.routes(onAmbiguous: onAmbiguous), extras: Self.slowVonage,
                             options: Self.options(deadline: .seconds(4))) { h in
            // 4 s, not less: on a loaded machine a tighter deadline can pass before the first
            // attempt starts (then it is deadlineExceeded with no attempt, which is right too).
            h.simulator.hangNext(for: "vonage")
            let started = ContinuousClock.now
            let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard")))
            #expect(ContinuousClock.now - started < .seconds(15))  // cut at the deadline, not at Vonage's 20 s timeout
            #expect(failure.kind == .ambiguous)
            #expect(failure.attempts.map(\.provider) == ["vonage"])
            #expect(failure.attempts.map(\.outcome) == [.ambiguous])
            #expect(h.simulator.receivedSends(for: "kpn") == 0)
            let id = try #require(failure.messageID)
            let record = try #require(try h.router.message(id: id))
            #expect(record.state == "unknown")
            #expect(record.provider == "vonage")
        }
    }

    /// The deadline runs from submission: batch messages still waiting for a dispatch slot when
    /// it passes fail with `deadlineExceeded` and are never sent.
    @Test func batchMessagesWaitingPastTheDeadlineAreNotSent() async throws {
        var options = Self.options(deadline: .seconds(2))
        options.batchConcurrency = 1
        try await withRouter(routes: Self.routes(onAmbiguous: "stop"), extras: Self.slowVonage, options: options) { h in
            h.simulator.setFaults(FaultSettings(latency: .fixed(400)), for: "vonage")
            let messages = (0..<12).map { Message(to: "+31 6 3000 00\(String(format: "%02d", $0))", text: "m\($0)", from: "Switchboard") }
            let results = await h.router.send(batch: messages)
            let accepted = results.compactMap { try? $0.get() }
            let failures = results.compactMap { if case .failure(let f) = $0 { f } else { nil } }
            let expired = failures.filter { $0.kind == .deadlineExceeded }
            // 12 × 0.4 s one at a time cannot fit in 2 s: at most 5 went out before the deadline
            // (one of them possibly cut off by it: ambiguous). A loaded machine sends fewer, maybe
            // none, so only the upper bound is certain.
            #expect(accepted.allSatisfy { $0.provider == "vonage" })
            #expect(expired.count >= 7, "\(failures.map(\.kind))")
            #expect(expired.allSatisfy { $0.attempts.isEmpty })
            #expect(failures.allSatisfy { $0.kind == .deadlineExceeded || $0.kind == .ambiguous })
            #expect(failures.count { $0.kind == .ambiguous } <= 1)
            #expect(accepted.count + failures.count == 12)
            #expect(h.simulator.receivedSends(for: "vonage") == 12 - expired.count)
            #expect(h.simulator.receivedSends(for: "kpn") == 0)
            for failure in expired {
                let id = try #require(failure.messageID)
                #expect(try h.router.message(id: id)?.state == "failed")
            }
        }
    }
}
