import Foundation
import Switchboard
import Testing

/// `switchboard messages`, `messages show` and `report`: they read the log only (no rules, no
/// credentials) — run here from a directory without rules and with no provider environment.
@Suite struct CLILogTests {
    static let messageKeys: Set<String> = [
        "id", "createdAt", "updatedAt", "direction", "to", "from", "country", "channel", "tag", "text", "segments",
        "encoding", "state", "deliveryState", "provider", "providerMessageIds", "cost", "currency", "route",
        "attemptCount", "idempotencyKey", "error",
    ]

    /// Sends two NL messages (kpn) and one DE message (smscx); returns their ids in order.
    static func sendThree(_ h: CLIHarness) async throws -> [String] {
        var ids: [String] = []
        for (to, text) in [("+31 6 1234 5678", "one"), ("+49 151 23456789", "two"), ("+31612345678", "three")] {
            let run = try await h.send(["--to", to, "--text", text, "--from", "Acme", "--json"])
            #expect(run.status == 0, "\(run)")
            ids.append(try #require(run.object?["messageId"] as? String, "\(run)"))
        }
        return ids
    }

    @Test func messagesListsFiltersSortsAndLimits() async throws {
        try await CLIHarness.with { h in
            let ids = try await Self.sendThree(h)

            let all = try await h.run(["messages", "--json"])
            #expect(all.status == 0, "\(all)")
            let rows = try #require(all.array, "\(all)")
            #expect(rows.map { $0["id"] as? String } == ids.reversed(), "newest first by default")
            #expect(rows.allSatisfy { Set($0.keys) == Self.messageKeys })
            #expect(rows.first?["provider"] as? String == "kpn" && rows.first?["state"] as? String == "accepted")

            let oldest = try await h.run(["messages", "list", "--json", "--sort", "oldest", "--limit", "2"])
            #expect(oldest.array?.map { $0["id"] as? String } == Array(ids.prefix(2)), "\(oldest)")
            #expect(oldest.stderr.contains("more match"), "\(oldest)")

            let nl = try await h.run(["messages", "--to", "+31 6 1234 5678", "--json"])
            #expect(nl.array?.count == 2, "the recipient is matched in E.164: \(nl)")
            let failed = try await h.run(["messages", "--state", "failed", "--json"])
            #expect(failed.status == 0 && failed.array?.isEmpty == true, "\(failed)")
            let future = try await h.run(["messages", "--since", "2999-01-01", "--json"])
            #expect(future.array?.isEmpty == true, "\(future)")
            let recent = try await h.run(["messages", "--since", "1h", "--until", "2999-01-01T00:00:00Z", "--json"])
            #expect(recent.array?.count == 3, "\(recent)")
            let offset = try await h.run(["messages", "--since", "2026-01-01T00:00:00+01:00", "--json"])
            #expect(offset.array?.count == 3, "\(offset)")
            let older = try await h.run(["messages", "--until", "1h", "--json"])
            #expect(older.status == 0 && older.array?.isEmpty == true, "\(older)")

            let text = try await h.run(["messages"])
            #expect(text.status == 0 && text.stdout.contains("ID") && text.stdout.contains(ids[1]), "\(text)")

            let badState = try await h.run(["messages", "--state", "sent"])
            #expect(badState.status == 64 && badState.stderr.contains("--state"), "\(badState)")
            let badSince = try await h.run(["messages", "--since", "yesterday"])
            #expect(badSince.status == 64, "\(badSince)")
        }
    }

    @Test func showGivesAttemptsAndTheDecisionTrace() async throws {
        try await CLIHarness.with { h in
            let ids = try await Self.sendThree(h)

            let text = try await h.run(["messages", "show", ids[0]])
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout.contains("attempts:") && text.stdout.contains("1. kpn accepted"), "\(text)")
            #expect(text.stdout.contains("decision trace:") && text.stdout.contains("route: everything"), "\(text)")

            let json = try await h.run(["messages", "show", ids[1], "--json"])
            let object = try #require(json.object, "\(json)")
            #expect(Set(object.keys) == Self.messageKeys.union(["attempts", "receipts", "trace"]))
            #expect(object["to"] as? String == "+4915123456789" && object["provider"] as? String == "smscx")
            let attempts = try #require(object["attempts"] as? [[String: Any]])
            #expect(attempts.map { $0["provider"] as? String } == ["smscx"])
            #expect((object["trace"] as? [String: Any])?["outcome"] as? String != nil)

            let missing = try await h.run(["messages", "show", "0000000000000001"])
            #expect(missing.status == 6 && missing.stderr.contains("no message"), "\(missing)")
            let malformed = try await h.run(["messages", "show", "nope"])
            #expect(malformed.status == 64, "\(malformed)")
        }
    }

    @Test func noLogExits5WithTheFix() async throws {
        try await CLIHarness.with { h in
            for arguments in [
                ["messages"], ["messages", "show", "0000000000000001"], ["report"], ["report", "--db", "elsewhere.sqlite"],
            ] {
                let run = try await h.run(arguments)
                #expect(run.status == 5, "\(arguments): \(run)")
                #expect(run.stderr.contains("no log at") && run.stderr.contains("switchboard send"), "\(run)")
            }
            #expect(!FileManager.default.fileExists(atPath: h.directory + "/switchboard.sqlite"), "reading never creates a log")
        }
    }

    @Test func listingLeavesAnotherProcesssInFlightMessagesAlone() async throws {
        try await CLIHarness.with { h in
            let path = h.directory + "/shared.sqlite"
            let log = try OutcomeLog(path: path)
            let id = MessageID.next()
            try await log.write([
                .message(
                    LoggedMessage(
                        id: id, createdAt: Date().timeIntervalSince1970, recipient: "+31612345678", country: "NL", sender: "Acme",
                        channel: "sms", tag: nil, text: "in flight", encoding: "GSM-7", segments: 1, idempotencyKey: nil,
                        route: "everything"))
            ])

            let run = try await h.run(["messages", "--db", path, "--state", "pending", "--json"])
            #expect(run.array?.map { $0["id"] as? String } == [id.description], "\(run)")
            let report = try await h.run(["report", "--db", path, "--json"])
            #expect(report.status == 0, "\(report)")
            #expect(try log.message(id: id)?.state == "pending", "a reader must not mark it unknown")
            log.close()
        }
    }

    @Test func reportJSONAndHTML() async throws {
        try await CLIHarness.with { h in
            _ = try await Self.sendThree(h)

            let json = try await h.run(["report", "--since", "7d", "--json"])
            #expect(json.status == 0, "\(json)")
            let object = try #require(json.object, "\(json)")
            #expect(Set(object.keys) == ["since", "until", "by", "rows", "total"])
            #expect(object["by"] as? String == "provider")
            let rows = try #require(object["rows"] as? [[String: Any]])
            #expect(rows.map { $0["provider"] as? String } == ["kpn", "smscx"])
            #expect(rows.map { $0["messages"] as? Int } == [2, 1])
            let kpn = try #require(rows.first)
            #expect(
                Set(kpn.keys) == [
                    "provider", "country", "day", "messages", "accepted", "partial", "failed", "unknown", "pending", "delivered",
                    "deliveryFailed", "deliveryRatio", "cost", "currency", "costs", "fallbacks", "p50SendLatency",
                    "p99SendLatency",
                ])
            #expect((kpn["cost"] as? Double).map { abs($0 - 0.09) < 1e-9 } == true)
            #expect(kpn["currency"] as? String == "EUR" && kpn["fallbacks"] as? Int == 0)
            #expect(kpn["deliveryRatio"] is NSNull, "no receipts yet")
            #expect((kpn["p50SendLatency"] as? Double).map { $0 >= 0 } == true)
            #expect((object["total"] as? [String: Any])?["messages"] as? Int == 3)

            let byCountry = try await h.run(["report", "--by", "country", "--json"])
            #expect(
                (byCountry.object?["rows"] as? [[String: Any]])?.map { $0["country"] as? String } == ["DE", "NL"], "\(byCountry)")
            let byDay = try await h.run(["report", "--by", "day"])
            #expect(byDay.status == 0 && byDay.stdout.contains("TOTAL"), "\(byDay)")

            let page = h.directory + "/report.html"
            let html = try await h.run(["report", "--html", page])
            #expect(html.status == 0 && html.stdout.contains("kpn"), "\(html)")
            let content = try String(contentsOfFile: page, encoding: .utf8)
            #expect(content.hasPrefix("<!DOCTYPE html>"))
            #expect(content.contains("Cost per provider per day") && content.contains("Delivery ratio per provider"))
            #expect(content.components(separatedBy: "<svg").count - 1 == 2, "two inline SVG charts")
            #expect(content.contains("<rect") && content.contains("kpn") && content.contains("smscx"))
            // Self-contained: no scripts, no external resources.
            #expect(!content.contains("<script") && !content.contains("<link") && !content.contains("src="))
            #expect(!content.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
        }
    }
}
