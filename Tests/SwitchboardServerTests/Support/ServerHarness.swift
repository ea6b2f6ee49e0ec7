import Foundation
import SwitchboardTestSupport
import Logging
import Switchboard
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardServer
import SwitchboardSimulator
import SwitchboardVonage
import Synchronization

/// A `SwitchboardServer` on 127.0.0.1 (ephemeral port) over a router whose providers are the
/// in-process simulator. Simulator callbacks are kept, so tests post them to the server
/// themselves (and can redeliver or tamper with them).
final class ServerHarness: Sendable {
    static let token = "test-token-7f3a9c"
    static let vonageSignatureSecret = "sim-signature-secret-42"
    /// Receipts name this base; ``webhook(_:)`` swaps in the server's real address.
    static let placeholderBase = "http://127.0.0.1:9"

    let simulator: ProviderSimulator
    let router: MessageRouter
    let server: SwitchboardServer
    let baseURL: String
    let directory: URL
    let client: CurlTransport
    private let task: Task<Void, any Error>

    static let registry: ProviderRegistry = {
        var registry = ProviderRegistry()
        registry.register(VonageProvider.self)
        registry.register(SMSCXProvider.self)
        registry.register(KPNProvider.self)
        registry.register(BandwidthProvider.self)
        return registry
    }()

    static let routes = """
        defaults: { strategy: priority, max_attempts: 3 }
        routes:
          - name: vonage-nl
            when: { country: NL }
            providers: [vonage]
          - name: smscx-de
            when: { country: DE }
            providers: [smscx]
          - name: bandwidth-us
            when: { country: US }
            providers: [bandwidth]
          - name: everything-else
            providers: [kpn, smscx]
        """

    /// Starts the simulator, the router and the server.
    ///
    /// - Parameters:
    ///   - token: the API token (nil: none configured).
    ///   - vonageSigned: whether Vonage signs receipts and the plugin requires signatures.
    ///   - extras: per-provider lines added to providers.yaml (`health: …`), and config lines under
    ///     the key `"<id>.config"`.
    static func start(token: String? = ServerHarness.token, vonageSigned: Bool = true, maxBody: Int = 16 * 1024,
                      balance: Double = 1000, extras: [String: [String]] = [:]) async throws -> ServerHarness {
        let signature = vonageSigned ? vonageSignatureSecret : ""
        let providers: [ProviderSimulator.Provider] = [
            .init(simulation: VonageSimulation(callbackMethod: .postJSON, signsWebhooks: vonageSigned, webhookSignatureMethod: .sha256),
                  credentials: .init(key: "simkey01", secret: "simsecret01", signatureSecret: signature), balance: balance,
                  pricePerSegment: 0.07),
            .init(simulation: SMSCXSimulation(), credentials: .init(key: "sim-smscx-key", secret: ""), balance: balance,
                  pricePerSegment: 0.065),
            .init(simulation: KPNSimulation(), credentials: .init(key: "sim-kpn-client", secret: "sim-kpn-secret"),
                  balance: balance, pricePerSegment: 0.08),
            .init(simulation: BandwidthSimulation(),
                  credentials: .init(key: "t-simulator", secret: "s-simulator", userID: "u-simulator"), balance: balance,
                  pricePerSegment: 0.0075),
        ]
        let simulator = ProviderSimulator(providers: providers, deliverCallbacks: false)
        try await simulator.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var vonageConfig = ["api_key: simkey01", "api_secret: simsecret01"]
        if vonageSigned { vonageConfig += ["signature_secret: \(signature)", "signature_method: sha256"] }
        let configs: [(id: String, config: [String], price: String)] = [
            ("vonage", vonageConfig, "{ currency: EUR, default: 0.070 }"),
            ("smscx", ["api_key: sim-smscx-key"], "{ currency: EUR, default: 0.065 }"),
            ("kpn", ["client_id: sim-kpn-client", "client_secret: sim-kpn-secret"], "{ currency: EUR, default: 0.080 }"),
            ("bandwidth", ["user_id: u-simulator", "api_token: t-simulator", "api_secret: s-simulator"],
             "{ currency: EUR, default: 0.010 }"),
        ]
        var yaml = "providers:\n"
        for (id, config, price) in configs {
            yaml += "  - id: \(id)\n    plugin: \(id)\n    config:\n"
            for line in config + (extras["\(id).config"] ?? []) + ["base_url: \(simulator.baseURL(for: id))"] {
                yaml += "      \(line)\n"
            }
            yaml += "    prices: \(price)\n"
            for line in extras[id] ?? [] { yaml += "    \(line)\n" }
        }
        try yaml.write(to: directory.appendingPathComponent("providers.yaml"), atomically: true, encoding: .utf8)
        try routes.write(to: directory.appendingPathComponent("routes.yaml"), atomically: true, encoding: .utf8)

        var quiet = Logger(label: "switchboard.server.test")
        quiet.logLevel = .critical
        var options = RouterOptions()
        options.logger = quiet
        options.callbackBaseURL = placeholderBase
        options.environment = [:]
        let router = try MessageRouter(rulesDirectory: directory.path, registry: registry,
                                       logPath: directory.appendingPathComponent("log.sqlite").path, options: options)
        let server = SwitchboardServer(
            router: router,
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, apiToken: token, maxBodyBytes: maxBody,
                                               handlesSignals: false, logger: quiet))
        let port = Mutex<Int?>(nil)
        let task = Task { try await server.run { bound in port.withLock { $0 = bound } } }
        let listening = await eventually(timeout: .seconds(60)) { port.withLock { $0 } != nil }
        guard listening, let bound = port.withLock({ $0 }) else {
            await server.shutdown()
            _ = try? await task.value
            await simulator.stop()
            throw HarnessError("the server did not start listening")
        }
        return ServerHarness(simulator: simulator, router: router, server: server, baseURL: "http://127.0.0.1:\(bound)",
                             directory: directory, client: try CurlTransport(), task: task)
    }

    private init(simulator: ProviderSimulator, router: MessageRouter, server: SwitchboardServer, baseURL: String,
                 directory: URL, client: CurlTransport, task: Task<Void, any Error>) {
        self.simulator = simulator
        self.router = router
        self.server = server
        self.baseURL = baseURL
        self.directory = directory
        self.client = client
        self.task = task
    }

    func stop() async {
        await server.shutdown()
        _ = try? await task.value
        await client.shutdown()
        await simulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - HTTP

    /// A request to the server (`path` starts with `/`); `token: nil` sends no Authorization.
    func request(_ method: HTTPMethod, _ path: String, json: String? = nil, body: [UInt8]? = nil,
                 token: String? = ServerHarness.token, headers: [(String, String)] = []) async throws -> Reply {
        var fields = HTTPHeaders(headers)
        if let token { fields.add(name: "Authorization", value: "Bearer \(token)") }
        var bytes = body ?? []
        if let json {
            bytes = Array(json.utf8)
            fields.add(name: "Content-Type", value: "application/json")
        }
        let response = try await client.send(HTTPRequest(method: method, url: baseURL + path, headers: fields, body: bytes,
                                                         totalTimeout: .seconds(60)))
        return Reply(response)
    }

    /// Sends a message through the REST API and returns its id (expects 201).
    func sendMessage(to: String, text: String = "hello from the tests", from: String = "Switchboard") async throws -> String {
        let reply = try await request(.post, "/v1/messages", json: #"{"to": "\#(to)", "text": "\#(text)", "from": "\#(from)"}"#)
        guard reply.status == 201, let id = reply.object?["id"] as? String else {
            throw HarnessError("send to \(to) answered \(reply.status): \(reply.text)")
        }
        return id
    }

    /// The callbacks the simulator scheduled for `kind`, re-addressed to this server.
    func callbacks(_ kind: String) -> [HTTPRequest] {
        simulator.context(for: kind).takeScheduledCallbacks().map { webhook($0.request) }
    }

    /// A provider callback re-addressed from the placeholder base to this server.
    func webhook(_ request: HTTPRequest) -> HTTPRequest {
        var request = request
        if request.url.hasPrefix(Self.placeholderBase) {
            request.url = baseURL + request.url.dropFirst(Self.placeholderBase.count)
        }
        request.totalTimeout = .seconds(60)
        return request
    }

    /// Posts (or GETs) a provider callback to the server.
    func deliver(_ request: HTTPRequest) async throws -> Reply {
        Reply(try await client.send(webhook(request)))
    }

    /// GET /v1/messages/{id} as a JSON object.
    func message(_ id: String) async throws -> [String: Any] {
        let reply = try await request(.get, "/v1/messages/\(id)")
        guard reply.status == 200, let object = reply.object else { throw HarnessError("GET message \(id): \(reply.status) \(reply.text)") }
        return object
    }
}

/// An answer from the server.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    init(_ response: HTTPResponse) {
        status = response.status
        headers = response.headers
        body = response.body
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    var object: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

    /// `error.kind` of a JSON error.
    var errorKind: String? { (object?["error"] as? [String: Any])?["kind"] as? String }

    /// `error.message` of a JSON error.
    var errorMessage: String? { (object?["error"] as? [String: Any])?["message"] as? String }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with a harness and always stops it.
func withServer(token: String? = ServerHarness.token, vonageSigned: Bool = true, maxBody: Int = 16 * 1024,
                balance: Double = 1000, extras: [String: [String]] = [:],
                _ body: (ServerHarness) async throws -> Void) async throws {
    let harness = try await ServerHarness.start(token: token, vonageSigned: vonageSigned, maxBody: maxBody, balance: balance,
                                                extras: extras)
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}
