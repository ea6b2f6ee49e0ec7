import Foundation
import Switchboard
import Testing

/// The `weighted` strategy: traffic splits by weight, over real sends.
@Suite struct RouterWeightedTests {
    @Test func trafficSplitsByWeight() async throws {
        var options = RouterOptions()
        options.activeProbes = false
        try await withRouter(routes: """
            defaults: { strategy: least_cost }
            routes:
              - name: de-split
                when: { country: DE }
                strategy: weighted
                providers:
                  - { id: vonage, weight: 75 }
                  - { id: smscx, weight: 25 }
                fallback: [kpn]
              - name: everything-else
                providers: [kpn]
            """, options: options) { h in
            let messages = (0..<400).map { Message(to: "+49 151 2\(String(format: "%07d", $0))", text: "Angebot \($0)", from: "Switchboard") }
            let results = await h.router.send(batch: messages)
            let accepted = results.compactMap { try? $0.get() }
            #expect(accepted.count == 400)
            let vonage = accepted.count { $0.provider == "vonage" }
            let smscx = accepted.count { $0.provider == "smscx" }
            #expect(vonage + smscx == 400)
            // Expected 300 / 100 (σ ≈ 8.7): ±60 is ~7σ, and an even split (200) or one
            // provider for all (400 / 0) is far outside it.
            #expect((240...360).contains(vonage), "vonage \(vonage), smscx \(smscx)")
            #expect(h.simulator.context(for: "vonage").acceptedSends == vonage)
            #expect(h.simulator.context(for: "smscx").acceptedSends == smscx)
            #expect(h.simulator.receivedSends(for: "kpn") == 0)
            // The plan names the weights, and the drawn provider leads with the other behind it.
            let sample = try #require(accepted.first { $0.provider == "smscx" })
            #expect(sample.trace.strategy == "weighted")
            #expect(sample.trace.candidates.map(\.provider) == ["smscx", "vonage", "kpn"])
            #expect(sample.trace.candidates.map(\.weight) == [25, 75, nil])
        }
    }
}
