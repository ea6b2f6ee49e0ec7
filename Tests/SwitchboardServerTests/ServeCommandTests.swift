import Foundation
import SwitchboardTestSupport
import Switchboard
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `switchboard serve --simulator` as a user runs it, in a child process (swift-metrics is
/// bootstrapped once per process, so /metrics is checked where Prometheus is the real backend;
/// the signals are the real ones too).
@Suite struct ServeCommandTests {
    static let token = "cli-test-token-51b2"

    /// The package's sample rules, copied to a temporary directory the test may break.
    static func copyRules() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("rules"), to: directory.appendingPathComponent("rules"))
        return directory
    }

    @Test func metricsReloadAndGracefulShutdown() async throws {
        let executable = try #require(ChildProcess.switchboardExecutable(), "build the switchboard executable first")
        let directory = try Self.copyRules()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        let tokenFile = directory.appendingPathComponent("token")
        try Self.token.write(to: tokenFile, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SWITCHBOARD_API_TOKEN")
        let child = try ChildProcess(executable: executable, arguments: [
            "serve", "--simulator", "--port", "0", "--rules", rules.path,
            "--db", directory.appendingPathComponent("log.sqlite").path, "--token-file", tokenFile.path,
        ], environment: environment)
        defer { if child.isRunning { child.kill(SIGKILL) } }

        let listening = await eventually(timeout: .seconds(90)) {
            child.stdout.lines.contains { $0.contains("listening on http://") } || !child.isRunning
        }
        let line = try #require(child.stdout.lines.first { $0.contains("listening on http://") }, "\(child.transcript)")
        #expect(listening)
        let base = String(try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }))
        let client = try CurlTransport()

        func call(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> HTTPResponse {
            var headers: HTTPHeaders = ["Authorization": "Bearer \(Self.token)"]
            if json != nil { headers.add(name: "Content-Type", value: "application/json") }
            return try await client.send(HTTPRequest(method: method, url: base + path, headers: headers,
                                                     body: Array((json ?? "").utf8), totalTimeout: .seconds(60)))
        }

        let sent = try await call(.post, "/v1/messages", json: #"{"to": "+31 6 1234 5678", "text": "Your code is 481516", "tag": "otp", "from": "Switchboard"}"#)
        #expect(sent.status == 201, "\(String(decoding: sent.body, as: UTF8.self))\n\(child.transcript)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body)) as? [String: Any])
        let provider = try #require(body["provider"] as? String)
        let id = try #require(body["id"] as? String)

        // Per-provider counters from the router, in Prometheus text.
        let metrics = try await call(.get, "/metrics")
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(text.contains("switchboard_attempts_total{"))
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("switchboard_attempts_total{") && $0.contains(#"provider="\#(provider)""#)
            && $0.contains(#"outcome="accepted""#) && $0.hasSuffix(" 1") })

        // The simulator posts the receipt to the server's webhook (real callback over HTTP).
        let delivered = await eventually(timeout: .seconds(60)) {
            guard let reply = try? await call(.get, "/v1/messages/\(id)"),
                  let object = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any] else { return false }
            return object["delivery_state"] as? String == "delivered"
        }
        #expect(delivered, "\(child.transcript)")

        let health = try await call(.get, "/healthz")
        #expect(health.status == 200)

        // SIGHUP with a broken routes.yaml: the old rules keep serving and the problem is logged with file:line.
        let routes = rules.appendingPathComponent("routes.yaml")
        let good = try String(contentsOf: routes, encoding: .utf8)
        try (good + "\n  - name: broken\n    providers: [nobody]\n").write(to: routes, atomically: true, encoding: .utf8)
        child.kill(SIGHUP)
        let logged = await eventually(timeout: .seconds(60)) {
            child.stderr.text.contains("rules not reloaded") && child.stderr.text.contains("routes.yaml:")
        }
        #expect(logged, "\(child.transcript)")
        #expect(child.isRunning)
        let still = try await call(.post, "/v1/messages", json: #"{"to": "+31 6 1234 5679", "text": "still routing", "from": "Switchboard"}"#)
        #expect(still.status == 201)

        // A good edit is swapped in.
        try good.write(to: routes, atomically: true, encoding: .utf8)
        child.kill(SIGHUP)
        #expect(await eventually(timeout: .seconds(60)) { child.stderr.text.contains("rules reloaded") }, "\(child.transcript)")

        // SIGTERM: graceful shutdown, exit 0; the token never shows up in the output.
        child.kill(SIGTERM)
        #expect(await child.waitForExit(timeout: .seconds(90)), "\(child.transcript)")
        #expect(child.termination.status == 0, "\(child.transcript)")
        #expect(!child.stdout.text.contains(Self.token) && !child.stderr.text.contains(Self.token))
        await client.shutdown()
    }
}
