import Foundation
import Logging
@testable import Switchboard
import SwitchboardSimulator
import Testing

/// No credential, minted OAuth token or webhook signing secret reaches a log line, an error, a
/// description of a provider or its configuration, a metric label, or any SQLite column.
extension RouterObservabilityTests {
    /// Every provider with all its secrets in use: Vonage signs webhooks, SMS.CX both by API key
    /// and by OAuth (the same simulated account), KPN by OAuth, Bandwidth with webhook Basic auth.
    static let secretProviders: [RouterHarness.ProviderEntry] = [
        .init(id: "vonage", plugin: "vonage",
              config: ["api_key: simkey01", "api_secret: simsecret01", "signature_secret: sim-vonage-signature-secret"]),
        .init(id: "smscx", plugin: "smscx", config: ["api_key: sim-smscx-key"]),
        .init(id: "smscx-oauth", plugin: "smscx",
              config: ["application_id: sim-smscx-key", "application_secret: sim-smscx-app-secret"]),
        .init(id: "kpn", plugin: "kpn", config: ["client_id: sim-kpn-client", "client_secret: sim-kpn-secret"]),
        .init(id: "bandwidth", plugin: "bandwidth",
              config: ["user_id: u-simulator", "api_token: t-simulator", "api_secret: s-simulator",
                       "webhook_username: sim-bw-hook-user", "webhook_password: sim-bw-hook-password"]),
    ]

    /// The configured secrets, and the HTTP Basic values built from them.
    static let configuredSecrets: [String] = {
        let plain = ["simkey01", "simsecret01", "sim-vonage-signature-secret", "sim-smscx-key", "sim-smscx-app-secret",
                     "sim-kpn-client", "sim-kpn-secret", "t-simulator", "s-simulator", "sim-bw-hook-user", "sim-bw-hook-password"]
        let basic = [("simkey01", "simsecret01"), ("sim-smscx-key", "sim-smscx-app-secret"), ("sim-kpn-client", "sim-kpn-secret"),
                     ("t-simulator", "s-simulator"), ("sim-bw-hook-user", "sim-bw-hook-password")]
        return plain + basic.map { Data("\($0.0):\($0.1)".utf8).base64EncodedString() }
    }()

    static let secretRoutes = """
        defaults: { strategy: least_cost, max_attempts: 5 }
        routes:
          - name: everything
            providers: [kpn, smscx-oauth, smscx, vonage, bandwidth]
        """

    @Test func secretsNeverReachLogsErrorsOrTheOutcomeLog() async throws {
        let metrics = Self.metrics  // bootstrapped before the router makes its metrics
        let capture = CapturedLog()
        var options = RouterOptions()
        options.activeProbes = false
        options.callbackBaseURL = "http://127.0.0.1:9"
        var logger = Logger(label: "switchboard.router.secrets") { _ in capture }
        logger.logLevel = .trace
        options.logger = logger
        var prices = RouterHarness.defaultPrices
        prices["smscx-oauth"] = "{ currency: EUR, default: 0.066, countries: { NL: 0.050, DE: 0.066 } }"
        let h = try await RouterHarness.start(
            routes: Self.secretRoutes, prices: prices, options: options, providers: Self.secretProviders,
            credentials: [
                "vonage": SimulatorCredentials(key: "simkey01", secret: "simsecret01", signatureSecret: "sim-vonage-signature-secret"),
                "smscx": SimulatorCredentials(key: "sim-smscx-key", secret: "sim-smscx-app-secret"),
            ])
        var texts: [String] = []  // errors, results, descriptions: everything a caller could print

        // NL ranks kpn, smscx-oauth, smscx, vonage, bandwidth. KPN's account is refused (after
        // minting a token); SMS.CX's token expires under the first send (a second is minted).
        h.simulator.failNext(.accountProblem, for: "kpn")
        h.simulator.failNext(.expiredToken, for: "smscx")
        let first = try await h.router.send(Message(to: "+31 6 1234 5670", text: "one", from: "Switchboard"))
        #expect(first.provider == "smscx-oauth")
        #expect(first.attempts.map(\.provider) == ["kpn", "smscx-oauth"])
        #expect(first.attempts.first?.outcome == .accountProblem)
        texts.append(SecretScan.dumped(first))

        // Both SMS.CX providers are refused (account problems): Vonage takes it.
        h.simulator.failNext(.accountProblem, count: 2, for: "smscx")
        let second = try await h.router.send(Message(to: "+31 6 1234 5671", text: "two", from: "Switchboard"))
        #expect(second.provider == "vonage")
        #expect(second.attempts.map(\.outcome) == [.accountProblem, .accountProblem, .accepted])
        texts.append(SecretScan.dumped(second))

        // The US goes to Bandwidth first.
        let third = try await h.router.send(Message(to: "+1 919 555 1212", text: "three", from: "+19195550000"))
        #expect(third.provider == "bandwidth")
        texts.append(SecretScan.dumped(third))

        // Nobody can take the fourth: the refused accounts are unhealthy (excluded), Vonage is down
        // and Bandwidth cannot send from an alphanumeric sender.
        try await h.simulator.setOutage(true, for: "vonage")
        try await h.simulator.setOutage(true, for: "bandwidth")
        let failure = try #require(await #expect(throws: SendFailure.self) {
            try await h.router.send(Message(to: "+31 6 1234 5672", text: "four", from: "Switchboard"))
        })
        #expect(failure.kind == .allCandidatesFailed)
        #expect(failure.attempts.map(\.provider) == ["vonage", "bandwidth"])
        #expect(failure.attempts.map(\.outcome) == [.unavailable, .routeRejected])
        #expect(Set(failure.trace?.excluded.map(\.provider) ?? []) == ["kpn", "smscx-oauth", "smscx"])
        texts += [failure.description, SecretScan.dumped(failure)]

        // Webhooks, genuine and forged: Vonage signs with its signature secret, Bandwidth's
        // callbacks carry the Basic credentials embedded in the callback URL.
        try await feedWebhooks(h, texts: &texts)

        // Probes use every credential and token (Vonage's balance probe has them in the URL).
        for (provider, health) in await h.router.probeAll() { texts.append("\(provider): \(SecretScan.dumped(health))") }
        try await h.simulator.setOutage(false, for: "vonage")
        try await h.simulator.setOutage(false, for: "bandwidth")
        for (provider, health) in await h.router.probeAll() { texts.append("\(provider): \(SecretScan.dumped(health))") }
        texts.append(SecretScan.dumped(h.router.providerHealth))
        for provider in h.router.runtime.providers {
            texts += [String(describing: provider), String(reflecting: provider), SecretScan.dumped(provider)]
        }

        let tokens = ["kpn", "smscx"].flatMap { h.simulator.context(for: $0).issuedTokens }
        #expect(h.simulator.context(for: "kpn").issuedTokens.count >= 1, "KPN minted no token")
        #expect(h.simulator.context(for: "smscx").issuedTokens.count >= 2, "SMS.CX did not mint a second token")
        let secrets = Self.configuredSecrets + tokens

        await h.router.shutdown()
        let (columns, rows) = try SecretScan.sqliteValues(at: h.logPath)
        var stored = Data()
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: h.logPath + suffix) { stored.append(data) }
        }
        await h.stop()
        for table in ["messages", "attempts", "receipts", "health_events"] {
            #expect((rows[table] ?? 0) > 0, "nothing in \(table): the scan would prove nothing")
        }
        let metricKeys = SecretScan.metricKeys(metrics)
        #expect(!capture.lines.isEmpty && !metricKeys.isEmpty)
        let places: [(name: String, texts: [String])] = [
            ("log line", capture.lines), ("error, result or description", texts), ("SQLite column", columns),
            ("metric label", metricKeys),
        ]
        for secret in secrets {
            for place in places {
                let leak = place.texts.first { $0.contains(secret) }
                #expect(leak == nil, "\(place.name) contains \(secret): \(leak?.prefix(400) ?? "")")
            }
            #expect(stored.range(of: Data(secret.utf8)) == nil, "SQLite file contains \(secret)")
        }
    }

    /// Hands every scheduled callback to the router, plus a forged Vonage receipt and a Bandwidth
    /// callback with the wrong password (both must be refused); their errors join `texts`.
    private func feedWebhooks(_ h: RouterHarness, texts: inout [String]) async throws {
        var vonage = h.takeCallbacks("vonage")
        #expect(!vonage.isEmpty)
        for request in vonage { try await h.router.handleWebhook(provider: "vonage", request: request) }
        if var forged = vonage.popLast() {
            forged.body = Array(String(decoding: forged.body, as: UTF8.self)
                .replacingOccurrences(of: "\"status\":\"delivered\"", with: "\"status\":\"failed\"").utf8)
            forged.query = forged.query.map { $0.0 == "status" ? ($0.0, "failed") : $0 }
            let error = await #expect(throws: WebhookError.self) { try await h.router.handleWebhook(provider: "vonage", request: forged) }
            texts.append(error.map(\.description) ?? "")
        }

        let bandwidth = h.takeCallbacks("bandwidth")
        #expect(!bandwidth.isEmpty)
        func authorized(_ request: WebhookRequest, _ user: String, _ password: String) -> WebhookRequest {
            var request = request
            request.headers.replaceOrAdd(name: "Authorization", value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
            return request
        }
        for request in bandwidth {
            try await h.router.handleWebhook(provider: "bandwidth", request: authorized(request, "sim-bw-hook-user", "sim-bw-hook-password"))
        }
        if let request = bandwidth.first {
            let error = await #expect(throws: WebhookError.self) {
                try await h.router.handleWebhook(provider: "bandwidth", request: authorized(request, "sim-bw-hook-user", "wrong"))
            }
            texts.append(error.map(\.description) ?? "")
        }

        for (kind, provider) in [("kpn", "kpn"), ("smscx", "smscx-oauth")] {
            for request in h.takeCallbacks(kind) { try await h.router.handleWebhook(provider: ProviderID(provider), request: request) }
        }
    }
}
