import Foundation
import Switchboard
import Testing

/// `DispatchResult.remainingBalance`: filled where the provider's send answer reports the
/// balance (Vonage's `remaining-balance`), nil where it does not (SMS.CX, KPN's simulated
/// gateway, Bandwidth).
@Suite struct RouterRemainingBalanceTests {
    @Test func balanceIsReportedOnlyWhereTheProviderSendsIt() async throws {
        var options = RouterOptions()
        options.activeProbes = false
        try await withRouter(routes: """
            defaults: { strategy: priority }
            routes:
              - name: us
                when: { country: US }
                providers: [bandwidth]
              - name: de
                when: { country: DE }
                providers: [vonage]
              - name: fr
                when: { country: FR }
                providers: [smscx]
              - name: everything-else
                providers: [kpn]
            """, options: options, balance: 1000) { h in
            // The simulated Vonage account starts at 1000 and charges 0.0725 a segment.
            let first = try await h.router.send(Message(to: "+49 151 23456789", text: "hallo", from: "Switchboard"))
            #expect(first.provider == "vonage")
            let firstBalance = try #require(first.remainingBalance)
            #expect(abs(firstBalance - 999.9275) < 1e-6, "\(firstBalance)")
            let second = try await h.router.send(Message(to: "+49 151 23456788", text: "hallo", from: "Switchboard"))
            let secondBalance = try #require(second.remainingBalance)
            #expect(abs(secondBalance - 999.855) < 1e-6, "\(secondBalance)")
            #expect(try h.router.message(id: second.messageID)?.remainingBalance.map { abs($0 - 999.855) < 1e-6 } == true)

            for (to, from, provider) in [("+1 415 555 0100", "+14155550000", "bandwidth"), ("+33 6 12 34 56 78", "Switchboard", "smscx"),
                                         ("+31 6 1234 5678", "Switchboard", "kpn")] {
                let result = try await h.router.send(Message(to: to, text: "hello", from: from))
                #expect(result.provider.rawValue == provider)
                #expect(result.remainingBalance == nil, "\(provider)")
            }
        }
    }
}
