import Switchboard
import Foundation

/// A faithful local Vonage SMS API (provider reference §1): `POST /sms/json` with form
/// parameters (key/secret in the body, Basic auth, or a signed request), one `messages[]`
/// entry per part with string values, `GET /account/get-balance`, and delivery receipts per
/// part to the send's `callback` (or the account-level URL) in Vonage's webhook format.
///
/// Wrong credentials get status `"4"` (HTTP 200), bad signatures `"14"`, `api_secret` together
/// with `sig` `"32"`, missing parameters `"2"`, a bad `to` `"3"`, and a balance that cannot
/// pay `"9"` — Vonage's own shapes: `{"message-count":"1","messages":[{"status":…,"error-text":…}]}`.
public struct VonageSimulation: SimulatedProvider {
    /// How receipts are delivered (a Vonage dashboard setting).
    public enum CallbackMethod: String, Sendable, Hashable, Codable {
        /// `GET` with query parameters.
        case get
        /// `POST` with a form body.
        case postForm = "post"
        /// `POST` with a JSON body (what the doc example shows).
        case postJSON = "post-json"
    }

    /// The account's signature method (signed sends are checked against every method; webhooks
    /// are signed with this one).
    public enum SignatureMethod: String, Sendable, Hashable, Codable, CaseIterable {
        /// `md5(string + secret)`.
        case md5hash
        /// HMAC-MD5.
        case md5
        /// HMAC-SHA1.
        case sha1
        /// HMAC-SHA256.
        case sha256
        /// HMAC-SHA512.
        case sha512
    }

    /// `vonage`.
    public static let kind = "vonage"

    /// How receipts are sent.
    public var callbackMethod: CallbackMethod
    /// Whether receipts are signed (`timestamp`, `nonce`, `sig`) when the credentials have a
    /// signature secret.
    public var signsWebhooks: Bool
    /// The method webhooks are signed with.
    public var webhookSignatureMethod: SignatureMethod
    /// The `network` / `network-code` reported (MCCMNC).
    public var networkCode: String

    /// Creates the simulation.
    public init(callbackMethod: CallbackMethod = .postJSON, signsWebhooks: Bool = true,
                webhookSignatureMethod: SignatureMethod = .md5hash, networkCode: String = "20416") {
        self.callbackMethod = callbackMethod
        self.signsWebhooks = signsWebhooks
        self.webhookSignatureMethod = webhookSignatureMethod
        self.networkCode = networkCode
    }

    /// `/sms/json` is a send; the balance probe is not.
    public func isSend(_ request: SimulatorRequest) -> Bool { request.path == "/sms/json" }

    /// Serves `/sms/json` and `/account/get-balance`.
    public func handle(_ request: SimulatorRequest, context: SimulatorContext) async -> SimulatorResponse {
        answer(request, context: context)
    }

    /// The same answer as ``handle(_:context:)``: it never waits.
    public func handleImmediately(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        answer(request, context: context)
    }

    func answer(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        switch (Self.uppercased(request.method), request.path) {
        case ("POST", "/sms/json"), ("GET", "/sms/json"): send(request, context: context)
        case ("GET", "/account/get-balance"): balance(request, context: context)
        default: .json(404, #"{"type":"NOT_FOUND","error_title":"Not Found"}"#)
        }
    }

    /// Vonage's answer for each injected fault on a send.
    public func response(for fault: InjectedFault, to request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        guard isSend(request) else { return nil }
        switch fault {
        case .throttled: return Self.error("1", "Throttled")
        case .serverError: return .json(500, #"{"type":"https://developer.nexmo.com/api-errors#internal-error","title":"Internal Error"}"#)
        case .accountProblem: return Self.error("9", "Quota Exceeded - rejected")
        // Vonage has no "no coverage" status; 6 (Invalid Message: unrecognised prefix, unroutable) is the closest.
        case .noCoverage: return Self.error("6", "Unroutable message - rejected")
        case .rejected: return Self.error("7", "Number barred.")
        // Vonage has no tokens: an expired credential looks like bad credentials.
        case .expiredToken: return Self.error("4", "Bad Credentials")
        }
    }

    /// A one-entry error response (HTTP 200, as Vonage answers message errors).
    static func error(_ status: String, _ text: String) -> SimulatorResponse {
        .json(200, #"{"message-count":"1","messages":[{"status":"\#(status)","error-text":"\#(text)"}]}"#)
    }

    /// Query plus form body.
    static func fields(_ request: SimulatorRequest) -> [(String, String)] {
        let body = Self.uppercased(request.method) == "GET" ? [] : FormEncoding.decode(request.bodyText)
        return request.query.isEmpty ? body : request.query + body
    }

    /// `method` in upper case; the usual upper-case method as it is, without a new string.
    static func uppercased(_ method: String) -> String {
        method.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) || !method.utf8.allSatisfy({ $0 < 0x80 })
            ? method.uppercased() : method
    }

    /// Checks credentials like Vonage: Basic header, `api_key`+`api_secret`, or a signed
    /// request. Returns nil when fine, else the status code and error text.
    static func authenticate(_ fields: LastFields, headers: HTTPHeaders, context: SimulatorContext) -> (String, String)? {
        let credentials = context.credentials
        if let authorization = headers["authorization"], authorization.lowercased().hasPrefix("basic ") {
            let encoded = authorization.dropFirst(6).trimmingCharacters(in: .whitespaces)
            guard let data = Data(base64Encoded: encoded), let pair = String(data: data, encoding: .utf8),
                  pair == credentials.key + ":" + credentials.secret
            else { return ("4", "Bad Credentials") }
            return nil
        }
        guard let key = fields["api_key"], !key.isEmpty else { return ("2", "Missing api_key") }
        if let sig = fields["sig"] {
            if fields["api_secret"] != nil { return ("32", "Signature and API secret disallowed") }
            guard key == credentials.key else { return ("4", "Bad Credentials") }
            guard !credentials.signatureSecret.isEmpty, fields["timestamp"] != nil else { return ("14", "Invalid Signature") }
            // `sign` keeps the last value of a repeated name, as the lookups do.
            let valid = SignatureMethod.allCases.contains {
                constantTimeEqualIgnoringCase(sig, sign(fields.pairs, secret: credentials.signatureSecret, method: $0))
            }
            return valid ? nil : ("14", "Invalid Signature")
        }
        guard let secret = fields["api_secret"] else { return ("2", "Missing api_secret") }
        return key == credentials.key && secret == credentials.secret ? nil : ("4", "Bad Credentials")
    }

    func send(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        let fields = LastFields(Self.fields(request))
        if let (status, text) = Self.authenticate(fields, headers: request.headers, context: context) {
            return Self.error(status, text)
        }
        guard let from = fields["from"], !from.isEmpty else { return Self.error("2", "Missing from param") }
        guard let to = fields["to"], !to.isEmpty else { return Self.error("2", "Missing to param") }
        // By bytes: 7–15 ASCII digits is exactly what 7–15 ASCII numeric characters were.
        guard (7...15).contains(to.utf8.count), to.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return Self.error("3", "Invalid to address")
        }
        guard let text = fields["text"], !text.isEmpty else { return Self.error("2", "Missing text param") }
        let type = fields["type"] ?? "text"
        guard type == "text" || type == "unicode" else { return Self.error("3", "Invalid message type") }
        if let ttl = fields["ttl"], Int(ttl).map({ !(20_000...604_800_000).contains($0) }) ?? true {
            return Self.error("3", "Invalid ttl")
        }

        let parts = SMSTextAnalysis.split(text).count
        let price = context.pricePerSegment
        guard context.charge(price * Double(parts)) else { return Self.error("9", "Quota Exceeded - rejected") }
        var balance = context.balance + price * Double(parts)
        let clientRef = fields["client-ref"]
        let accountRef = fields["account-ref"]
        var ids: [UInt64] = []
        ids.reserveCapacity(parts)
        for _ in 0..<parts { ids.append(context.nextMessageID()) }
        // The answer written as bytes, one entry per part.
        var messagePrice: [UInt8] = []
        SimulatorFormat.appendFixed(price, decimals: 8, to: &messagePrice)
        var out: [UInt8] = []
        out.reserveCapacity(48 + parts * (160 + to.utf8.count + networkCode.utf8.count + (clientRef?.utf8.count ?? 0)
            + (accountRef?.utf8.count ?? 0)))
        out.append(contentsOf: #"{"message-count":""#.utf8)
        SimulatorFormat.appendDecimal(UInt64(parts), to: &out)
        out.append(contentsOf: #"","messages":["#.utf8)
        for (index, id) in ids.enumerated() {
            balance -= price
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"to":""#.utf8)
            out.append(contentsOf: to.utf8)
            out.append(contentsOf: #"","message-id":""#.utf8)
            Self.appendMessageID(id, to: &out)
            out.append(contentsOf: #"","status":"0","remaining-balance":""#.utf8)
            SimulatorFormat.appendFixed(balance, decimals: 8, to: &out)
            out.append(contentsOf: #"","message-price":""#.utf8)
            out.append(contentsOf: messagePrice)
            out.append(contentsOf: #"","network":""#.utf8)
            out.append(contentsOf: networkCode.utf8)
            out.append(UInt8(ascii: "\""))
            if let clientRef {
                out.append(contentsOf: #","client-ref":"#.utf8)
                JSONString.append(clientRef, to: &out)
            }
            if let accountRef {
                out.append(contentsOf: #","account-ref":"#.utf8)
                JSONString.append(accountRef, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        if fields["status-report-req"]?.lowercased() != "false",
           let url = fields["callback"].flatMap({ $0.isEmpty ? nil : $0 }) ?? context.defaultCallbackURL {
            let delivered = context.drawDelivered()
            for id in ids {
                let receipt = receiptFields(messageID: Self.messageID(id), to: to, from: from, price: price,
                                            delivered: delivered, clientRef: clientRef, context: context)
                context.schedule(ScheduledCallback(request: callbackRequest(url: url, fields: receipt), delay: context.receiptDelay))
            }
        }
        return SimulatorResponse(status: 200, headers: SimulatorResponse.jsonHeaders, body: out)
    }

    func balance(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        guard Self.authenticate(LastFields(request.query), headers: request.headers, context: context) == nil else {
            return .json(401, #"{"error-code":"401","error-code-label":"authentication failed"}"#)
        }
        return .json(200, #"{"value":\#(Self.money(context.balance)),"autoReload":false}"#)
    }
}
