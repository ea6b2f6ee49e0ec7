import Foundation
import Switchboard
import Testing

/// `switchboard send` and `estimate`, run as a subprocess against the simulator.
@Suite struct CLISendTests {
    static let sendKeys: Set<String> = [
        "ok", "messageId", "state", "provider", "providerMessageIds", "segments", "encoding", "cost", "currency",
        "replayed", "exitCode", "error", "attempts", "trace",
    ]

    @Test func sendAcceptsPrintsTheRouteAndWritesTheDefaultLog() async throws {
        try await CLIHarness.with { h in
            let run = try await h.send([
                "--to", "+31 6 1234 5678", "--text", "Your code is 481516", "--from", "Acme", "--tag", "otp",
            ])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("accepted") && run.stdout.contains("by kpn"), "\(run)")
            #expect(run.stdout.contains("route: everything") && run.stdout.contains("0.0450 EUR"), "\(run)")
            #expect(h.sends("kpn") == 1)
            #expect(
                FileManager.default.fileExists(atPath: h.directory + "/switchboard.sqlite"),
                "default --db is ./switchboard.sqlite")
            #expect(!run.stdout.contains("sim-kpn-secret") && !run.stderr.contains("sim-kpn-secret"), "secrets never printed")
        }
    }

    @Test func sendJSONHasEveryKey() async throws {
        try await CLIHarness.with { h in
            let run = try await h.send(["--to", "+4915123456789", "--text", "hello", "--from", "Acme", "--json"])
            #expect(run.status == 0, "\(run)")
            let object = try #require(run.object, "\(run)")
            #expect(Set(object.keys) == Self.sendKeys)
            #expect(object["ok"] as? Bool == true)
            #expect(object["state"] as? String == "accepted")
            #expect(object["provider"] as? String == "smscx")
            #expect(object["currency"] as? String == "EUR")
            #expect((object["cost"] as? Double).map { abs($0 - 0.055) < 1e-9 } == true)
            #expect(object["exitCode"] as? Int == 0)
            #expect(object["error"] is NSNull)
            let id = try #require(object["messageId"] as? String)
            #expect(MessageID(id) != nil)
            let attempts = try #require(object["attempts"] as? [[String: Any]])
            #expect(attempts.count == 1 && attempts.first?["outcome"] as? String == "accepted")
            let trace = try #require(object["trace"] as? [String: Any])
            #expect(trace["route"] as? String == "everything")
            #expect((trace["candidates"] as? [[String: Any]])?.map { $0["provider"] as? String } == ["smscx", "vonage", "kpn"])
        }
    }

    @Test func badNumberExits3WithTheFixOnStderr() async throws {
        try await CLIHarness.with { h in
            let run = try await h.send(["--to", "+31 6 CALL ME", "--text", "hi", "--from", "Acme"])
            #expect(run.status == 3, "\(run)")
            #expect(run.stdout.isEmpty, "\(run)")
            #expect(run.stderr.contains("invalidRecipient") && run.stderr.contains("fix: "), "\(run)")

            let json = try await h.send(["--to", "+31 6 CALL ME", "--text", "hi", "--json"])
            #expect(json.status == 3, "\(json)")
            let object = try #require(json.object, "\(json)")
            #expect(Set(object.keys) == Self.sendKeys)
            #expect(object["ok"] as? Bool == false && object["exitCode"] as? Int == 3)
            #expect(object["messageId"] is NSNull, "an invalid number is never logged")
            let error = try #require(object["error"] as? [String: Any])
            #expect(error["kind"] as? String == "invalidRecipient")
            #expect((error["fix"] as? String)?.isEmpty == false)
            #expect(h.sends("kpn") + h.sends("vonage") + h.sends("smscx") == 0)
        }
    }

    @Test func providerRejectionExits3AndAmbiguityExits4() async throws {
        // Only this test's KPN gets a short timeout; 1 s leaves room on a loaded machine.
        try await CLIHarness.with(kpnTimeout: "1s") { h in
            // KPN needs a sender; without one it refuses the route, and the rest refuse too.
            let rejected = try await h.send(["--to", "+31612345678", "--text", "hi", "--json"])
            #expect(rejected.status == 3, "\(rejected)")
            #expect(rejected.object?["state"] as? String == "failed", "\(rejected)")

            let key = "ambiguous-\(UUID().uuidString)"
            let othersBefore = h.sends("vonage") + h.sends("smscx")
            h.simulator.hangNext(for: "kpn")
            let hung = try await h.send([
                "--to", "+31612345678", "--text", "hi", "--from", "Acme", "--idempotency-key", key, "--json",
            ])
            #expect(hung.status == 4, "\(hung)")
            #expect((hung.object?["error"] as? [String: Any])?["kind"] as? String == "ambiguous", "\(hung)")
            #expect(hung.object?["state"] as? String == "unknown", "\(hung)")
            #expect(hung.stderr.contains("messages show"), "\(hung)")
            #expect(h.sends("vonage") + h.sends("smscx") == othersBefore, "an ambiguous send is not re-sent elsewhere")
        }
    }

    @Test func repeatingAnIdempotencyKeyReplaysWithoutSending() async throws {
        try await CLIHarness.with { h in
            let arguments = [
                "--to", "+31612345678", "--text", "once", "--from", "Acme", "--idempotency-key", "order-42", "--json",
            ]
            let first = try await h.send(arguments)
            let second = try await h.send(arguments)
            #expect(first.status == 0 && second.status == 0, "\(first)\n\(second)")
            #expect(first.object?["replayed"] as? Bool == false)
            #expect(second.object?["replayed"] as? Bool == true)
            #expect(second.object?["messageId"] as? String == first.object?["messageId"] as? String)
            #expect(h.sends("kpn") == 1, "the repeat sent nothing")

            let text = try await h.send(Array(arguments.dropLast()))
            #expect(text.status == 0 && text.stdout.contains("replayed"), "\(text)")
        }
    }

    @Test func estimateSendsAndWritesNothing() async throws {
        try await CLIHarness.with { h in
            let run = try await h.run([
                "estimate", "--rules", h.rules, "--to", "+31 6 1234 5678", "--text", "hi", "--from", "Acme",
            ])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("would send through kpn") && run.stdout.contains("0.0450 EUR"), "\(run)")

            let json = try await h.run(["estimate", "--rules", h.rules, "--to", "+4915123456789", "--text", "hi", "--json"])
            #expect(json.status == 0, "\(json)")
            let object = try #require(json.object, "\(json)")
            #expect(
                Set(object.keys) == ["ok", "provider", "cost", "currency", "segments", "encoding", "exitCode", "error", "trace"])
            #expect(object["provider"] as? String == "smscx" && object["segments"] as? Int == 1)

            let invalid = try await h.run(["estimate", "--rules", h.rules, "--to", "12", "--text", "hi"])
            #expect(invalid.status == 3, "\(invalid)")

            #expect(h.sends("kpn") + h.sends("vonage") + h.sends("smscx") == 0)
            #expect(!FileManager.default.fileExists(atPath: h.directory + "/switchboard.sqlite"), "estimate creates no log")
        }
    }

    @Test func invalidRulesExit5() async throws {
        try await CLIHarness.with { h in
            let run = try await h.run(["send", "--rules", h.directory + "/no-such-rules", "--to", "+31612345678", "--text", "hi"])
            #expect(run.status == 5, "\(run)")
            #expect(run.stderr.contains("switchboard validate"), "\(run)")
            #expect(!FileManager.default.fileExists(atPath: h.directory + "/switchboard.sqlite"), "bad rules create no log")
        }
    }
}
