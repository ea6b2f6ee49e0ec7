import Foundation
import Switchboard
@testable import SwitchboardBandwidth
import SwitchboardSimulator
import Testing

/// The plugin with a real `CurlTransport` against the simulated Bandwidth API over HTTP on 127.0.0.1.
@Suite("Bandwidth end to end")
struct BandwidthEndToEndTests {
    struct Harness {
        let simulator: ProviderSimulator
        let transport: CurlTransport
        let logs = LogCapture()
        var context: SimulatorContext { simulator.context(for: "bandwidth") }
        var baseURL: String { simulator.baseURL(for: "bandwidth") }

        func provider(apiSecret: String = BandwidthFixture.apiSecret, timeoutMS: Int = 10_000) throws -> BandwidthProvider {
            try BandwidthFixture.provider(BandwidthFixture.configuration(baseURL: baseURL, apiSecret: apiSecret, timeoutMS: timeoutMS),
                                          transport: transport, logs: logs)
        }

        /// Scheduled callbacks, parsed by the plugin.
        func webhookEvents() throws -> [ProviderEvent] {
            try context.takeScheduledCallbacks().flatMap { callback in
                try BandwidthProvider.events(from: ProviderConformance.webhookRequest(for: callback, kind: "bandwidth"))
            }
        }
    }

    static func withHarness(balance: Double = 100, _ body: (Harness) async throws -> Void) async throws {
        let simulator = ProviderSimulator(providers: [
            .init(simulation: BandwidthSimulation(),
                  credentials: SimulatorCredentials(key: BandwidthFixture.apiToken, secret: BandwidthFixture.apiSecret,
                                                    userID: BandwidthFixture.userID),
                  balance: balance, pricePerSegment: 0.0075),
        ], deliverCallbacks: false)
        try await simulator.start()
        let transport = try CurlTransport()
        let harness = Harness(simulator: simulator, transport: transport)
        harness.context.setReceiptDelay(0.01)
        harness.context.setDefaultCallbackURL("http://127.0.0.1:9/webhooks/bandwidth")
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
            for secret in BandwidthFixture.secrets {
                let leaked = line.contains(secret)
                #expect(!leaked, "a secret leaked into a log line")
            }
        }
    }

    static func outcome(_ provider: BandwidthProvider, _ message: OutboundMessage) async -> String {
        do {
            _ = try await provider.send(message)
            return "accepted"
        } catch {
            return error.outcome.name
        }
    }

    @Test func conformance() async throws {
        let credentials = SimulatorCredentials(key: BandwidthFixture.apiToken, secret: BandwidthFixture.apiSecret,
                                               userID: BandwidthFixture.userID)
        var message = ConformanceSubject.defaultMessage()
        message.from = .number(try PhoneNumber(parsing: BandwidthFixture.sender))
        var outcomes = ConformanceSubject.standardOutcomes
        // Bandwidth has no "no coverage" answer; the simulation uses 403 `restricted-number`,
        // which the reference classes as permanent (P) → rejected.
        outcomes[.noCoverage] = "rejected"
        outcomes[.expiredToken] = "accountProblem"
        let subject = ConformanceSubject(
            kind: "bandwidth", simulation: BandwidthSimulation(), credentials: credentials,
            configYAML: { url in
                "user_id: \(BandwidthFixture.userID)\napi_token: \(BandwidthFixture.apiToken)\napi_secret: \(BandwidthFixture.apiSecret)\nbase_url: \(url)\ntimeout_ms: 5000"
            },
            badCredentialsConfigYAML: { url in
                "user_id: \(BandwidthFixture.userID)\napi_token: \(BandwidthFixture.apiToken)\napi_secret: wrong-secret\nbase_url: \(url)"
            },
            register: { $0.register(BandwidthProvider.self) }, secrets: BandwidthFixture.secrets,
            sampleMessage: message, expectedOutcomes: outcomes)
        try await ProviderConformance.run(subject)
    }

    @Test func sendIsAcceptedAndTheReceiptCarriesOurTag() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            let acceptance = try await provider.send(try BandwidthFixture.message("Grüße 👋", callbackURL: "http://127.0.0.1:9/webhooks/bandwidth/dlr"))
            let id = try #require(acceptance.messageIDs.first)
            #expect(id.hasPrefix("m-"))
            let events = try h.webhookEvents()
            guard case .receipt(let receipt)? = events.first else {
                Issue.record("expected a receipt, got \(events)")
                return
            }
            #expect(receipt.providerMessageID == id)
            #expect(receipt.clientReference == BandwidthFixture.messageID)
            #expect(receipt.state == .delivered)
        }
    }

    @Test func failedDeliveryReceipt() async throws {
        try await Self.withHarness { h in
            h.context.setDeliveredRatio(0)
            _ = try await h.provider().send(try BandwidthFixture.message())
            guard case .receipt(let receipt)? = try h.webhookEvents().first else {
                Issue.record("expected a receipt")
                return
            }
            #expect(receipt.state == .failed)
            #expect(receipt.errorCode == "650")
        }
    }

    @Test(arguments: [
        (InjectedFault.throttled, "throttled"), (.serverError, "unavailable"), (.accountProblem, "accountProblem"),
        (.noCoverage, "rejected"), (.rejected, "rejected"), (.expiredToken, "accountProblem"),
    ])
    func everyInjectedFault(fault: InjectedFault, expected: String) async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            h.simulator.failNext(fault, for: "bandwidth")
            let message = try BandwidthFixture.message()
            #expect(await Self.outcome(provider, message) == expected)
            #expect(await Self.outcome(provider, message) == "accepted")
        }
    }

    @Test func enforcedRateLimitIs403MessageRateLimit() async throws {
        try await Self.withHarness { h in
            h.simulator.setFaults(FaultSettings(rateLimitPerSecond: 1), for: "bandwidth")
            let provider = try h.provider()
            var outcomes: [String] = []
            for i in 0..<4 {
                let message = try BandwidthFixture.message(id: "rl-\(i)")
                outcomes.append(await Self.outcome(provider, message))
            }
            #expect(outcomes.first == "accepted")
            #expect(outcomes.contains("throttled"))
        }
    }

    @Test func bulkSendChunksBy50InOrder() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            var batch = try (0..<120).map { try BandwidthFixture.message("bulk \($0)", id: "bulk-\($0)") }
            batch[7].from = .alphanumeric("InfoText")  // refused before sending
            let results = await provider.send(batch: batch)
            #expect(results.count == 120)
            let names = results.map { result -> String in
                if case .failure(let error) = result { return error.outcome.name }
                return "accepted"
            }
            #expect(names[7] == "routeRejected")
            #expect(names.filter { $0 == "accepted" }.count == 119)
            let sends = h.simulator.requestLog(for: "bandwidth").filter(\.isSend).count
            #expect(sends == 3)  // 119 messages → 50 + 50 + 19
            let ids = results.compactMap { try? $0.get().messageIDs.first }
            #expect(Set(ids).count == ids.count)
            #expect(provider.capabilities.maxBatchSize == 50)
        }
    }

    @Test func bulkPerItemErrorsStayInOrder() async throws {
        try await Self.withHarness(balance: 0.0075 * 2 + 0.001) { h in
            let provider = try h.provider()
            let results = await provider.send(batch: try (0..<4).map { try BandwidthFixture.message(id: "p-\($0)") })
            let names = results.map { result -> String in
                if case .failure(let error) = result { return error.outcome.name }
                return "accepted"
            }
            #expect(names == ["accepted", "accepted", "accountProblem", "accountProblem"])
            if case .failure(let error) = results[2] { #expect(error.code == "insufficient-available-balance") }
        }
    }

    @Test func bulkWholeRequestFaultFailsEveryItem() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            h.simulator.failNext(.throttled, for: "bandwidth")
            let results = await provider.send(batch: try (0..<3).map { try BandwidthFixture.message(id: "t-\($0)") })
            for result in results {
                guard case .failure(let error) = result else {
                    Issue.record("expected throttled")
                    continue
                }
                #expect(error.outcome == .throttled(retryAfter: nil))
            }
        }
    }

    @Test func balanceRunsOut() async throws {
        try await Self.withHarness(balance: 0.01) { h in
            let provider = try h.provider()
            let message = try BandwidthFixture.message()
            #expect(await Self.outcome(provider, message) == "accepted")
            #expect(await Self.outcome(provider, message) == "accountProblem")
        }
    }

    @Test func healthProbeReportsTheBalanceAndWrongCredentialsAreDown() async throws {
        try await Self.withHarness(balance: 42.125) { h in
            let provider = try h.provider()
            let health = await provider.checkHealth()
            #expect(health.status == .healthy)
            #expect(health.balance == 42.125)
            #expect(health.currency == "USD")
            let impostor = try h.provider(apiSecret: "not-the-secret")
            let bad = await impostor.checkHealth()
            #expect(bad.status == .down)
            #expect(bad.outcome == .accountProblem)
            let message = try BandwidthFixture.message()
            #expect(await Self.outcome(impostor, message) == "accountProblem")
        }
    }

    @Test func garbageHangAndOutage() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider(timeoutMS: 2000)
            let message = try BandwidthFixture.message()
            h.simulator.garbageNext(for: "bandwidth")
            #expect(await Self.outcome(provider, message) == "ambiguous")
            h.simulator.hangNext(for: "bandwidth")
            #expect(await Self.outcome(provider, message) == "ambiguous")
            h.simulator.clearInjections(for: "bandwidth")
            try await h.simulator.setOutage(true, for: "bandwidth")
            #expect(await Self.outcome(provider, message) == "unavailable")
            #expect(await provider.checkHealth().status == .down)
            try await h.simulator.setOutage(false, for: "bandwidth")
            #expect(await Self.outcome(provider, message) == "accepted")
        }
    }

    @Test func inboundWebhook() async throws {
        try await Self.withHarness { h in
            #expect(h.simulator.injectInbound(kind: "bandwidth", from: "+13233326955", to: BandwidthFixture.sender, text: "STOP"))
            guard case .inbound(let message)? = try h.webhookEvents().first else {
                Issue.record("expected an inbound message")
                return
            }
            #expect(message.text == "STOP")
            #expect(message.to == "19195551212")
        }
    }

    @Test func secretsNeverInErrorsHealthOrDescriptions() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            var texts = [String(describing: provider), String(reflecting: provider), "\(provider.configuration)",
                         String(reflecting: provider.configuration)]
            let message = try BandwidthFixture.message()
            for fault in InjectedFault.allCases {
                h.simulator.failNext(fault, for: "bandwidth")
                do throws(ProviderError) { _ = try await provider.send(message) } catch { texts.append(error.description) }
            }
            let impostor = try h.provider(apiSecret: "wrongSecret-123")
            do throws(ProviderError) { _ = try await impostor.send(message) } catch { texts.append(error.description) }
            texts.append(await impostor.checkHealth().detail)
            try await h.simulator.setOutage(true, for: "bandwidth")
            do throws(ProviderError) { _ = try await provider.send(message) } catch { texts.append(error.description) }
            texts.append(await provider.checkHealth().detail)
            #expect(texts.count >= 12)
            for text in texts {
                for secret in BandwidthFixture.secrets + ["wrongSecret-123"] {
                    let leaked = text.contains(secret)
                    #expect(!leaked, "a secret leaked into an error or description")
                }
                let basic = Data("\(BandwidthFixture.apiToken):\(BandwidthFixture.apiSecret)".utf8).base64EncodedString()
                #expect(!text.contains(basic))
            }
        }
    }
}
