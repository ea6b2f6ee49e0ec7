import Foundation
import Logging
import Switchboard
import SwitchboardKPN
import SwitchboardSimulator
import Testing

extension ConformanceSubject {
    /// The KPN plugin against its simulation.
    static let kpn = ConformanceSubject(
        kind: "kpn", simulation: KPNSimulation(),
        credentials: SimulatorCredentials(key: KPNFixture.clientID, secret: KPNFixture.clientSecret),
        configYAML: { url in "client_id: \(KPNFixture.clientID)\nclient_secret: \(KPNFixture.clientSecret)\nbase_url: \"\(url)\"" },
        badCredentialsConfigYAML: { url in "client_id: \(KPNFixture.clientID)\nclient_secret: wrong-secret\nbase_url: \"\(url)\"" },
        register: { $0.register(KPNProvider.self) }, secrets: KPNFixture.secrets,
        expectsRetryAfter: true, balanceExhaustedOutcome: "accountProblem", usesOAuth: true)
}

/// The plugin with a real `CurlTransport` against the simulated KPN API over HTTP on 127.0.0.1.
@Suite("KPN end to end")
struct KPNEndToEndTests {
    struct Harness {
        let simulator: ProviderSimulator
        let transport: CurlTransport
        let logs = LogCapture()
        var context: SimulatorContext { simulator.context(for: "kpn") }

        func provider(secret: String = KPNFixture.clientSecret, timeoutMilliseconds: Int = 10_000) throws -> KPNProvider {
            try KPNFixture.provider(KPNFixture.configuration(baseURL: simulator.baseURL(for: "kpn"), secret: secret,
                                                             timeoutMilliseconds: timeoutMilliseconds),
                                    transport: transport, logs: logs)
        }

        func count(_ path: String) -> Int { simulator.requestLog(for: "kpn").filter { $0.path == path }.count }
    }

    static func withHarness(balance: Double = 100, _ body: (Harness) async throws -> Void) async throws {
        let simulator = ProviderSimulator(providers: [
            .init(simulation: KPNSimulation(),
                  credentials: SimulatorCredentials(key: KPNFixture.clientID, secret: KPNFixture.clientSecret),
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
            for secret in KPNFixture.secrets { #expect(!line.contains(secret), "secret in log line: \(line)") }
        }
    }

    static func sendError(_ provider: KPNProvider, _ message: OutboundMessage) async -> ProviderError? {
        do {
            _ = try await provider.send(message)
            return nil
        } catch {
            return error
        }
    }

    @Test func conformance() async throws {
        try await ProviderConformance.run(.kpn)
    }

    @Test func acceptedWithReceipt() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            let acceptance = try await provider.send(try KPNFixture.message(callbackURL: "http://127.0.0.1:9/webhooks/kpn/dlr"))
            #expect(acceptance.messageIDs.count == 1)
            let callbacks = h.context.takeScheduledCallbacks()
            #expect(callbacks.count == 1)
            let events = try callbacks.flatMap { callback in
                try provider.parseWebhook(WebhookRequest(method: "POST", path: "/dlr", headers: callback.request.headers,
                                                         body: callback.request.body))
            }
            guard case .receipt(let receipt)? = events.first else {
                Issue.record("no receipt")
                return
            }
            #expect(receipt.providerMessageID == acceptance.messageIDs.first)
            #expect(receipt.state == .delivered)
        }
    }

    @Test func multipartMessageHasOneIDPerPart() async throws {
        try await Self.withHarness { h in
            let acceptance = try await h.provider().send(try KPNFixture.message(String(repeating: "ж", count: 100)))
            #expect(acceptance.parts.count == 2)
            #expect(Set(acceptance.messageIDs).count == 2)
        }
    }

    @Test func fiftyConcurrentSendsShareOneToken() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            let message = try KPNFixture.message()
            let accepted = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<50 {
                    group.addTask { (try? await provider.send(message)) != nil }
                }
                var count = 0
                for await ok in group where ok { count += 1 }
                return count
            }
            #expect(accepted == 50)
            #expect(h.count(KPNSimulation.tokenPath) == 1)
            #expect(await provider.tokenMintCount() == 1)
        }
    }

    @Test func expiredTokenFaultWithHTTP500IsReMintedOnce() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            _ = try await provider.send(try KPNFixture.message())
            h.simulator.failNext(.expiredToken, for: "kpn")
            let acceptance = try await provider.send(try KPNFixture.message())
            #expect(acceptance.isComplete)
            #expect(h.count(KPNSimulation.tokenPath) == 2)
            #expect(h.count(KPNSimulation.sendPath) == 3)
        }
    }

    @Test func expiredTokensAreReplaced() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            _ = try await provider.send(try KPNFixture.message())
            h.context.expireTokens()
            _ = try await provider.send(try KPNFixture.message())
            #expect(h.count(KPNSimulation.tokenPath) == 2)
        }
    }

    @Test func aTokenRejectedTwiceIsAnAccountProblem() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            h.simulator.failNext(.expiredToken, count: 2, for: "kpn")
            let error = await Self.sendError(provider, try KPNFixture.message())
            #expect(error?.outcome == .accountProblem)
            #expect(h.count(KPNSimulation.tokenPath) == 2)
        }
    }

    static let faults: [(InjectedFault, ProviderOutcome)] = [
        (.serverError, .unavailable), (.accountProblem, .accountProblem), (.noCoverage, .routeRejected), (.rejected, .rejected),
    ]

    @Test("injected fault → outcome", arguments: faults)
    func injectedFault(fault: InjectedFault, expected: ProviderOutcome) async throws {
        try await Self.withHarness { h in
            h.simulator.failNext(fault, for: "kpn")
            let error = await Self.sendError(try h.provider(), try KPNFixture.message())
            #expect(error?.outcome == expected)
        }
    }

    @Test func throttledCarriesRetryAfter() async throws {
        try await Self.withHarness { h in
            h.simulator.failNext(.throttled, for: "kpn")
            let error = await Self.sendError(try h.provider(), try KPNFixture.message())
            guard case .throttled(let after?)? = error?.outcome else {
                Issue.record("expected throttled with retryAfter, got \(String(describing: error))")
                return
            }
            #expect(after >= 0 && after <= 2)
        }
    }

    @Test func garbageAfter200IsAmbiguous() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            _ = try await provider.send(try KPNFixture.message())
            h.simulator.garbageNext(for: "kpn")
            #expect(await Self.sendError(provider, try KPNFixture.message())?.outcome == .ambiguous)
        }
    }

    @Test func hungSendTimesOutAsAmbiguous() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider(timeoutMilliseconds: 2000)
            _ = try await provider.send(try KPNFixture.message())
            h.simulator.hangNext(for: "kpn")
            #expect(await Self.sendError(provider, try KPNFixture.message())?.outcome == .ambiguous)
        }
    }

    @Test func configurationLoadsFromProvidersYAMLThroughTheRegistry() async throws {
        try await Self.withHarness { h in
            let files = [
                "providers.yaml": """
                providers:
                  - id: kpn
                    plugin: kpn
                    config:
                      client_id: \(KPNFixture.clientID)
                      client_secret: \(KPNFixture.clientSecret)
                      base_url: "\(h.simulator.baseURL(for: "kpn"))"
                      from: InfoText
                      timeout_ms: 5000

                """,
                "routes.yaml": "routes:\n  - name: all\n    strategy: priority\n    providers: [kpn]\n",
            ]
            let rules = try RuleSet.load(files: files, plugins: ["kpn"])
            let definition = try #require(rules.providers.first)
            var registry = ProviderRegistry()
            registry.register(KPNProvider.self)
            let provider = try registry.make(definition, context: ProviderContext(transport: h.transport, logger: .init(label: "t")))
            let acceptance = try await provider.send(try KPNFixture.message(from: nil))
            #expect(acceptance.isComplete)
            #expect(!"\(provider)".contains(KPNFixture.clientSecret))
        }
    }

    @Test func inboundMessagesParse() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            let long = String(repeating: "ж", count: 100)
            #expect(h.simulator.injectInbound(kind: "kpn", from: "+31687654321", to: "+3197010000000", text: long,
                                              webhookURL: "http://127.0.0.1:9/webhooks/kpn/inbound"))
            let events = try h.context.takeScheduledCallbacks().flatMap { callback in
                try provider.parseWebhook(WebhookRequest(method: "POST", path: "/inbound", headers: callback.request.headers,
                                                         body: callback.request.body))
            }
            let inbound = events.compactMap { event -> InboundMessage? in
                if case .inbound(let message) = event { return message }
                return nil
            }
            #expect(inbound.count == 2)
            #expect(inbound.map { $0.concatenation?.part } == [1, 2])
            #expect(inbound.allSatisfy { $0.from == "31687654321" && $0.concatenation?.total == 2 })
            #expect(inbound.map(\.text).joined() == long)
        }
    }

    @Test func insufficientBalanceIsAccountProblem() async throws {
        try await Self.withHarness(balance: 0.01) { h in
            let error = await Self.sendError(try h.provider(), try KPNFixture.message())
            #expect(error?.outcome == .accountProblem)
            #expect(error?.code == "9")
        }
    }

    @Test func healthMintsAToken() async throws {
        try await Self.withHarness { h in
            let health = await (try h.provider()).checkHealth()
            #expect(health.status == .healthy)
            #expect(h.count(KPNSimulation.tokenPath) == 1)
        }
    }

    @Test func wrongCredentialsAreAnAccountProblemWithoutLeakingTheSecret() async throws {
        try await Self.withHarness { h in
            let wrong = "wrong-secret-DoNotLeak-91"
            let provider = try h.provider(secret: wrong)
            let health = await provider.checkHealth()
            #expect(health.status == .down)
            #expect(health.outcome == .accountProblem)
            let error = await Self.sendError(provider, try KPNFixture.message())
            #expect(error?.outcome == .accountProblem)
            #expect(error?.code == "invalid_client")
            for text in [health.detail, error?.description ?? ""] + h.logs.lines {
                #expect(!text.contains(wrong))
                #expect(!text.contains(KPNFixture.clientSecret))
            }
        }
    }

    @Test func outageIsUnavailable() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            try await h.simulator.setOutage(true, for: "kpn")
            #expect(await Self.sendError(provider, try KPNFixture.message())?.outcome == .unavailable)
            #expect(await provider.checkHealth().status == .down)
            try await h.simulator.setOutage(false, for: "kpn")
            _ = try await provider.send(try KPNFixture.message())
        }
    }

    @Test func errorTextsNeverContainSecretsOrTokens() async throws {
        try await Self.withHarness { h in
            let provider = try h.provider()
            var texts: [String] = []
            for fault in InjectedFault.allCases {
                h.simulator.failNext(fault, count: fault == .expiredToken ? 2 : 1, for: "kpn")
                if let error = await Self.sendError(provider, try KPNFixture.message()) { texts.append(error.description) }
            }
            #expect(texts.count == InjectedFault.allCases.count)
            texts.append(await provider.checkHealth().detail)
            texts.append("\(provider)")
            for text in texts + h.logs.lines {
                for secret in KPNFixture.secrets { #expect(!text.contains(secret), "secret in: \(text)") }
                #expect(!text.contains("sim-kpn-token-"), "token in: \(text)")
            }
        }
    }
}
