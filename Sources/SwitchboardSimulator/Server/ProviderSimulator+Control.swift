import Foundation
import Switchboard

/// The control API: change faults, outages, balances and inject inbound messages from outside
/// the process (the CLI's `switchboard simulator`, demos, scripts), on its own `127.0.0.1` port.
///
/// | request | effect |
/// |---|---|
/// | `GET /control` | JSON: every provider's base URL, outage flag, request count, balance |
/// | `GET /control/{kind}/faults` | the current ``FaultSettings`` as JSON |
/// | `POST /control/{kind}/faults` | replace them (body: ``FaultSettings`` JSON; missing keys = none) |
/// | `POST /control/{kind}/outage?down=true` | take the provider down / `down=false` bring it back |
/// | `POST /control/{kind}/balance?value=0` | set the balance |
/// | `POST /control/{kind}/fail?fault=throttled&count=2` | ``ProviderSimulator/failNext(_:count:for:)`` |
/// | `POST /control/{kind}/hang?count=1`, `/garbage?count=1` | hang / garbage the next sends |
/// | `POST /control/{kind}/hold?on=true` | hold sends unanswered / `on=false` answer them (``ProviderSimulator/holdSends(for:)``) |
/// | `POST /control/{kind}/expire-tokens` | expire every OAuth token |
/// | `POST /control/{kind}/inbound` | body `{"from": "...", "to": "...", "text": "...", "url": "..."}` |
///
/// Answers are JSON; errors are `4xx` with `{"error": "..."}`. No credentials are ever returned.
extension ProviderSimulator {
    /// Starts the control API on `127.0.0.1:port` (0 = any) and returns its base URL
    /// (`http://127.0.0.1:PORT`). It stops with ``stop()``.
    @discardableResult
    public func startControl(port: Int = 0) async throws -> String {
        if let running = control.withLock({ $0.task == nil ? nil : $0.port }) { return "http://127.0.0.1:\(running)" }
        let (task, bound) = try await SimulatorListener.start(port: port, label: "simulator.control") { [self] request in
            await self.control(request)
        }
        control.withLock { $0 = (task, bound) }
        return "http://127.0.0.1:\(bound)"
    }

    /// The control API's base URL, when running.
    public var controlURL: String? { control.withLock { $0.task == nil ? nil : "http://127.0.0.1:\($0.port)" } }

    private static func error(_ status: Int, _ text: String) -> SimulatorResponse {
        .json(status, json(["error": text]))
    }

    private static func json(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static let ok = SimulatorResponse.json(200, #"{"ok":true}"#)

    func control(_ request: SimulatorRequest) async -> SimulatorResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.first == "control" else { return Self.error(404, "not found") }
        if parts.count == 1 {
            guard request.method == "GET" else { return Self.error(405, "use GET") }
            let providers: [[String: Any]] = kinds.map { kind in
                ["kind": kind, "base_url": baseURL(for: kind), "down": isDown(kind),
                 "requests": receivedRequests(for: kind), "balance": context(for: kind).balance]
            }
            return .json(200, Self.json(["providers": providers]))
        }
        let kind = parts[1]
        guard simulates(kind) else { return Self.error(404, "no simulated provider '\(kind)'") }
        guard parts.count == 3 else { return Self.error(404, "not found") }
        let query = Dictionary(request.query, uniquingKeysWith: { first, _ in first })
        let count = query["count"].flatMap(Int.init) ?? 1
        switch (request.method, parts[2]) {
        case ("GET", "faults"):
            guard let data = try? JSONEncoder().encode(faults(for: kind)) else { return Self.error(500, "encoding failed") }
            return .json(200, String(decoding: data, as: UTF8.self))
        case ("POST", "faults"), ("PUT", "faults"):
            do {
                let settings = try JSONDecoder().decode(FaultSettings.self, from: Data(request.body.isEmpty ? Array("{}".utf8) : request.body))
                setFaults(settings, for: kind)
                return Self.ok
            } catch {
                return Self.error(400, "bad fault settings: \(error)")
            }
        case ("POST", "outage"):
            guard let down = query["down"].flatMap(Bool.init) else { return Self.error(400, "down=true|false required") }
            do {
                try await setOutage(down, for: kind)
                return Self.ok
            } catch {
                return Self.error(500, "\(error)")
            }
        case ("POST", "balance"):
            guard let value = query["value"].flatMap(Double.init) else { return Self.error(400, "value=<number> required") }
            context(for: kind).setBalance(value)
            return Self.ok
        case ("POST", "fail"):
            guard let fault = query["fault"].flatMap(InjectedFault.init(rawValue:)) else {
                return Self.error(400, "fault=\(InjectedFault.allCases.map(\.rawValue).joined(separator: "|")) required")
            }
            failNext(fault, count: count, for: kind)
            return Self.ok
        case ("POST", "hang"):
            hangNext(count: count, for: kind)
            return Self.ok
        case ("POST", "garbage"):
            garbageNext(count: count, for: kind)
            return Self.ok
        case ("POST", "hold"):
            guard let on = query["on"].flatMap(Bool.init) else { return Self.error(400, "on=true|false required") }
            if on { holdSends(for: kind) } else { releaseSends(for: kind) }
            return Self.ok
        case ("POST", "expire-tokens"):
            context(for: kind).expireTokens()
            return Self.ok
        case ("POST", "inbound"):
            guard let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any],
                  let from = object["from"] as? String, let to = object["to"] as? String, let text = object["text"] as? String
            else { return Self.error(400, #"body must be {"from", "to", "text", "url"?}"#) }
            guard injectInbound(kind: kind, from: from, to: to, text: text, webhookURL: object["url"] as? String) else {
                return Self.error(409, "\(kind) does not simulate inbound messages, or no webhook URL is known")
            }
            return Self.ok
        default:
            return Self.error(404, "unknown control request \(request.method) \(request.path)")
        }
    }
}
