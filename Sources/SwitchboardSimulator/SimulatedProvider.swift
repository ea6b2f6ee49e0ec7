public import Switchboard

/// One provider API the simulator fakes (Vonage, SMS.CX, KPN, Bandwidth, …).
///
/// A simulation answers requests exactly as the real API would (paths, credentials, response
/// shapes, status codes) and knows how to express each injected fault in its own wire format.
/// The server core owns everything generic: listening (one port per provider, so an outage is a
/// real "connection refused"), latency, hangs, garbage bodies, rate limiting and fault draws.
public protocol SimulatedProvider: Sendable {
    /// The plugin kind it fakes (`vonage`, `smscx`, `kpn`, `bandwidth`).
    static var kind: String { get }

    /// Handles one request that passed the core's fault draw (no injected fault applies).
    func handle(_ request: SimulatorRequest, context: SimulatorContext) async -> SimulatorResponse

    /// The same answer as ``handle(_:context:)`` when it can be computed without waiting (no I/O,
    /// no sleeping), so the core answers on the connection's event loop instead of hopping to a
    /// task. Return nil — having changed nothing — to be called through ``handle(_:context:)``
    /// instead. The default returns nil.
    func handleImmediately(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse?

    /// The provider's own answer for an injected fault class on this request (e.g. Vonage:
    /// HTTP 200 with `status "1"` for throttling; Bandwidth: 403 `message-rate-limit`).
    /// Return nil when the request is not a send (faults then fall back to a plain 503).
    func response(for fault: InjectedFault, to request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse?

    /// Whether a request is a send (faults and rate limits apply to sends; probes get
    /// only the generic faults).
    func isSend(_ request: SimulatorRequest) -> Bool

    /// The provider's inbound-message webhook(s) for a message `from` a handset `to` one of our
    /// numbers, posted to `url` (optional; the default returns nil: inbound not simulated).
    func inboundCallback(from: String, to: String, text: String, url: String,
                         context: SimulatorContext) -> [ScheduledCallback]?
}

extension SimulatedProvider {
    /// Default: every request goes through ``handle(_:context:)``.
    public func handleImmediately(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        nil
    }

    /// Default: this simulation does not simulate inbound messages.
    public func inboundCallback(from: String, to: String, text: String, url: String,
                                context: SimulatorContext) -> [ScheduledCallback]? {
        nil
    }
}

/// A fault class the simulator can inject on sends, mapped by each simulation onto its wire format.
public enum InjectedFault: String, Sendable, Hashable, Codable, CaseIterable {
    /// Rate limited (Vonage status 1, HTTP 429, Bandwidth 403 message-rate-limit).
    case throttled
    /// A 5xx from the provider before acceptance.
    case serverError = "server_error"
    /// Credentials, balance or suspension problems.
    case accountProblem = "account_problem"
    /// No coverage for the destination.
    case noCoverage = "no_coverage"
    /// Permanently rejected message (barred/invalid number).
    case rejected
    /// The token is expired (OAuth providers answer their invalid-token fault).
    case expiredToken = "expired_token"
}

/// A request as the simulator core hands it to a simulation.
public struct SimulatorRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The path without the query (`/sms/json`).
    public var path: String
    /// Query parameters in order.
    public var query: [(String, String)]
    /// Header fields (case-insensitive lookup).
    public var headers: HTTPHeaders
    /// The raw body.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, path: String, query: [(String, String)] = [], headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The body as text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Form fields of an `application/x-www-form-urlencoded` body, or the query for GET.
    public var formFields: [(String, String)] {
        let source = method == "GET" ? nil : bodyText
        guard let source else { return query }
        return FormEncoding.decode(source)
    }
}

/// A response from a simulation.
public struct SimulatorResponse: Sendable {
    /// Status code.
    public var status: Int
    /// Header fields.
    public var headers: [(String, String)]
    /// Body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as text (for tests and logs).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// A JSON response from already-encoded JSON text.
    public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> SimulatorResponse {
        SimulatorResponse(status: status, headers: headers.isEmpty ? jsonHeaders : jsonHeaders + headers,
                          body: Array(text.utf8))
    }

    /// `Content-Type: application/json` alone (one shared array, not one per answer).
    static let jsonHeaders = [("Content-Type", "application/json")]
}

