import Foundation
import SwitchboardTestSupport
import Switchboard
import Testing

/// The REST API over real HTTP: auth, validation, errors, send/estimate/list/get.
@Suite struct MessageAPITests {
    @Test func missingOrWrongTokensAreRefused() async throws {
        try await withServer { h in
            let missing = try await h.request(.get, "/v1/messages", token: nil)
            #expect(missing.status == 401)
            #expect(missing.errorKind == "unauthorized")
            #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            let basic = try await h.request(.get, "/v1/messages", token: nil, headers: [("Authorization", "Basic dXNlcjpwYXNz")])
            #expect(basic.status == 401)
            let wrong = try await h.request(.post, "/v1/messages", json: #"{"to": "+31612345678", "text": "x"}"#, token: "not-the-token")
            #expect(wrong.status == 403)
            #expect(wrong.errorKind == "forbidden")
            #expect(!wrong.text.contains(ServerHarness.token))
            #expect(h.simulator.receivedSends(for: "vonage") == 0)
            // Webhooks, metrics and health need no token.
            #expect(try await h.request(.get, "/healthz", token: nil).status == 200)
        }
    }

    @Test func withoutAConfiguredTokenTheAPIIsClosed() async throws {
        try await withServer(token: nil) { h in
            let reply = try await h.request(.get, "/v1/messages", token: "anything")
            #expect(reply.status == 401)
            #expect((reply.object?["error"] as? [String: Any])?["fix"] as? String != nil)
        }
    }

    @Test func invalidInputIsA400WithAClearMessage() async throws {
        try await withServer { h in
            let badNumber = try await h.request(.post, "/v1/messages", json: #"{"to": "+31 6 CALL ME", "text": "hi"}"#)
            #expect(badNumber.status == 400)
            #expect(badNumber.errorKind == "invalidRecipient")
            #expect(badNumber.errorMessage?.isEmpty == false)
            #expect((badNumber.object?["error"] as? [String: Any])?["fix"] != nil)

            let noTo = try await h.request(.post, "/v1/messages", json: #"{"text": "hi"}"#)
            #expect(noTo.status == 400)
            #expect(noTo.errorMessage == "missing field 'to'")

            let notJSON = try await h.request(.post, "/v1/estimate", json: "{to: nope")
            #expect(notJSON.status == 400)
            #expect(notJSON.errorKind == "invalidInput")

            let wrongType = try await h.request(.post, "/v1/messages", json: #"{"to": 31612345678, "text": "hi"}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.errorMessage?.contains("'to'") == true)

            #expect(try await h.request(.get, "/v1/messages?limit=0").status == 400)
            #expect(try await h.request(.get, "/v1/messages?state=bogus").status == 400)
            #expect(try await h.request(.get, "/v1/messages?since=yesterday").status == 400)
            #expect(try await h.request(.get, "/v1/messages?colour=red").status == 400)
            #expect(try await h.request(.get, "/v1/messages/xyz").status == 400)
            let missing = try await h.request(.get, "/v1/messages/0000000000000001")
            #expect(missing.status == 404)
            #expect(missing.errorKind == "notFound")
            #expect(h.simulator.receivedSends(for: "vonage") == 0)
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        try await withServer(maxBody: 2048) { h in
            let text = String(repeating: "a", count: 4096)
            let reply = try await h.request(.post, "/v1/messages", json: #"{"to": "+31612345678", "text": "\#(text)"}"#)
            #expect(reply.status == 413)
            #expect(reply.errorKind == "payloadTooLarge")
            #expect(h.simulator.receivedSends(for: "vonage") == 0)
            // The server keeps serving.
            #expect(try await h.request(.get, "/healthz", token: nil).status == 200)
        }
    }

    @Test func sendThenGetWithAttemptsAndTrace() async throws {
        try await withServer { h in
            let reply = try await h.request(.post, "/v1/messages",
                                            json: #"{"to": "+31 6 1234 5678", "text": "Your code is 1234", "tag": "otp", "from": "Switchboard"}"#,
                                            headers: [("Idempotency-Key", "order-17")])
            #expect(reply.status == 201, "\(reply.text)")
            let body = try #require(reply.object)
            let id = try #require(body["id"] as? String)
            #expect(body["provider"] as? String == "vonage")
            #expect(body["state"] as? String == "accepted")
            #expect(reply.headers["location"] == "/v1/messages/\(id)")
            #expect((body["trace"] as? [String: Any])?["route"] as? String == "vonage-nl")

            // The same idempotency key replays: 200, same id, nothing re-sent.
            let again = try await h.request(.post, "/v1/messages", json: #"{"to": "+31 6 1234 5678", "text": "Your code is 1234", "from": "Switchboard"}"#,
                                            headers: [("Idempotency-Key", "order-17")])
            #expect(again.status == 200)
            #expect(again.object?["id"] as? String == id)
            #expect(again.object?["replayed"] as? Bool == true)
            #expect(h.simulator.receivedSends(for: "vonage") == 1)

            let message = try await h.message(id)
            #expect(message["to"] as? String == "+31612345678")
            #expect(message["state"] as? String == "accepted")
            #expect(message["idempotency_key"] as? String == "order-17")
            let attempts = try #require(message["attempts"] as? [[String: Any]])
            #expect(attempts.count == 1)
            #expect(attempts.first?["outcome"] as? String == "accepted")
            let trace = try #require(message["trace"] as? [String: Any])
            #expect(trace["route"] as? String == "vonage-nl")
            #expect(trace["max_attempts"] as? Int == 3)
        }
    }

    @Test func estimateSendsNothing() async throws {
        try await withServer { h in
            let reply = try await h.request(.post, "/v1/estimate", json: #"{"to": "+49 151 23456789", "text": "hello"}"#)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.object?["provider"] as? String == "smscx")
            #expect(reply.object?["segments"] as? Int == 1)
            #expect(h.simulator.receivedSends(for: "smscx") == 0)
            #expect(try h.router.log.counts()["messages"] == 0)
        }
    }

    @Test func providerFailuresMapToGatewayCodes() async throws {
        try await withServer { h in
            try await h.simulator.setOutage(true, for: "vonage")
            let down = try await h.request(.post, "/v1/messages", json: #"{"to": "+31612345678", "text": "hi", "from": "Switchboard"}"#)
            #expect([502, 503].contains(down.status), "\(down.text)")
            #expect((down.object?["error"] as? [String: Any])?["message_id"] as? String != nil)
            #expect(((down.object?["error"] as? [String: Any])?["attempts"] as? [Any])?.isEmpty == false)
            try await h.simulator.setOutage(false, for: "vonage")

            h.simulator.failNext(.throttled, count: 3, for: "vonage")
            let limited = try await h.request(.post, "/v1/messages", json: #"{"to": "+31612345679", "text": "hi", "from": "Switchboard"}"#)
            #expect(limited.status == 429, "\(limited.text)")
            #expect(limited.errorKind == "rateLimited")
            #expect(limited.headers["retry-after"].flatMap { Int($0) }.map { $0 >= 1 } == true)
        }
    }

    @Test func listingFiltersAndPagesWithACursor() async throws {
        try await withServer { h in
            var ids: [String] = []
            for i in 0..<3 { ids.append(try await h.sendMessage(to: "+31 6 1234 560\(i)")) }
            _ = try await h.sendMessage(to: "+49 151 23456789")

            let first = try await h.request(.get, "/v1/messages?country=NL&limit=2&sort=asc")
            #expect(first.status == 200, "\(first.text)")
            let firstPage = try #require(first.object?["messages"] as? [[String: Any]])
            #expect(firstPage.compactMap { $0["id"] as? String } == Array(ids.prefix(2)))
            let cursor = try #require(first.object?["next_cursor"] as? String)
            let second = try await h.request(.get, "/v1/messages?country=NL&limit=2&sort=asc&cursor=\(cursor)")
            let secondPage = try #require(second.object?["messages"] as? [[String: Any]])
            #expect(secondPage.compactMap { $0["id"] as? String } == [ids[2]])
            #expect(second.object?["next_cursor"] is NSNull)

            let byRecipient = try await h.request(.get, "/v1/messages?to=%2B31612345601")
            #expect((byRecipient.object?["messages"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[1]])
            let newestFirst = try await h.request(.get, "/v1/messages?sort=desc&limit=1&state=accepted")
            #expect((newestFirst.object?["messages"] as? [[String: Any]])?.count == 1)
            let since = try await h.request(.get, "/v1/messages?since=2000-01-01T00:00:00Z&delivery_state=delivered")
            #expect((since.object?["messages"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test func healthzIs503WhenNoProviderIsUsable() async throws {
        let health = ["health: { probe_every: 1s }"]
        try await withServer(extras: ["vonage": health, "smscx": health, "kpn": health, "bandwidth": health]) { h in
            for kind in ["vonage", "smscx", "kpn", "bandwidth"] { try await h.simulator.setOutage(true, for: kind) }
            let down = await eventually(timeout: .seconds(60)) {
                (try? await h.request(.get, "/healthz", token: nil).status) == 503
            }
            #expect(down)
            let reply = try await h.request(.get, "/healthz", token: nil)
            #expect(reply.object?["status"] as? String == "down")
            #expect((reply.object?["providers"] as? [Any])?.count == 4)
        }
    }

    @Test func healthzIs200WhileAProviderIsUsable() async throws {
        try await withServer { h in
            let reply = try await h.request(.get, "/healthz", token: nil)
            #expect(reply.status == 200)
            #expect(reply.object?["status"] as? String == "ok")
            #expect(reply.object?["usable"] as? Int == 4)
        }
    }
}
