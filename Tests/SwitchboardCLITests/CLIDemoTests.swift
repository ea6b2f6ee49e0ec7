import Foundation
import Switchboard
import Testing

/// `switchboard demo` as a newcomer runs it: the shipped rules, the in-process simulator, an
/// outage and throttling midway, and a summary that accounts for every message from the log.
@Suite struct CLIDemoTests {
    /// The repository's shipped `rules/`.
    static let shippedRules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("rules").path

    @Test func demoFailsOverAndLosesNothing() async throws {
        try await CLIHarness.with { h in
            let db = h.directory + "/demo.sqlite"
            let run = try await h.run(["demo", "--messages", "1500", "--rules", Self.shippedRules, "--db", db])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("\nlost: 0"), "\(run)")
            #expect(run.stdout.contains("cost at price-table rates: routed"), "\(run)")
            for provider in ["vonage", "smscx", "kpn", "bandwidth"] {
                #expect(run.stdout.contains("\n\(provider) "), "a summary row for \(provider)\n\(run)")
            }
            #expect(run.stderr.contains("KPN goes down"), "\(run)")
            #expect(run.stderr.contains("Vonage starts throttling"), "\(run)")

            // The log it leaves: every routed message, none pending; KPN's breaker opened.
            let log = try OutcomeLog(path: db)
            defer { log.close() }
            let rows = try log.report(since: nil, until: nil, by: .provider)
            let logged = rows.map(\.messages).reduce(0, +)
            #expect(rows.map(\.pending).reduce(0, +) == 0)
            #expect(logged > 1400 && logged <= 1500, "logged \(logged)")
            // Receipts reached the router: every provider has a delivery ratio.
            for row in rows where row.provider != nil {
                #expect(row.deliveryRatio != nil, "no receipts for \(row.provider ?? "-")")
            }
            let kpn = try log.healthEvents(provider: "kpn")
            #expect(kpn.contains { $0.state == "open" }, "\(kpn)")
        }
    }

    @Test func demoRefusesBadArgumentsWithTheFix() async throws {
        try await CLIHarness.with { h in
            let run = try await h.run(["demo", "--messages", "0"])
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.contains("--messages must be positive"), "\(run)")
        }
    }
}
