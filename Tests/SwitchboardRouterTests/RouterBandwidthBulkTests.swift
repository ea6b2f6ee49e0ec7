import Foundation
import Switchboard
import Testing

/// `send(batch:)` through Bandwidth's bulk endpoint (JSON arrays of at most 50 messages).
@Suite struct RouterBandwidthBulkTests {
    @Test func bandwidthFirstMessagesGoOutInBulkWithTheirOwnResults() async throws {
        var options = RouterOptions()
        options.activeProbes = false
        try await withRouter(routes: """
            defaults: { strategy: priority }
            routes:
              - name: us
                when: { country: US }
                providers: [bandwidth, vonage]
              - name: everything-else
                providers: [kpn]
            """, options: options) { h in
            let us = (0..<120).map { Message(to: "+1 415 555 \(String(format: "%04d", $0))", text: "Your code is \(1000 + $0)", from: "+14155550000") }
            let nl = (0..<10).map { Message(to: "+31 6 4000 00\(String(format: "%02d", $0))", text: "hallo \($0)", from: "Switchboard") }
            let results = await h.router.send(batch: us + nl)
            #expect(results.count == 130)
            let sentUS = results.prefix(120).compactMap { try? $0.get() }
            #expect(sentUS.count == 120)
            #expect(sentUS.allSatisfy { $0.provider == "bandwidth" && $0.state == .accepted })
            #expect(sentUS.allSatisfy { $0.providerMessageIDs.count == 1 && $0.attempts.count == 1 })
            #expect(Set(sentUS.flatMap(\.providerMessageIDs)).count == 120)
            #expect(Set(sentUS.map(\.messageID)).count == 120)
            // 120 messages in three requests (50 + 50 + 20), none through Vonage.
            #expect(h.simulator.receivedRequests(for: "bandwidth") == 3)
            #expect(h.simulator.context(for: "bandwidth").acceptedSends == 120)
            #expect(h.simulator.receivedSends(for: "vonage") == 0)
            // The others go one by one to their own route's provider.
            #expect(results.suffix(10).allSatisfy { (try? $0.get().provider) == "kpn" })
            #expect(h.simulator.receivedSends(for: "kpn") == 10)
            // Each result is the message's own: its log row has its provider id.
            for sent in sentUS.prefix(5) {
                let record = try #require(try h.router.message(id: sent.messageID))
                #expect(record.providerMessageIDs == sent.providerMessageIDs)
                #expect(record.provider == "bandwidth")
            }
        }
    }
}
