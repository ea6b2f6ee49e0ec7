import Foundation
import Switchboard
@testable import SwitchboardSMSCX
import SwitchboardSimulator
import Testing

/// The plugin with a real `CurlTransport` against the simulated SMS.CX API over HTTP on 127.0.0.1.
@Suite("SMS.CX end to end")
struct SMSCXEndToEndTests {
    struct Harness {
        let simulator: ProviderSimulator
        let simulation: SMSCXSimulation
        let transport: CurlTransport
        let logs = LogCapture()
        var context: SimulatorContext { simulator.context(for: "smscx") }
        var baseURL: String { simulator.baseURL(for: "smscx") }

        func provider(oauth: Bool = false, apiKey: String = SMSCXFixture.apiKey, timeoutMilliseconds: Int = 10_000) throws -> SMSCXProvider {
            var configuration = SMSCXFixture.configuration(baseURL: baseURL, oauth: oauth, timeoutMilliseconds: timeoutMilliseconds)
            if !oauth { configuration.apiKey = apiKey }
            return try SMSCXFixture.provider(configuration, transport: transport, logs: logs)
        }

        func paths(_ path: String) -> Int { simulator.requestLog(for: "smscx").filter { $0.path == path }.count }

        /// Scheduled webhooks, parsed by the plugin.
        func webhookEvents() throws -> [ProviderEvent] {
            try context.takeScheduledCallbacks().flatMap { callback in
                try SMSCXProvider.parseWebhookBody(WebhookRequest(method: "POST", path: "/smscx", headers: callback.request.headers,
                                                                  body: callback.request.body))
            }
        }
    }

    static func withHarness(balance: Double = 100, simulation: SMSCXSimulation = SMSCXSimulation(),
                            _ body: (Harness) async throws -> Void) async throws {
        let simulator = ProviderSimulator(providers: [
            .init(simulation: simulation,
                  credentials: SimulatorCredentials(key: SMSCXFixture.apiKey, secret: SMSCXFixture.applicationSecret),
                  balance: balance, pricePerSegment: 0.05),
        ], deliverCallbacks: false)
        try await simulator.start()
        let transport = try CurlTransport()
        let harness = Harness(simulator: simulator, simulation: simulation, transport: transport)
        harness.context.setReceiptDelay(0.01)
        harness.context.setDefaultCallbackURL("http://127.0.0.1:9/smscx")
        do {
            try await body(harness)
        } catch {
            await transport.shutdown()
            await simulator.stop()
            throw error
        }
        await transport.shutdown()
        await simulator.stop()
        for line in harness.logs.lines {
            for secret in SMSCXFixture.secrets { #expect(!line.contains(secret), "secret in log line: \(line)") }
        }
    }

    static func sendError(_ provider: SMSCXProvider, _ message: OutboundMessage) async -> ProviderError? {
        do {
            _ = try await provider.send(message)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [false, true])
    func acceptedWithReceipt(oauth: Bool) async throws {
        try await Self.withHarness { h in
            let provider = try h.provider(oauth: oauth)
            let acceptance = try await provider.send(try SMSCXFixture.message(callbackURL: "http://127.0.0.1:9/dlr"))
            #expect(acceptance.messageIDs.count == 1)
            #expect(acceptance.price == 0.05)
            #expect(h.context.acceptedSends == 1)
            let events = try h.webhookEvents()
            guard case .receipt(let receipt)? = events.first else {
                Issue.record("expected a receipt")
                return
            }
            #expect(receipt.providerMessageID == acceptance.messageIDs.first)
            #expect(receipt.clientReference == SMSCXFixture.messageID)
            #expect(receipt.state == .delivered)
            #expect(h.paths("/oauth/token") == (oauth ? 1 : 0))
        }
    }

    @Test func failedReceipt() async throws {
        try await Self.withHarness { h in
            h.context.setDeliveredRatio(0)
            _ = try await h.provider().send(try SMSCXFixture.message())
            guard case .receipt(let receipt)? = try h.webhookEvents().first else {
                Issue.record("expected a receipt")
                return
            }
            #expect(receipt.state == .failed)
            #expect(receipt.errorCode != nil)
        }
    }

    @Test func retryWithTheSameKeyIsNotChargedTwice() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            let message = try SMSCXFixture.message()
            let first = try await provider.send(message)
            let second = try await provider.send(message)
            #expect(first.messageIDs == second.messageIDs)
            #expect(h.context.acceptedSends == 1)
            #expect(abs(h.context.balance - 99.95) < 1e-9)
        }
    }

    @Test func concurrentOAuthSendsShareOneTokenRequest() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider(oauth: true)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        _ = try await provider.send(try SMSCXFixture.message(to: "+3161234567\(i)", idempotencyKey: "key-\(i)"))
                    }
                }
                try await group.waitForAll()
            }
            #expect(h.paths("/oauth/token") == 1)
            #expect(h.context.acceptedSends == 8)
        }
    }

    @Test func expiredTokenIsRefreshedOnce() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider(oauth: true)
            _ = try await provider.send(try SMSCXFixture.message(idempotencyKey: "k1"))
            h.context.expireTokens()
            _ = try await provider.send(try SMSCXFixture.message(idempotencyKey: "k2"))
            #expect(h.paths("/oauth/token") == 2)
            h.simulator.failNext(.expiredToken, for: "smscx")
            _ = try await provider.send(try SMSCXFixture.message(idempotencyKey: "k3"))
            #expect(h.paths("/oauth/token") == 3)
            #expect(h.context.acceptedSends == 3)
        }
    }

    @Test func wrongOAuthSecretIsAnAccountProblem() async throws {
        try await Self.withHarness { h in
            var configuration = SMSCXFixture.configuration(baseURL: h.baseURL, oauth: true)
            configuration.applicationSecret = "wrong-secret-value"
            let provider = try SMSCXFixture.provider(configuration, transport: h.transport, logs: h.logs)
            let error = await Self.sendError(provider, try SMSCXFixture.message())
            #expect(error?.outcome == .accountProblem)
            #expect(error?.code == "invalid_client/1600")
        }
    }

    @Test("injected faults → outcome classes", arguments: [
        (InjectedFault.serverError, "unavailable"), (.accountProblem, "accountProblem"), (.noCoverage, "routeRejected"),
        (.rejected, "rejected"), (.expiredToken, "accountProblem"), (.throttled, "throttled"),
    ])
    func faults(fault: InjectedFault, outcome: String) async throws {
        try await Self.withHarness { h in
            h.simulator.failNext(fault, for: "smscx")
            let error = await Self.sendError(try h.provider(), try SMSCXFixture.message())
            #expect(error?.outcome.name == outcome)
            if case .throttled(let after)? = error?.outcome {
                #expect(after != nil)
                #expect((after ?? -1) >= 0)
            }
            #expect(h.context.acceptedSends == 0)
        }
    }

    @Test func insufficientBalanceAndWrongKey() async throws {
        try await Self.withHarness(balance: 0.01) { h in
            let error = await Self.sendError(try h.provider(), try SMSCXFixture.message())
            #expect(error?.outcome == .accountProblem)
            #expect(error?.code == "insufficient_credit/1113")
            let wrongKey = await Self.sendError(try h.provider(apiKey: "wrong-key-123"), try SMSCXFixture.message())
            #expect(wrongKey?.outcome == .accountProblem)
        }
    }

    @Test func noCoverageAndInvalidNumbersFromTheAPI() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            let noCoverage = await Self.sendError(provider, try SMSCXFixture.message(to: "+88212345678"))
            #expect(noCoverage?.outcome == .routeRejected)
        }
    }

    @Test func garbageIsAmbiguousHangTimesOutAmbiguousOutageIsUnavailable() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider(timeoutMilliseconds: 2000)
            h.simulator.garbageNext(for: "smscx")
            #expect(await Self.sendError(provider, try SMSCXFixture.message(idempotencyKey: "g1"))?.outcome == .ambiguous)
            h.simulator.hangNext(for: "smscx")
            #expect(await Self.sendError(provider, try SMSCXFixture.message(idempotencyKey: "g2"))?.outcome == .ambiguous)
            try await h.simulator.setOutage(true, for: "smscx")
            #expect(await Self.sendError(provider, try SMSCXFixture.message(idempotencyKey: "g3"))?.outcome == .unavailable)
            let health = await provider.checkHealth()
            #expect(health.status == .down)
            #expect(health.outcome == .unavailable)
            try await h.simulator.setOutage(false, for: "smscx")
        }
    }

    @Test func bulkSendGroupsAndMatchesPerRecipient() async throws {
        let simulation = SMSCXSimulation(optedOut: ["+447700900123"])
        try await Self.withHarness(simulation: simulation) { h in
            let provider = try h.provider()
            let batch = [
                try SMSCXFixture.message("Sale!", to: "+31612345671", idempotencyKey: "b1"),
                try SMSCXFixture.message("Other", to: "+31612345672", idempotencyKey: "b2"),
                try SMSCXFixture.message("Sale!", to: "+88212345678", idempotencyKey: "b3"),
                try SMSCXFixture.message("Sale!", to: "+447700900123", idempotencyKey: "b4"),
                try SMSCXFixture.message("Sale!", to: "+31612345675", idempotencyKey: "b5"),
            ]
            let results = await provider.send(batch: batch)
            #expect(h.paths("/sms") == 2)
            #expect(results.count == 5)
            #expect((try? results[0].get())?.messageIDs.count == 1)
            #expect((try? results[1].get())?.messageIDs.count == 1)
            #expect(SMSCXResponseTests.outcome(results[2]) == .routeRejected)
            #expect(SMSCXResponseTests.outcome(results[3]) == .rejected)
            #expect((try? results[4].get())?.messageIDs.count == 1)
            #expect(h.context.acceptedSends == 2)  // two charged requests
            let receipts = try h.webhookEvents()
            #expect(receipts.count == 3)
            // Retrying the same batch replays the same answer (same derived idempotencyId).
            let again = await provider.send(batch: batch)
            #expect(again.map { try? $0.get().messageIDs } == results.map { try? $0.get().messageIDs })
            #expect(h.context.acceptedSends == 2)
        }
    }

    @Test func healthProbe() async throws {
        let simulation = SMSCXSimulation()
        try await Self.withHarness(simulation: simulation) { h in
            let healthy = try await h.provider().checkHealth()
            #expect(healthy.status == .healthy)
            #expect(healthy.balance == 100)
            #expect(healthy.currency == "eur")
            let oauthHealth = try await h.provider(oauth: true).checkHealth()
            #expect(oauthHealth.status == .healthy)
            let wrong = try await h.provider(apiKey: "wrong-key-123").checkHealth()
            #expect(wrong.status == .down)
            #expect(wrong.outcome == .accountProblem)
            simulation.setSMSChannelEnabled(false)
            let disabled = try await h.provider().checkHealth()
            #expect(disabled.status == .down)
            simulation.setSMSChannelEnabled(true)
            h.context.setBalance(0)
            #expect(try await h.provider().checkHealth().status == .down)
        }
    }

    @Test func inboundWebhook() async throws {
        try await Self.withHarness { h in
            #expect(h.simulator.injectInbound(kind: "smscx", from: "+31612345678", to: "3131", text: "STOP"))
            guard case .inbound(let message)? = try h.webhookEvents().first else {
                Issue.record("expected an inbound message")
                return
            }
            #expect(message.from == "+31612345678")
            #expect(message.to == "3131")
            #expect(message.text == "STOP")
        }
    }
}
