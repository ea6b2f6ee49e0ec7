import Foundation
import Logging
import Switchboard
import SwitchboardSimulator
import Testing

/// The checks every provider plugin passes against its simulation over real HTTP
/// (`CurlTransport` → `ProviderSimulator` on 127.0.0.1). Call it from a `@Test`:
///
/// ```swift
/// @Test func conformance() async throws { try await ProviderConformance.run(.vonage) }
/// ```
///
/// Checks (each failure is an `#expect` naming the provider):
/// 1. the `config:` block decodes from YAML (providers.yaml text loaded by `RuleSet`, built
///    through `ProviderRegistry`);
/// 2. a plain send is `accepted` with provider message ids, and the delivery receipt the
///    simulation schedules parses into a `.receipt` for one of those ids;
/// 3. the health probe is `healthy`;
/// 4. every injected fault maps to its outcome class (``ConformanceSubject/expectedOutcomes``),
///    throttling with a retry-after where the provider gives one;
/// 5. an HTTP 200 with a garbage body is `ambiguous` (the provider may have accepted it: a
///    fallback could duplicate the message, so it must not be treated as `unavailable`);
/// 6. a hung send (request received, never answered; the caller's timeout cancels it) is `ambiguous`;
/// 7. an exhausted balance gives ``ConformanceSubject/balanceExhaustedOutcome``;
/// 8. OAuth providers fetch a new token after the simulator expired theirs;
/// 9. an outage (connection refused) is `unavailable` and health `down`; the provider recovers;
/// 10. wrong credentials: health `down`, sends `accountProblem`;
/// 11. no configured secret appears in any error description, health detail, webhook error or
///     the provider's own description.
enum ProviderConformance {
    /// Where the suite points receipts (nothing listens: callbacks are taken, not delivered).
    static func webhookURL(_ kind: String) -> String { "http://127.0.0.1:9/webhooks/\(kind)/dlr" }

    /// Runs every check for a subject.
    static func run(_ subject: ConformanceSubject) async throws {
        let simulator = ProviderSimulator(
            providers: [.init(simulation: subject.simulation, credentials: subject.credentials)], deliverCallbacks: false)
        try await simulator.start()
        let transport = try CurlTransport()
        do {
            try await runChecks(subject, simulator: simulator, transport: transport)
        } catch {
            await transport.shutdown()
            await simulator.stop()
            throw error
        }
        await transport.shutdown()
        await simulator.stop()
    }

    /// Loads the provider through providers.yaml text, `RuleSet` and the registry.
    static func makeProvider(_ subject: ConformanceSubject, config: String, transport: any HTTPTransport) throws
        -> any MessageProvider
    {
        let id = "\(subject.kind)-conformance"
        let indented = config.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "      " + $0 }.joined(separator: "\n")
        let files = [
            "providers.yaml": "providers:\n  - id: \(id)\n    plugin: \(subject.kind)\n    config:\n\(indented)\n",
            "routes.yaml": "routes:\n  - name: all\n    strategy: priority\n    providers: [\(id)]\n",
        ]
        let rules = try RuleSet.load(files: files, plugins: [subject.kind])
        let definition = try #require(rules.providers.first { $0.id.rawValue == id })
        var registry = ProviderRegistry()
        subject.register(&registry)
        var logger = Logger(label: "conformance.\(subject.kind)")
        logger.logLevel = .critical
        return try registry.make(definition, context: ProviderContext(transport: transport, logger: logger))
    }

    static func send(_ provider: any MessageProvider, _ message: OutboundMessage) async
        -> Result<ProviderAcceptance, ProviderError>
    {
        do throws(ProviderError) {
            return .success(try await provider.send(message))
        } catch {
            return .failure(error)
        }
    }

    /// The outcome name of a send result (`accepted` or the error's class).
    static func outcomeName(_ result: Result<ProviderAcceptance, ProviderError>) -> String {
        switch result {
        case .success: "accepted"
        case .failure(let error): error.outcome.name
        }
    }

    /// The webhook the server would hand the plugin for a callback the simulation scheduled
    /// (the path is the part after `/webhooks/<kind>`).
    static func webhookRequest(for callback: ScheduledCallback, kind: String) -> WebhookRequest {
        let request = callback.request
        var rest = Substring(request.url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let pathAndQuery = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        let parts = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var path = String(parts.first ?? "/")
        let prefix = "/webhooks/\(kind)"
        if path.hasPrefix(prefix) { path = String(path.dropFirst(prefix.count)) }
        if path.isEmpty { path = "/" }
        let query = parts.count > 1 ? FormEncoding.decode(String(parts[1])) : []
        return WebhookRequest(method: request.method.rawValue, path: path, query: query, headers: request.headers,
                              body: request.body)
    }

    private static func runChecks(_ subject: ConformanceSubject, simulator: ProviderSimulator,
                                  transport: CurlTransport) async throws {
        let kind = subject.kind
        let context = simulator.context(for: kind)
        let baseURL = simulator.baseURL(for: kind)
        var texts: [String] = []  // every text a user could see: must not contain secrets

        // 1. Config decodes from YAML.
        let provider = try makeProvider(subject, config: subject.configYAML(baseURL), transport: transport)
        texts.append(String(describing: provider))
        texts.append(String(reflecting: provider))
        var message = subject.sampleMessage
        message.callbackURL = webhookURL(kind)
        context.setDefaultCallbackURL(webhookURL(kind))

        // 2. Plain send + receipt.
        _ = context.takeScheduledCallbacks()
        let first = await send(provider, message)
        #expect(outcomeName(first) == "accepted", "\(kind): plain send should be accepted: \(first)")
        if case .success(let acceptance) = first {
            #expect(!acceptance.messageIDs.isEmpty, "\(kind): accepted send should carry provider message ids")
            if subject.checksReceipts {
                let callbacks = context.takeScheduledCallbacks()
                #expect(!callbacks.isEmpty, "\(kind): the simulation should schedule a delivery receipt")
                var receipts: [DeliveryReceipt] = []
                for callback in callbacks {
                    do throws(WebhookError) {
                        for event in try provider.parseWebhook(webhookRequest(for: callback, kind: kind)) {
                            if case .receipt(let receipt) = event { receipts.append(receipt) }
                        }
                    } catch {
                        texts.append(error.description)
                        Issue.record("\(kind): receipt webhook did not parse: \(error)")
                    }
                }
                #expect(receipts.contains { acceptance.messageIDs.contains($0.providerMessageID) },
                        "\(kind): a receipt should name an accepted id \(acceptance.messageIDs); got \(receipts.map(\.providerMessageID))")
                #expect(receipts.allSatisfy { $0.state == .delivered || $0.state == .pending },
                        "\(kind): with deliveredRatio 1 the receipt should not be failed")
            }
        }

        // 3. Health.
        let health = await provider.checkHealth()
        texts.append(health.detail)
        #expect(health.status == .healthy, "\(kind): health should be healthy: \(health)")

        // 4. Every injected fault → its outcome class.
        for fault in InjectedFault.allCases {
            guard let expected = subject.expectedOutcomes[fault] else { continue }
            simulator.failNext(fault, for: kind)
            let result = await send(provider, message)
            if case .failure(let error) = result { texts.append(error.description) }
            #expect(outcomeName(result) == expected, "\(kind): injected \(fault.rawValue) should be \(expected): \(result)")
            if fault == .throttled, subject.expectsRetryAfter, case .failure(let error) = result {
                guard case .throttled(let after) = error.outcome else { continue }
                #expect(after != nil, "\(kind): throttled should report the provider's retry-after")
            }
            simulator.clearInjections(for: kind)
        }

        // 5. Garbage body on a 200 → ambiguous.
        simulator.garbageNext(for: kind)
        let garbage = await send(provider, message)
        if case .failure(let error) = garbage { texts.append(error.description) }
        #expect(outcomeName(garbage) == "ambiguous", "\(kind): a 200 with a garbage body should be ambiguous: \(garbage)")
        simulator.clearInjections(for: kind)

        // 6. Hang → the caller's timeout (task cancellation) → ambiguous.
        let sendsBefore = simulator.receivedSends(for: kind)
        simulator.hangNext(for: kind)
        let hung = Task { await send(provider, message) }
        for _ in 0..<500 where simulator.receivedSends(for: kind) == sendsBefore {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(simulator.receivedSends(for: kind) > sendsBefore, "\(kind): the hung send should reach the simulator")
        hung.cancel()
        let hangResult = await hung.value
        if case .failure(let error) = hangResult { texts.append(error.description) }
        #expect(outcomeName(hangResult) == "ambiguous", "\(kind): a send that got no answer should be ambiguous: \(hangResult)")
        simulator.clearInjections(for: kind)

        // 7. Balance exhausted.
        if let expected = subject.balanceExhaustedOutcome {
            let balance = context.balance
            context.setBalance(0)
            let broke = await send(provider, message)
            if case .failure(let error) = broke { texts.append(error.description) }
            #expect(outcomeName(broke) == expected, "\(kind): with no balance a send should be \(expected): \(broke)")
            context.setBalance(balance)
        }

        // 8. OAuth: expired tokens are replaced.
        if subject.usesOAuth {
            context.expireTokens()
            let refreshed = await send(provider, message)
            #expect(outcomeName(refreshed) == "accepted", "\(kind): after token expiry the plugin should fetch a new token: \(refreshed)")
        }

        // 9. Outage: connection refused → unavailable, health down; then recovery on the same port.
        try await simulator.setOutage(true, for: kind)
        let refused = await send(provider, message)
        if case .failure(let error) = refused { texts.append(error.description) }
        #expect(outcomeName(refused) == "unavailable", "\(kind): connection refused should be unavailable: \(refused)")
        let downHealth = await provider.checkHealth()
        texts.append(downHealth.detail)
        #expect(downHealth.status == .down, "\(kind): health during an outage should be down: \(downHealth)")
        try await simulator.setOutage(false, for: kind)
        #expect(simulator.baseURL(for: kind) == baseURL, "\(kind): the provider should come back on the same port")
        let recovered = await send(provider, message)
        #expect(outcomeName(recovered) == "accepted", "\(kind): after the outage a send should be accepted: \(recovered)")

        // 10. Wrong credentials.
        let impostor = try makeProvider(subject, config: subject.badCredentialsConfigYAML(baseURL), transport: transport)
        let badHealth = await impostor.checkHealth()
        texts.append(badHealth.detail)
        #expect(badHealth.status == .down, "\(kind): health with wrong credentials should be down: \(badHealth)")
        let denied = await send(impostor, message)
        if case .failure(let error) = denied { texts.append(error.description) }
        #expect(outcomeName(denied) == "accountProblem", "\(kind): wrong credentials should be accountProblem: \(denied)")

        // Webhook garbage must be refused without echoing secrets.
        do throws(WebhookError) {
            _ = try provider.parseWebhook(WebhookRequest(method: "POST", path: "/dlr", body: Array("{not json".utf8)))
        } catch {
            texts.append(error.description)
        }

        // 11. No secret in any text.
        for secret in subject.secrets where !secret.isEmpty {
            for text in texts {
                let leaked = text.contains(secret)  // not inside #expect: it would print the secret
                #expect(!leaked,
                        "\(kind): a configured secret leaked into: \(text.replacingOccurrences(of: secret, with: "<SECRET>").prefix(200))")
            }
        }
    }
}
