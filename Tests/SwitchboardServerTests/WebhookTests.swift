import Foundation
import SwitchboardTestSupport
import Switchboard
import Testing

/// Provider webhooks over real HTTP: signatures, batching, GET/POST, redelivery.
@Suite struct WebhookTests {
    @Test func signedVonageReceiptUpdatesDeliveryState() async throws {
        try await withServer { h in
            let id = try await h.sendMessage(to: "+31 6 1234 5678")
            let receipts = h.callbacks("vonage")
            try #require(receipts.count == 1)
            let reply = try await h.deliver(receipts[0])
            #expect(reply.status == 200, "\(reply.text)")
            let message = try await h.message(id)
            #expect(message["delivery_state"] as? String == "delivered")
            #expect((message["receipts"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func unsignedOrBadlySignedVonageReceiptsAreRejected() async throws {
        try await withServer { h in
            let id = try await h.sendMessage(to: "+31 6 1234 5679")
            let receipts = h.callbacks("vonage")
            try #require(receipts.count == 1)
            let original = receipts[0]
            var fields = try #require((try JSONSerialization.jsonObject(with: Data(original.body))) as? [String: String])
            #expect(fields["sig"] != nil)

            // A forged status with the original signature.
            var forged = original
            fields["status"] = "failed"
            forged.body = Array(try JSONSerialization.data(withJSONObject: fields).utf8Bytes)
            let bad = try await h.deliver(forged)
            #expect(bad.status == 401)
            #expect(bad.errorKind == "badSignature")

            // No signature at all.
            var unsigned = original
            fields.removeValue(forKey: "sig")
            fields.removeValue(forKey: "nonce")
            fields.removeValue(forKey: "timestamp")
            unsigned.body = Array(try JSONSerialization.data(withJSONObject: fields).utf8Bytes)
            let missing = try await h.deliver(unsigned)
            #expect(missing.status == 401)
            #expect(missing.errorKind == "badSignature")
            #expect(!missing.text.contains(ServerHarness.vonageSignatureSecret))

            // Nothing changed; the genuine receipt still counts.
            var message = try await h.message(id)
            #expect(message["delivery_state"] as? String == "pending")
            #expect((message["receipts"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await h.deliver(original).status == 200)
            message = try await h.message(id)
            #expect(message["delivery_state"] as? String == "delivered")
        }
    }

    @Test func unsignedVonageReceiptsAreTakenWhenNoSecretIsConfigured() async throws {
        try await withServer(vonageSigned: false) { h in
            let id = try await h.sendMessage(to: "+31 6 1234 5670")
            let receipts = h.callbacks("vonage")
            try #require(receipts.count == 1)
            #expect(!String(decoding: receipts[0].body, as: UTF8.self).contains("\"sig\""))
            #expect(try await h.deliver(receipts[0]).status == 200)
            #expect(try await h.message(id)["delivery_state"] as? String == "delivered")
        }
    }

    @Test func redeliveredReceiptsChangeNothing() async throws {
        try await withServer { h in
            let id = try await h.sendMessage(to: "+31 6 1234 5671")
            let receipts = h.callbacks("vonage")
            try #require(receipts.count == 1)
            #expect(try await h.deliver(receipts[0]).status == 200)
            let first = try await h.message(id)
            let countsBefore = try h.router.log.counts()
            for _ in 0..<3 {
                let again = try await h.deliver(receipts[0])
                #expect(again.status == 200, "a redelivery is acknowledged so the provider stops retrying")
            }
            let after = try await h.message(id)
            #expect(try h.router.log.counts() == countsBefore)
            #expect((after["receipts"] as? [[String: Any]])?.count == 1)
            #expect(after["delivery_state"] as? String == first["delivery_state"] as? String)
            #expect(after["updated_at"] as? String == first["updated_at"] as? String)
        }
    }

    @Test func smscxBatchedReceiptsUpdateEveryMessage() async throws {
        try await withServer { h in
            var ids: [String] = []
            for i in 0..<3 { ids.append(try await h.sendMessage(to: "+49 151 2345678\(i)")) }
            let callbacks = h.callbacks("smscx")
            try #require(callbacks.count == 3)
            // One POST carrying every item, as SMS.CX batches up to 200 per request (one item twice).
            var items: [Any] = []
            for callback in callbacks {
                let envelope = try #require(try JSONSerialization.jsonObject(with: Data(callback.body)) as? [String: Any])
                #expect(envelope["event"] as? String == "dlr_update")
                items += try #require(envelope["data"] as? [Any])
            }
            items.append(items[0])
            var batch = callbacks[0]
            batch.body = Array(try JSONSerialization.data(withJSONObject: ["event": "dlr_update", "data": items]).utf8Bytes)
            let reply = try await h.deliver(batch)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.object?["events"] as? Int == 3)
            for id in ids {
                let message = try await h.message(id)
                #expect(message["delivery_state"] as? String == "delivered")
                #expect((message["receipts"] as? [[String: Any]])?.count == 1)
            }
            // Redelivering the batch changes nothing.
            let counts = try h.router.log.counts()
            #expect(try await h.deliver(batch).status == 200)
            #expect(try h.router.log.counts() == counts)
            // SMS.CX only POSTs.
            var get = batch
            get.method = .get
            get.body = []
            #expect(try await h.deliver(get).status == 422)
        }
    }

    @Test func bandwidthCallbacksArriveAsPostAndAsGet() async throws {
        try await withServer { h in
            let id = try await h.sendMessage(to: "+1 415 555 0100", from: "+14155550000")
            let callbacks = h.callbacks("bandwidth")
            try #require(callbacks.count == 1)
            let post = callbacks[0]
            #expect(post.method == .post)
            #expect(try await h.deliver(post).status == 200)
            #expect(try await h.message(id)["delivery_state"] as? String == "delivered")

            // The same event as a GET query string (callbackHttpMethod=GET).
            let fields = try #require(try JSONSerialization.jsonObject(with: Data(post.body)) as? [String: Any])
            let pairs = fields.keys.sorted().map { ($0, "\(fields[$0]!)") }
            var get = post
            get.method = .get
            get.body = []
            get.headers = [:]
            get.url = h.webhook(post).url + "?" + FormEncoding.encode(pairs)
            let counts = try h.router.log.counts()
            #expect(try await h.deliver(get).status == 200)
            #expect(try h.router.log.counts() == counts, "the GET form of the same receipt is a redelivery")
        }
    }

    @Test func bandwidthCallbacksNeedTheBasicCredentialsWhenConfigured() async throws {
        try await withServer(extras: ["bandwidth.config": ["webhook_username: hook", "webhook_password: pass-9x"]]) { h in
            let id = try await h.sendMessage(to: "+1 415 555 0101", from: "+14155550000")
            let callbacks = h.callbacks("bandwidth")
            try #require(callbacks.count == 1)
            #expect(try await h.deliver(callbacks[0]).status == 401)
            var authorized = callbacks[0]
            authorized.headers.replaceOrAdd(name: "Authorization", value: "Basic " + Data("hook:pass-9x".utf8).base64EncodedString())
            #expect(try await h.deliver(authorized).status == 200)
            #expect(try await h.message(id)["delivery_state"] as? String == "delivered")
        }
    }

    @Test func inboundStopOptsTheSenderOut() async throws {
        try await withServer(vonageSigned: false) { h in
            let url = h.baseURL + "/webhooks/vonage/inbound"
            #expect(h.simulator.injectInbound(kind: "vonage", from: "31612345672", to: "3197010000000", text: "STOP", webhookURL: url))
            let inbound = h.callbacks("vonage")
            try #require(inbound.count == 1)
            #expect(try await h.deliver(inbound[0]).status == 200)
            #expect(try await h.deliver(inbound[0]).status == 200)
            #expect(try h.router.log.counts()["inbound"] == 1)
            let reply = try await h.request(.post, "/v1/messages", json: #"{"to": "+31612345672", "text": "hi"}"#)
            #expect(reply.status == 409)
            #expect(reply.errorKind == "optedOut")
        }
    }

    @Test func unknownProvidersAndMalformedBodiesAreRefused() async throws {
        try await withServer { h in
            let unknown = try await h.request(.post, "/webhooks/nobody/receipts", json: "{}", token: nil)
            #expect(unknown.status == 404)
            let malformed = try await h.request(.post, "/webhooks/smscx/receipts", json: "not json", token: nil)
            #expect(malformed.status == 400)
            #expect(malformed.errorKind == "malformed")
            let large = try await h.request(.post, "/webhooks/smscx/receipts", body: Array(repeating: UInt8(ascii: "x"), count: 20_000),
                                            token: nil)
            #expect(large.status == 413)
        }
    }
}

extension Data {
    var utf8Bytes: [UInt8] { Array(self) }
}
