import Foundation
import Switchboard
import SwitchboardSimulator
import Testing

/// Ambiguous outcomes (timeout after the request was sent): never re-sent unless it is safe or
/// the rule allows it.
@Suite struct RouterAmbiguityTests {
    static func routes(onAmbiguous: String, providers: String) -> String {
        """
        defaults: { strategy: priority, max_attempts: 3, on_ambiguous: \(onAmbiguous) }
        routes:
          - name: everything
            providers: [\(providers)]
        """
    }

    /// Only the providers a test hangs get a short timeout; 1 s leaves room on a loaded machine.
    static let shortTimeouts: RouterHarness.Extras = ["vonage": ["timeout: 1s"], "smscx": ["timeout: 1s"]]

    @Test func ambiguousTimeoutStopsAndIsMarkedUnknown() async throws {
        try await withRouter(routes: Self.routes(onAmbiguous: "stop", providers: "vonage, kpn"), extras: Self.shortTimeouts) { h in
            h.simulator.hangNext(for: "vonage")
            do throws(SendFailure) {
                _ = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
                Issue.record("expected ambiguous")
            } catch {
                #expect(error.kind == .ambiguous)
                #expect(error.attempts.map(\.outcome) == [.ambiguous])
                let id = try #require(error.messageID)
                #expect(try h.router.message(id: id)?.state == "unknown")
            }
            #expect(h.simulator.receivedSends(for: "kpn") == 0)
        }
    }

    @Test func onAmbiguousFallbackFallsBack() async throws {
        try await withRouter(routes: Self.routes(onAmbiguous: "fallback", providers: "vonage, kpn"), extras: Self.shortTimeouts) { h in
            h.simulator.hangNext(for: "vonage")
            let result = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
            #expect(result.provider == "kpn")
            #expect(result.attempts.map(\.outcome) == [.ambiguous, .accepted])
        }
    }

    /// After an ambiguous attempt, a fallback that fails does not make the message a plain
    /// failure: the first provider may have it, so it is `unknown` and names that provider.
    @Test func fallbackThatFailsAfterAnAmbiguousAttemptLeavesTheMessageUnknown() async throws {
        try await withRouter(routes: Self.routes(onAmbiguous: "fallback", providers: "vonage, kpn"), extras: Self.shortTimeouts) { h in
            for rejection in [InjectedFault.rejected, .serverError] {
                h.simulator.hangNext(for: "vonage")
                h.simulator.failNext(rejection, for: "kpn")
                let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard")))
                #expect(failure.kind == .ambiguous, "after kpn \(rejection)")
                #expect(failure.attempts.map(\.provider) == ["vonage", "kpn"])
                #expect(failure.attempts.first?.outcome == .ambiguous)
                #expect(failure.message.contains("vonage may have accepted"))
                let id = try #require(failure.messageID)
                let record = try #require(try h.router.message(id: id))
                #expect(record.state == "unknown")
                #expect(record.provider == "vonage")
            }
        }
    }

    @Test func idempotentProviderIsRetriedWithTheSameKeyNotSkipped() async throws {
        try await withRouter(routes: Self.routes(onAmbiguous: "stop", providers: "smscx, kpn"), extras: Self.shortTimeouts) { h in
            h.simulator.hangNext(for: "smscx")
            let result = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
            #expect(result.provider == "smscx")
            #expect(result.attempts.map(\.outcome) == [.ambiguous, .accepted])
            #expect(h.simulator.receivedSends(for: "kpn") == 0)
            #expect(result.trace.steps.first?.decision?.contains("same idempotency key") == true)
        }
    }
}
