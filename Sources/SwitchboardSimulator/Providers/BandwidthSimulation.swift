import Switchboard
import Foundation

/// A faithful fake of the Bandwidth Catapult v1 Messages API (reference §4).
///
/// - `POST /v1/users/{userId}/messages` with one JSON object → `201 Created`, empty body,
///   `Location: {base}/v1/users/{userId}/messages/m-…`; with a JSON array (≤ 50, else 403
///   `multi-message-limit`) → `202 Accepted` and a same-order array of
///   `{"result":"accepted","location":…}` / `{"result":"error","error":{…}}`.
/// - `GET /v1/users/{userId}/account` → `{"balance":"99.95000","accountType":"pre-pay"}`.
/// - HTTP Basic `token:secret` checked on every call (401 `user-access-denied` otherwise); the
///   `{userId}` must be the configured one. Errors use the real
///   `{"category","code","message","details"}` body.
/// - Each accepted message is charged `pricePerSegment × segments` (403 `credit`
///   `insufficient-available-balance` when the balance is short) and, when `receiptRequested`
///   is `all` (or `error` and it failed), a callback event goes to `callbackUrl` (or the
///   context's default URL) after `receiptDelay`, by POST JSON or — with
///   `callbackHttpMethod: GET` — as a query string.
public struct BandwidthSimulation: SimulatedProvider {
    /// The plugin kind it fakes.
    public static let kind = "bandwidth"
    /// Most messages in one bulk request.
    public static let maxBatchSize = 50

    /// Creates the simulation.
    public init() {}

    /// Message creation (single or bulk) is a send; the account probe is not.
    public func isSend(_ request: SimulatorRequest) -> Bool {
        request.method == "POST" && Self.route(request.path)?.resource == ["messages"]
    }

    /// Serves the API.
    public func handle(_ request: SimulatorRequest, context: SimulatorContext) async -> SimulatorResponse {
        answer(request, context: context)
    }

    /// The same answer as ``handle(_:context:)``: it never waits.
    public func handleImmediately(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        answer(request, context: context)
    }

    func answer(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        guard let route = Self.route(request.path) else {
            return Self.error(404, "not-found", "resource-not-found", "The requested resource was not found")
        }
        guard Self.isAuthorized(request, context: context) else {
            return Self.error(401, "authorization", "user-access-denied", "Invalid credentials or no access to this user")
        }
        guard route.userID == context.credentials.userID else {
            return Self.error(404, "not-found", "user-not-found", "The user '\(route.userID)' could not be found")
        }
        switch (request.method, route.resource) {
        case ("POST", ["messages"]):
            return send(request, userID: route.userID, context: context)
        case ("GET", ["account"]):
            let balance = SimulatorFormat.fixed(context.balance, decimals: 5)
            return .json(200, #"{"balance":"\#(balance)","accountType":"pre-pay"}"#)
        default:
            return Self.error(405, "bad-request", "method-not-allowed", "\(request.method) is not supported here")
        }
    }

    /// The real wire answer for each injected fault on a send.
    public func response(for fault: InjectedFault, to request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        guard isSend(request) else { return nil }
        switch fault {
        case .throttled:
            return Self.error(403, "limit", "message-rate-limit",
                              "You can send 1 messages per 1 seconds, calculated as the average over 10 seconds. Your rate is: 1.1",
                              details: [("requestMethod", "POST"), ("remoteAddress", "127.0.0.1"),
                                        ("requestPath", String(request.path.dropFirst(4)))])
        case .serverError:
            return Self.error(500, "backend", "backend-error", "The messaging backend failed to process the request")
        case .accountProblem:
            return Self.error(403, "credit", "insufficient-available-balance", "The account does not have enough available balance")
        case .noCoverage:
            return Self.error(403, "forbidden", "restricted-number", "The destination number is restricted for this account")
        case .rejected:
            return Self.error(400, "bad-request", "validation-error", "The 'to' number is not a valid destination")
        case .expiredToken:
            // Bandwidth has no tokens: revoked credentials answer like wrong ones.
            return Self.error(401, "authorization", "user-access-denied", "Invalid credentials or no access to this user")
        }
    }

    /// An inbound-message callback (`direction: in`, `state: received`), POSTed as JSON.
    public func inboundCallback(from: String, to: String, text: String, url: String,
                                context: SimulatorContext) -> [ScheduledCallback]? {
        let id = Self.messageID(context.nextMessageID())
        let event = BandwidthSimulatedEvent(
            eventType: "sms", direction: "in", messageId: id,
            messageUri: "\(context.baseURL)/v1/users/\(context.credentials.userID)/messages/\(id)",
            from: from, to: to, text: text, applicationId: "a-simulator", time: Self.timestamp(context.now()),
            state: "received", deliveryState: nil, deliveryCode: nil, deliveryDescription: nil,
            segmentCount: SMSTextAnalysis(text).segments, tag: nil)
        return [ScheduledCallback(request: event.request(url: url, method: "POST"), delay: 0)]
    }

    // MARK: - Routing and auth

    struct Route: Equatable {
        var userID: String
        var resource: [String]
    }

    /// `/v1/users/{userId}/…` → the user id and the rest.
    static func route(_ path: String) -> Route? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 4, parts[0] == "v1", parts[1] == "users" else { return nil }
        return Route(userID: FormEncoding.unescape(parts[2]), resource: Array(parts[3...]))
    }

    static func isAuthorized(_ request: SimulatorRequest, context: SimulatorContext) -> Bool {
        guard let header = request.headers["authorization"] else { return false }
        if header == context.basicAuthorization { return true }  // the usual, canonical header
        guard header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { return false }
        return String(decoding: data, as: UTF8.self) == "\(context.credentials.key):\(context.credentials.secret)"
    }

    /// `m-` followed by 20 lowercase hex-ish characters, unique per context.
    static func messageID(_ number: UInt64) -> String {
        let hex = String(number, radix: 16)
        return "m-" + String(repeating: "0", count: max(0, 20 - hex.count)) + hex
    }

    static func timestamp(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The real error body.
    static func error(_ status: Int, _ category: String, _ code: String, _ message: String,
                      details: [(String, String)] = []) -> SimulatorResponse {
        .json(status, errorJSON(category, code, message, details: details))
    }

    static func errorJSON(_ category: String, _ code: String, _ message: String, details: [(String, String)] = []) -> String {
        let object: [String: Any] = [
            "category": category, "code": code, "message": message,
            "details": details.map { ["name": $0.0, "value": $0.1] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
