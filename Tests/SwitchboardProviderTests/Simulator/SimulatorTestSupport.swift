import Foundation
import Switchboard
import SwitchboardSimulator
import Synchronization

/// A simulation that records every request it gets: a local webhook capture endpoint.
struct CaptureSimulation: SimulatedProvider {
    static let kind = "capture"
    let captured = Captured()

    final class Captured: Sendable {
        private let requests = Mutex<[SimulatorRequest]>([])
        func append(_ request: SimulatorRequest) { requests.withLock { $0.append(request) } }
        var all: [SimulatorRequest] { requests.withLock { $0 } }
    }

    func handle(_ request: SimulatorRequest, context: SimulatorContext) async -> SimulatorResponse {
        captured.append(request)
        return .json(200, "{}")
    }

    func response(for fault: InjectedFault, to request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? { nil }
    func isSend(_ request: SimulatorRequest) -> Bool { false }
}

/// Shared helpers for the simulator tests.
enum SimulatorTestSupport {
    static let echoKey = "echo-test-key"

    static func echoSimulator(deliverCallbacks: Bool = false, balance: Double = 100) -> ProviderSimulator {
        ProviderSimulator(providers: [.init(simulation: EchoSimulation(), credentials: .init(key: echoKey, secret: ""),
                                            balance: balance)],
                          deliverCallbacks: deliverCallbacks)
    }

    static func sendRequest(_ simulator: ProviderSimulator, timeout: Duration = .seconds(10), to: String = "31612345678",
                            callback: String? = nil) -> HTTPRequest {
        var fields = [("to", to), ("text", "hi")]
        if let callback { fields.append(("callback", callback)) }
        return HTTPRequest(method: .post, url: simulator.baseURL(for: "echo") + "/send",
                           headers: ["Authorization": "Bearer \(echoKey)", "Content-Type": "application/x-www-form-urlencoded"],
                           body: Array(FormEncoding.encode(fields).utf8), connectTimeout: .seconds(2), totalTimeout: timeout)
    }

    static func accountRequest(_ simulator: ProviderSimulator) -> HTTPRequest {
        HTTPRequest(url: simulator.baseURL(for: "echo") + "/account", headers: ["Authorization": "Bearer \(echoKey)"],
                    connectTimeout: .seconds(2), totalTimeout: .seconds(10))
    }

    /// `transport.send` with an untyped error (for use inside `#expect`).
    static func send(_ transport: CurlTransport, _ request: HTTPRequest) async throws -> HTTPResponse {
        try await transport.send(request)
    }

    static func json(_ response: HTTPResponse) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    }

    /// Runs `body` with a started simulator and a transport, stopping both afterwards.
    static func withSimulator(_ simulator: ProviderSimulator,
                              _ body: (ProviderSimulator, CurlTransport) async throws -> Void) async throws {
        try await simulator.start()
        let transport = try CurlTransport()
        do {
            try await body(simulator, transport)
        } catch {
            await transport.shutdown()
            await simulator.stop()
            throw error
        }
        await transport.shutdown()
        await simulator.stop()
    }

    /// Polls until `condition` holds (at most ~10 s); returns whether it did.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
