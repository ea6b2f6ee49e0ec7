import Foundation
import Switchboard
import Testing

/// Idempotency keys, opt-outs (API and inbound STOP) and delivery receipts, end to end.
@Suite struct RouterIdempotencyOptOutTests {
    static let routes = """
        defaults: { strategy: least_cost }
        routes:
          - name: everything
            providers: [vonage, smscx]
        """

    @Test func sameKeyReturnsTheFirstResultAndSendsNothing() async throws {
        try await withRouter(routes: Self.routes) { h in
            let message = Message(to: "+31 6 1234 5678", text: "Your order shipped", from: "Switchboard", idempotencyKey: "order-42")
            let first = try await h.router.send(message)
            #expect(!first.replayed)
            let second = try await h.router.send(message)
            #expect(second.replayed)
            #expect(second.messageID == first.messageID)
            #expect(second.providerMessageIDs == first.providerMessageIDs)
            #expect(second.provider == first.provider)
            #expect(second.cost == first.cost)
            #expect(second.trace.route == "everything")
            #expect(h.simulator.receivedSends(for: "smscx") + h.simulator.receivedSends(for: "vonage") == 1)
        }
    }

    @Test func concurrentSendsWithOneKeySendOnce() async throws {
        try await withRouter(routes: Self.routes) { h in
            let message = Message(to: "+31 6 1234 5678", text: "once", from: "Switchboard", idempotencyKey: "k-concurrent")
            let results = await withTaskGroup(of: Result<DispatchResult, SendFailure>.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do throws(SendFailure) { return .success(try await h.router.send(message)) } catch { return .failure(error) }
                    }
                }
                var all: [Result<DispatchResult, SendFailure>] = []
                for await r in group { all.append(r) }
                return all
            }
            let ids = Set(results.compactMap { try? $0.get().messageID })
            #expect(ids.count == 1)
            #expect(results.filter { (try? $0.get().replayed) == false }.count == 1)
            #expect(h.simulator.receivedSends(for: "smscx") + h.simulator.receivedSends(for: "vonage") == 1)
        }
    }

    @Test func aFailedFirstSendIsReplayedAsTheSameFailure() async throws {
        try await withRouter(routes: Self.routes) { h in
            h.simulator.failNext(.rejected, for: "smscx")
            let message = Message(to: "+31 6 1234 5678", text: "x", from: "Switchboard", idempotencyKey: "k-rejected")
            for attempt in 0..<2 {
                do throws(SendFailure) {
                    _ = try await h.router.send(message)
                    Issue.record("expected rejected")
                } catch {
                    #expect(error.kind == .rejected)
                    #expect(error.replayed == (attempt == 1))
                }
            }
            #expect(h.simulator.receivedSends(for: "smscx") == 1)
        }
    }

    @Test func optedOutNumbersFailFastWithoutTouchingAProvider() async throws {
        try await withRouter(routes: Self.routes) { h in
            try await h.router.optOut("+31 6 1234 5678")
            do throws(SendFailure) {
                _ = try await h.router.send(Message(to: "0031612345678", text: "promo", from: "Switchboard"))
                Issue.record("expected optedOut")
            } catch {
                #expect(error.kind == .optedOut)
                #expect(error.attempts.isEmpty)
            }
            #expect(h.simulator.receivedRequests(for: "smscx") == 0)
            #expect(h.simulator.receivedRequests(for: "vonage") == 0)
            try await h.router.optIn("+31612345678")
            _ = try await h.router.send(Message(to: "+31612345678", text: "welcome back", from: "Switchboard"))
        }
    }

    @Test func inboundStopAddsAnOptOutAndStartRemovesIt() async throws {
        var options = RouterOptions()
        options.callbackBaseURL = "http://127.0.0.1:9"
        try await withRouter(routes: Self.routes, options: options) { h in
            h.simulator.context(for: "vonage").setDefaultCallbackURL("http://127.0.0.1:9/webhooks/vonage/inbound")
            #expect(h.simulator.injectInbound(kind: "vonage", from: "31612345678", to: "3197010000000", text: "Stop"))
            for request in h.takeCallbacks("vonage") {
                try await h.router.handleWebhook(provider: "vonage", request: request)
            }
            #expect(h.router.isOptedOut("+31612345678"))
            #expect(try h.router.log.isOptedOut("+31612345678"))
            await #expect(throws: SendFailure.self) { try await h.router.send(Message(to: "+31612345678", text: "promo", from: "Switchboard")) }

            #expect(h.simulator.injectInbound(kind: "vonage", from: "31612345678", to: "3197010000000", text: "START"))
            for request in h.takeCallbacks("vonage") {
                try await h.router.handleWebhook(provider: "vonage", request: request)
            }
            #expect(!h.router.isOptedOut("+31612345678"))
            // "don't stop" is a conversation, not an opt-out.
            #expect(h.simulator.injectInbound(kind: "vonage", from: "31612345679", to: "3197010000000", text: "please don't stop"))
            for request in h.takeCallbacks("vonage") {
                try await h.router.handleWebhook(provider: "vonage", request: request)
            }
            #expect(!h.router.isOptedOut("+31612345679"))
            #expect(try h.router.log.counts()["inbound"] == 3)
        }
    }

    @Test func receiptsUpdateDeliveryState() async throws {
        var options = RouterOptions()
        options.callbackBaseURL = "http://127.0.0.1:9"
        try await withRouter(routes: Self.routes, options: options) { h in
            h.simulator.context(for: "smscx").setDeliveredRatio(1)
            h.simulator.context(for: "vonage").setDeliveredRatio(1)
            let result = try await h.router.send(Message(to: "+31 6 1234 5678", text: "hello", from: "Switchboard"))
            #expect(try h.router.message(id: result.messageID)?.deliveryState == "pending")
            let kind = result.provider.rawValue
            let requests = h.takeCallbacks(kind)
            #expect(!requests.isEmpty)
            for request in requests {
                try await h.router.handleWebhook(provider: result.provider, request: request)
            }
            // Redelivery (providers retry for hours) changes nothing.
            for request in requests {
                try await h.router.handleWebhook(provider: result.provider, request: request)
            }
            let record = try #require(try h.router.message(id: result.messageID))
            #expect(record.deliveryState == "delivered")
        }
    }
}
