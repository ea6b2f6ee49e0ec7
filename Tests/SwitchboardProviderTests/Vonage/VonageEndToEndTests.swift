import Foundation
import Switchboard
import SwitchboardSimulator
import SwitchboardVonage
import Testing

/// The plugin with a real `CurlTransport` against the simulated Vonage API over HTTP on 127.0.0.1.
@Suite("Vonage end to end")
struct VonageEndToEndTests {
    struct Harness {
        let simulator: ProviderSimulator
        let transport: CurlTransport
        let logs = LogCapture()
        var context: SimulatorContext { simulator.context(for: "vonage") }
        var baseURL: String { simulator.baseURL(for: "vonage") }

        func provider(auth: VonageAuthMode? = nil, method: VonageSignatureMethod = .md5hash, signed: Bool = true,
                      apiSecret: String = VonageFixture.apiSecret, timeoutMilliseconds: Int = 10_000) throws -> VonageProvider {
            var configuration = VonageFixture.configuration(auth: auth, method: method, baseURL: baseURL, withSignature: signed,
                                                            timeoutMilliseconds: timeoutMilliseconds)
            if auth != .signature { configuration.apiSecret = apiSecret }
            return try VonageFixture.provider(configuration, transport: transport, logs: logs)
        }
    }

    static func withHarness(balance: Double = 100, simulation: VonageSimulation = VonageSimulation(),
                            _ body: (Harness) async throws -> Void) async throws {
        let simulator = ProviderSimulator(providers: [
            .init(simulation: simulation,
                  credentials: SimulatorCredentials(key: VonageFixture.apiKey, secret: VonageFixture.apiSecret,
                                                    signatureSecret: VonageFixture.signatureSecret),
                  balance: balance, pricePerSegment: 0.05),
        ], deliverCallbacks: false)
        try await simulator.start()
        let transport = try CurlTransport()
        let harness = Harness(simulator: simulator, transport: transport)
        harness.context.setReceiptDelay(0.01)
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
            for secret in VonageFixture.secrets { #expect(!line.contains(secret), "secret in log line: \(line)") }
        }
    }

    static func sendError(_ provider: VonageProvider, _ message: OutboundMessage) async -> ProviderError? {
        do {
            _ = try await provider.send(message)
            return nil
        } catch {
            return error
        }
    }

    static func assertNoSecrets(_ texts: [String]) {
        for text in texts {
            for secret in VonageFixture.secrets { #expect(!text.contains(secret), "secret leaked in: \(text)") }
        }
    }

    @Test(arguments: [VonageAuthMode.body, .basic, .signature])
    func acceptedWithEveryAuthMode(auth: VonageAuthMode) async throws {
        try await Self.withHarness { h in
            let acceptance = try await h.provider(auth: auth).send(try VonageFixture.message(callbackURL: "http://127.0.0.1:9/dlr"))
            #expect(acceptance.isComplete)
            #expect(acceptance.messageIDs.count == 1)
            #expect(acceptance.price == 0.05)
            #expect(acceptance.remainingBalance == 99.95)
            #expect(h.context.acceptedSends == 1)
        }
    }

    @Test(arguments: VonageSignatureMethod.allCases)
    func signedRequestsInEveryMethodAreAccepted(method: VonageSignatureMethod) async throws {
        try await Self.withHarness { h in
            let acceptance = try await h.provider(auth: .signature, method: method).send(try VonageFixture.message("Signed & sealed = ok"))
            #expect(acceptance.isComplete)
        }
    }

    @Test func unicodeMultipartMessage() async throws {
        try await Self.withHarness { h in
            let text = String(repeating: "Привет мир ", count: 10)  // UCS-2, 110 units: 2 parts
            let acceptance = try await h.provider().send(try VonageFixture.message(text))
            #expect(acceptance.parts.count == SMSTextAnalysis(text).segments)
            #expect(acceptance.parts.count == 2)
            #expect(abs((acceptance.price ?? 0) - 0.10) < 1e-9)
        }
    }

    @Test(arguments: [
        (InjectedFault.throttled, "throttled"), (.serverError, "unavailable"), (.accountProblem, "accountProblem"),
        (.noCoverage, "routeRejected"), (.rejected, "rejected"), (.expiredToken, "accountProblem"),
    ])
    func injectedFaultsMapToTheirClass(fault: InjectedFault, outcome: String) async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            h.simulator.failNext(fault, for: "vonage")
            let error = try #require(await Self.sendError(provider, try VonageFixture.message()))
            #expect(error.outcome.name == outcome)
            Self.assertNoSecrets([error.description, error.message])
            // The next send goes through again.
            #expect(try await provider.send(try VonageFixture.message()).isComplete)
        }
    }

    @Test func wrongSecretIsAnAccountProblemAndHealthIsDown() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider(signed: false, apiSecret: "WrongSecret123")
            let error = try #require(await Self.sendError(provider, try VonageFixture.message()))
            #expect(error.outcome == .accountProblem)
            #expect(error.code == "4")
            let health = await provider.checkHealth()
            #expect(health.status == .down)
            #expect(health.outcome == .accountProblem)
            Self.assertNoSecrets([error.description, health.detail])
            #expect(!error.description.contains("WrongSecret123"))
            #expect(!health.detail.contains("WrongSecret123"))
        }
    }

    @Test func insufficientBalanceIsAnAccountProblem() async throws {
        try await Self.withHarness(balance: 0.02) { h in
            let error = try #require(await Self.sendError(try h.provider(), try VonageFixture.message()))
            #expect(error.outcome == .accountProblem)
            #expect(error.code == "9")
        }
    }

    @Test func garbageAfter2xxIsAmbiguous() async throws {
        try await Self.withHarness { h in
            h.simulator.garbageNext(for: "vonage")
            let error = try #require(await Self.sendError(try h.provider(), try VonageFixture.message()))
            #expect(error.outcome == .ambiguous)
        }
    }

    @Test func hangIsAmbiguous() async throws {
        try await Self.withHarness { h in
            h.simulator.hangNext(for: "vonage")
            let error = try #require(await Self.sendError(try h.provider(timeoutMilliseconds: 1500), try VonageFixture.message()))
            #expect(error.outcome == .ambiguous)
        }
    }

    @Test func outageIsUnavailableAndHealthDown() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            try await h.simulator.setOutage(true, for: "vonage")
            let error = try #require(await Self.sendError(provider, try VonageFixture.message()))
            #expect(error.outcome == .unavailable)
            let health = await provider.checkHealth()
            #expect(health.status == .down)
            #expect(health.outcome == .unavailable)
            try await h.simulator.setOutage(false, for: "vonage")
        }
    }

    @Test(arguments: [VonageAuthMode.body, .basic])
    func healthReportsTheBalance(auth: VonageAuthMode) async throws {
        try await Self.withHarness(balance: 42.5) { h in
            let health = await (try h.provider(auth: auth)).checkHealth()
            #expect(health.status == .healthy)
            #expect(health.balance == 42.5)
            #expect(health.currency == "EUR")
        }
    }

    @Test(arguments: [VonageSimulation.CallbackMethod.get, .postForm, .postJSON])
    func receiptsForEveryPartParse(method: VonageSimulation.CallbackMethod) async throws {
        try await Self.withHarness(simulation: VonageSimulation(callbackMethod: method, webhookSignatureMethod: .sha512)) { h in
            let provider = try h.provider(method: .sha512)
            let text = String(repeating: "0123456789", count: 20)  // 2 parts
            let acceptance = try await provider.send(try VonageFixture.message(text, id: "msg-e2e-1", callbackURL: "http://127.0.0.1:9/dlr"))
            let callbacks = h.context.takeScheduledCallbacks()
            #expect(callbacks.count == 2)
            var ids: [String] = []
            for callback in callbacks {
                let events = try provider.parseWebhook(VonageSimulationTests.webhook(from: callback.request))
                guard case .receipt(let receipt) = try #require(events.first) else { Issue.record("not a receipt"); continue }
                #expect(receipt.clientReference == "msg-e2e-1")
                #expect(receipt.state == .delivered)
                ids.append(receipt.providerMessageID)
            }
            #expect(ids == acceptance.messageIDs)
            // Signed with another secret's view: a provider with the wrong signature method refuses them.
            let wrong = try h.provider(method: .md5hash)
            #expect(throws: WebhookError.self) { try wrong.parseWebhook(VonageSimulationTests.webhook(from: callbacks[0].request)) }
        }
    }

    @Test func inboundConcatenatedMessageParses() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            let text = String(repeating: "Long inbound text. ", count: 12)  // 228 chars: 2 parts
            #expect(h.simulator.injectInbound(kind: "vonage", from: "+447700900001", to: "447700900000", text: text,
                                              webhookURL: "http://127.0.0.1:9/inbound"))
            let callbacks = h.context.takeScheduledCallbacks()
            #expect(callbacks.count == 2)
            var joined = ""
            for (index, callback) in callbacks.enumerated() {
                let events = try provider.parseWebhook(VonageSimulationTests.webhook(from: callback.request))
                guard case .inbound(let message) = try #require(events.first) else { Issue.record("not inbound"); continue }
                #expect(message.from == "447700900001")
                #expect(message.concatenation?.part == index + 1)
                #expect(message.concatenation?.total == 2)
                joined += message.text
            }
            #expect(joined == text)
        }
    }
}
