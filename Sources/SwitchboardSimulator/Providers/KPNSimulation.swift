import Foundation
import Switchboard

/// A faithful fake of KPN API Store's "Vonage (Nexmo) SMS API" proxy (provider-apis.md §3):
/// the Apigee OAuth token endpoint (every value a string), bearer checks with Apigee's
/// invalid/expired-token fault, `POST /communication/nexmo/sms/send` answering Vonage-shaped
/// bodies with an integer `message-count` (KPN's schema), gateway `ErrorResponse` bodies (nested
/// under `error` for 503), and DLRs to the `callback` when `status-report-req=true`.
public struct KPNSimulation: SimulatedProvider {
    /// `kpn`.
    public static let kind = "kpn"
    /// The token path.
    public static let tokenPath = "/oauth/client_credential/accesstoken"
    /// The send path.
    public static let sendPath = "/communication/nexmo/sms/send"
    /// The demo callback registration path.
    public static let registerPath = "/communication/nexmo/sms/register"
    /// The API product the simulated app is entitled to.
    public static let productName = "SMS-Nexmo"

    /// Creates the simulation.
    public init() {}

    /// Sends are `POST /communication/nexmo/sms/send`.
    public func isSend(_ request: SimulatorRequest) -> Bool {
        request.method == "POST" && request.path == Self.sendPath
    }

    /// Serves the token, send and register endpoints; anything else is Apigee's 404.
    public func handle(_ request: SimulatorRequest, context: SimulatorContext) async -> SimulatorResponse {
        answer(request, context: context)
    }

    /// The same answer as ``handle(_:context:)``: it never waits.
    public func handleImmediately(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        answer(request, context: context)
    }

    func answer(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        switch (request.method, request.path) {
        case ("POST", Self.tokenPath): return token(request, context: context)
        case ("POST", Self.sendPath): return send(request, context: context)
        case ("POST", Self.registerPath): return register(request, context: context)
        default:
            return Self.apigeeFault(404, "Unable to identify proxy for host: default and url: \(request.path)",
                                    code: "messaging.adaptors.http.flow.ApplicationNotFound")
        }
    }

    /// KPN's own answer for each injected fault on a send.
    public func response(for fault: InjectedFault, to request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        guard isSend(request) else { return nil }
        switch fault {
        case .throttled:
            let reset = Int((context.now() + 1) * 1000)
            return Self.gatewayError(429, name: "TooManyRequests", message: "Rate limit quota violation. Quota limit exceeded.",
                                     headers: Self.quotaHeaders(used: 100, limit: 100, resetMillis: reset))
        case .serverError:
            return Self.gatewayError(503, name: "ServiceUnavailable", message: "The service is temporarily unavailable.", nested: true)
        case .accountProblem:
            return Self.gatewayError(403, name: "Forbidden", message: "The API product is not added to this project.")
        case .noCoverage:
            return Self.vonageError(status: 6, text: "Invalid Message")
        case .rejected:
            return Self.vonageError(status: 7, text: "Number Barred")
        case .expiredToken:
            context.expireTokens()
            return Self.apigeeFault(500, "Access Token expired", code: "oauth.v2.AccessTokenExpired")
        }
    }

    // MARK: endpoints

    func token(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        guard request.query.first(where: { $0.0 == "grant_type" })?.1 == "client_credentials" else {
            return .json(400, #"{"ErrorCode":"invalid_request","Error":"Unsupported grant type : "}"#)
        }
        let form = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })
        guard form["client_id"] == context.credentials.key else {
            return .json(401, #"{"ErrorCode":"invalid_client","Error":"ClientId is Invalid"}"#)
        }
        guard form["client_secret"] == context.credentials.secret else {
            return .json(401, #"{"ErrorCode":"invalid_client","Error":"ClientId is Invalid"}"#)
        }
        let token = context.issueToken()
        let issuedAt = Int(context.now() * 1000)
        let body: [String: Any] = [
            "refresh_token_expires_in": "0", "api_product_list": "[\(Self.productName)]",
            "api_product_list_json": [Self.productName], "organization_name": "kpn",
            "developer.email": "simulator@example.com", "token_type": "Bearer", "issued_at": String(issuedAt),
            "client_id": context.credentials.key, "access_token": token, "application_name": "switchboard-simulator",
            "scope": "", "expires_in": String(Int(context.tokenLifetime)), "refresh_token": "", "refresh_count": "0",
            "status": "approved", "level": "demo",
        ]
        return Self.json(200, body, headers: Self.quotaHeaders(used: 0, limit: 100, resetMillis: issuedAt + 60_000))
    }

    /// Checks `Authorization: Bearer …`; nil when valid, else Apigee's fault.
    func checkBearer(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        guard let header = request.headers["authorization"], header.hasPrefix("Bearer ") else {
            return Self.apigeeFault(401, "Invalid access token", code: "oauth.v2.InvalidAccessToken")
        }
        let token = String(header.dropFirst("Bearer ".count))
        if context.isValidToken(token) { return nil }
        if token.hasPrefix("sim-\(context.kind)-token-") {
            return Self.apigeeFault(401, "Access Token expired", code: "oauth.v2.AccessTokenExpired")
        }
        return Self.apigeeFault(401, "Invalid access token", code: "oauth.v2.InvalidAccessToken")
    }

    func send(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        if let refusal = checkBearer(request, context: context) { return refusal }
        let form = FirstFields(request.formFields)
        if form["api_key"] != nil || form["api_secret"] != nil {
            return Self.gatewayError(400, name: "BadRequest", message: "api_key and api_secret are injected by the gateway.")
        }
        guard let from = form["from"], !from.isEmpty, let to = form["to"], !to.isEmpty, let text = form["text"] else {
            return Self.vonageError(status: 2, text: "Missing from param")
        }
        // By bytes: 7–15 ASCII digits is exactly what 7–15 ASCII numeric characters were.
        guard (7...15).contains(to.utf8.count), to.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return Self.vonageError(status: 3, text: "Invalid to param")
        }
        guard Self.isValidSender(from) else {
            return Self.vonageError(status: 15, text: "Illegal Sender Address - rejected")
        }
        if let ref = form["client-ref"], ref.count > 40 {
            return Self.vonageError(status: 3, text: "Invalid client-ref param")
        }
        let parts = max(1, SMSTextAnalysis(text).segments)
        let price = context.pricePerSegment
        guard context.charge(price * Double(parts)) else {
            return Self.vonageError(status: 9, text: "Quota Exceeded - rejected")
        }
        var ids: [UInt64] = []  // written as 16 upper-case hex digits
        ids.reserveCapacity(parts)
        for _ in 0..<parts { ids.append(context.nextMessageID() | 0x0A00_0000_0000_0000) }
        if form["status-report-req"] == "true", let url = form["callback"] ?? context.defaultCallbackURL {
            let delivered = context.drawDelivered()
            for id in ids {
                context.schedule(ScheduledCallback(
                    request: Self.receipt(url: url, messageID: SimulatorFormat.hex(id, width: 16), msisdn: to, sender: from,
                                          price: price, delivered: delivered, now: context.now()),
                    delay: context.receiptDelay))
            }
        }
        return SimulatorResponse(status: 200, headers: Self.sendHeaders(resetMillis: Int(context.now() * 1000) + 60_000),
                                 body: Self.sendAnswer(to: to, ids: ids))
    }

    /// At most 15 characters, no space, and all numeric or at most 11 characters; ASCII senders
    /// without CR (so one byte is one character) are checked by bytes — the same answer without
    /// Unicode character properties.
    static func isValidSender(_ from: String) -> Bool {
        if from.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            let bytes = from.utf8
            return bytes.count <= 15 && !bytes.contains(0x20)
                && (bytes.count <= 11 || bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
        }
        return from.count <= 15 && !from.contains(" ") && (from.allSatisfy(\.isNumber) || from.count <= 11)
    }

    func register(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        if let refusal = checkBearer(request, context: context) { return refusal }
        let form = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })
        guard form["to"] != nil, let url = form["callback_url"], !url.isEmpty else {
            return Self.gatewayError(400, name: "BadRequest", message: "to and callback_url are required.")
        }
        context.setDefaultCallbackURL(url)
        return .json(200, #"{"message":"Your callback url is registered."}"#)
    }
}
