import Switchboard
import Foundation
import Synchronization

/// A faithful local SMS.CX API (reference §2): `POST /oauth/token` (Basic application id and
/// secret → bearer token), `POST /sms` (X-API-KEY or bearer; single or bulk `to`, per-recipient
/// `data[]`, idempotency by `idempotencyId`, charging, batched `dlr_update` webhooks),
/// `GET /account/balance` and `GET /account/channels/status`.
///
/// Credentials: ``SimulatorCredentials/key`` is both the API key and the OAuth application id,
/// ``SimulatorCredentials/secret`` the application secret.
public final class SMSCXSimulation: SimulatedProvider {
    /// `smscx`.
    public static let kind = "smscx"
    /// Numbers per request (error 1103 above).
    public static let maxRecipients = 25_000
    /// Items per webhook call.
    public static let maxWebhookItems = 200

    /// Destinations starting with one of these get `NO COVERAGE` (single sends: 403 no_coverage 1119).
    public let noCoveragePrefixes: [String]
    /// Numbers that opted out: `REJECTED` with cost 0.
    public let optedOut: Set<String>
    /// Whether the account's sms channel is enabled (`/account/channels/status`).
    public var smsChannelEnabled: Bool { state.withLock { $0.smsEnabled } }

    struct State {
        var answers: [String: SimulatorResponse] = [:]  // idempotencyId → first answer
        var smsEnabled = true
    }
    let state = Mutex(State())

    /// Creates the simulation.
    public init(noCoveragePrefixes: [String] = ["+882", "+883"], optedOut: Set<String> = []) {
        self.noCoveragePrefixes = noCoveragePrefixes
        self.optedOut = optedOut
    }

    /// Enables or disables the sms channel (health probe answer).
    public func setSMSChannelEnabled(_ enabled: Bool) { state.withLock { $0.smsEnabled = enabled } }

    /// `POST /sms` is the (charging) send.
    public func isSend(_ request: SimulatorRequest) -> Bool { request.method == "POST" && request.path == "/sms" }

    /// Routes a request: token endpoint, then credentials, then the resource.
    public func handle(_ request: SimulatorRequest, context: SimulatorContext) async -> SimulatorResponse {
        answer(request, context: context)
    }

    /// The same answer as ``handle(_:context:)``: it never waits.
    public func handleImmediately(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        answer(request, context: context)
    }

    func answer(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        let method: String
        switch request.path {
        case "/oauth/token", "/sms": method = "POST"
        case "/account/balance", "/account/channels/status": method = "GET"
        default: return Self.error(404, "not_found", 1001, "Resource not found")
        }
        guard method == request.method else { return Self.error(405, "invalid_method", 1002, "Method not allowed") }
        if request.path == "/oauth/token" { return token(request, context: context) }
        if let refusal = Self.authenticate(request, context: context) { return refusal }
        switch request.path {
        case "/sms":
            return send(request, context: context)
        case "/account/balance":
            let balance = (context.balance * 10_000).rounded() / 10_000
            return Self.json(200, #"{"balance":\#(balance),"currency":"eur","billing":"prepaid"}"#)
        default:
            return Self.json(200, #"{"sms":\#(smsChannelEnabled),"viber":false,"whatsapp":false,"multichannel":false}"#)
        }
    }

    /// Each fault in SMS.CX's own words (reference §2.4).
    public func response(for fault: InjectedFault, to request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        guard isSend(request) else { return nil }
        switch fault {
        case .throttled:
            let reset = Int(context.now().rounded(.up)) + 1
            return Self.error(429, "rate_limit", 1005, "Too many requests",
                              headers: [("X-Rate-Limit-Limit", "100"), ("X-Rate-Limit-Remaining", "0"),
                                        ("X-Rate-Limit-Reset", "\(reset)")])
        case .serverError:
            return Self.error(500, "server_error", 1006, "Internal server error")
        case .accountProblem:
            return Self.error(400, "insufficient_credit", 1113, "Insufficient credit")
        case .noCoverage:
            return Self.error(403, "no_coverage", 1119, "No coverage for the destination")
        case .rejected:
            let numbers = Self.recipients(of: request) ?? []
            return Self.error(400, "invalid_param", 1207, "Phone number invalid", errorInvalid: numbers)
        case .expiredToken:
            context.expireTokens()
            return Self.error(401, "invalid_api_key", 1004, "Invalid or expired access token")
        }
    }

    /// A `receive_sms` webhook for an inbound message.
    public func inboundCallback(from: String, to: String, text: String, url: String,
                                context: SimulatorContext) -> [ScheduledCallback]? {
        let item = SMSCXSimWire.InboundItem(
            msgId: Self.messageID(context.nextMessageID()), from: from,
            countryIso: (try? PhoneNumber(parsing: from))?.country?.alpha2, to: to, text: text, cost: 0,
            receivedAt: Self.datetime(context.now()))
        guard let body = Self.encode(SMSCXSimWire.Webhook(event: "receive_sms", data: [item])) else { return nil }
        return [ScheduledCallback(request: Self.webhookRequest(url: url, body: body), delay: 0)]
    }

    // MARK: - Auth

    /// `POST /oauth/token`: Basic application id:secret, `grant_type=client_credentials`.
    func token(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        guard let header = request.headers["authorization"], header.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6))),
              String(decoding: decoded, as: UTF8.self) == "\(context.credentials.key):\(context.credentials.secret)"
        else {
            return Self.error(401, "invalid_client", 1600, "Client authentication failed")
        }
        let fields = FormEncoding.decode(request.bodyText)
        guard let grant = fields.first(where: { $0.0 == "grant_type" })?.1 else {
            return Self.error(400, "invalid_request", 1600, "The grant type was not specified in the request")
        }
        guard grant == "client_credentials" else {
            return Self.error(400, "unsupported_grant_type", 1600, "The authorization grant type is not supported")
        }
        let scope = fields.first(where: { $0.0 == "scope" })?.1 ?? ""
        let token = context.issueToken()
        let body = SMSCXSimWire.Token(access_token: token, expires_in: Int(context.tokenLifetime), token_type: "Bearer",
                                      scope: scope)
        return Self.encode(body).map { Self.json(200, $0) } ?? Self.error(500, "server_error", 1006, "encoding")
    }

    /// Nil when the request carries a valid API key or bearer token; otherwise the 401 answer.
    static func authenticate(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        if let key = request.headers["x-api-key"] {
            return key == context.credentials.key ? nil : error(401, "invalid_api_key", 1003, "Invalid API key")
        }
        if let auth = request.headers["authorization"], auth.hasPrefix("Bearer ") {
            return context.isValidToken(String(auth.dropFirst(7))) ? nil
                : error(401, "invalid_api_key", 1004, "Invalid or expired access token")
        }
        return error(401, "invalid_api_key", 1003, "API key or access token missing")
    }

    // MARK: - Helpers

    static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> SimulatorResponse {
        .json(status, text, headers: headers)
    }

    /// `{"error":{type,code,message,uri[,invalid]}[,"invalid":[…]]}`.
    static func error(_ status: Int, _ type: String, _ code: Int, _ message: String, headers: [(String, String)] = [],
                      errorInvalid: [String]? = nil, topInvalid: [String]? = nil) -> SimulatorResponse {
        let body = SMSCXSimWire.ErrorBody(
            error: .init(type: type, code: code, message: message,
                         uri: "https://sms.cx/sms-api-documentation#error-codes", invalid: errorInvalid),
            invalid: topInvalid)
        return json(status, encode(body) ?? #"{"error":{"type":"server_error","code":1006}}"#,
                    headers: [("X-Rate-Limit-Limit", "100"), ("X-Rate-Limit-Remaining", "99")].filter { pair in
                        !headers.contains { $0.0 == pair.0 }
                    } + headers)
    }

    static func encode(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The `to` numbers of a send body, if readable.
    static func recipients(of request: SimulatorRequest) -> [String]? {
        guard let object = try? JSONNode(parsing: request.body), object.members != nil else { return nil }
        if let one = object["to"]?.string { return [one] }
        return object["to"]?.array.flatMap(strings)
    }

    /// A message id shaped like a UUID.
    static func messageID(_ number: UInt64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        bytes.append(contentsOf: "5c0f1e2a-0000-4000-8000-".utf8)
        SimulatorFormat.appendHex(number, width: 12, uppercase: false, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// UTC `YYYY-MM-DD HH:MM:SS`.
    static func datetime(_ seconds: Double) -> String {
        SimulatorFormat.utc(seconds).dateTime
    }

    static func webhookRequest(url: String, body: String) -> HTTPRequest {
        HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"], body: Array(body.utf8),
                    totalTimeout: .seconds(5))
    }
}
