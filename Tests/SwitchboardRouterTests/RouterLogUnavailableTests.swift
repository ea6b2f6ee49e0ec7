import Foundation
import Switchboard
import Testing

/// A log that cannot take the message (here: closed under the running router) means nothing is
/// sent: `logUnavailable`, for single sends and for every message of a batch.
@Suite struct RouterLogUnavailableTests {
    static let routes = """
        defaults: { strategy: priority }
        routes:
          - name: everything
            providers: [smscx, vonage]
        """

    @Test func closedLogFailsSendsWithLogUnavailableAndSendsNothing() async throws {
        var options = RouterOptions()
        options.activeProbes = false
        try await withRouter(routes: Self.routes, options: options) { h in
            _ = try await h.router.send(Message(to: "+31 6 1234 5670", text: "before", from: "Switchboard"))
            #expect(h.simulator.receivedSends(for: "smscx") == 1)
            h.router.log.close()

            let failure = try #require(await h.failure(of: Message(to: "+31 6 1234 5671", text: "after", from: "Switchboard")))
            #expect(failure.kind == .logUnavailable)
            #expect(failure.messageID == nil)
            #expect(failure.attempts.isEmpty)

            let batch = (0..<5).map { Message(to: "+31 6 2000 000\($0)", text: "batch \($0)", from: "Switchboard") }
            let results = await h.router.send(batch: batch)
            #expect(results.count == 5)
            for result in results {
                if case .failure(let failure) = result { #expect(failure.kind == .logUnavailable) } else { Issue.record("sent without a log: \(result)") }
            }
            #expect(h.simulator.receivedSends(for: "smscx") == 1)
            #expect(h.simulator.receivedSends(for: "vonage") == 0)
        }
    }
}
