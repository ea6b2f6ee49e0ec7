import Foundation
public import Hummingbird
import HTTPTypes
import Switchboard

/// A JSON error answer: `{"error": {"kind": …, "message": …, "fix": …}}` with an HTTP status
/// (and `Retry-After` when a retry can succeed later).
///
/// Messages never contain secrets: they come from the router, the plugins (which redact) and
/// the server itself.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: Hummingbird.HTTPResponse.Status
    /// A stable machine-readable kind (`invalidRecipient`, `unauthorized`, `rateLimited`, …).
    public var kind: String
    /// What went wrong.
    public var message: String
    /// How to fix it, when there is something to do.
    public var fix: String?
    /// Seconds until a retry may succeed (sent as `Retry-After`, rounded up).
    public var retryAfter: Double?
    /// Extra members of the error object (message id, attempts, decision trace).
    var details: [String: JSONValue] = [:]
    /// Extra response headers.
    var headers: [(HTTPField.Name, String)] = []

    /// Creates an error.
    public init(_ status: Hummingbird.HTTPResponse.Status, kind: String, message: String, fix: String? = nil, retryAfter: Double? = nil) {
        self.status = status
        self.kind = kind
        self.message = message
        self.fix = fix
        self.retryAfter = retryAfter
    }

    /// The JSON body.
    var body: JSONValue {
        var error: [String: JSONValue] = ["kind": .string(kind), "message": .string(message)]
        if let fix { error["fix"] = .string(fix) }
        if let retryAfter { error["retry_after"] = .number(retryAfter) }
        for (key, value) in details { error[key] = value }
        return .object(["error": .object(error)])
    }

    /// The answer.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The answer (needs no request).
    func response() -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        if let retryAfter { fields[.retryAfter] = String(Int(max(1, retryAfter.rounded(.up)))) }
        for (name, value) in headers { fields[name] = value }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }
}

extension APIError {
    /// 400 for input the API cannot use.
    static func invalidInput(_ message: String, fix: String? = nil) -> APIError {
        APIError(.badRequest, kind: "invalidInput", message: message, fix: fix)
    }

    /// 404.
    static func notFound(_ message: String, fix: String? = nil) -> APIError {
        APIError(.notFound, kind: "notFound", message: message, fix: fix)
    }

    /// 413 for a body over the limit.
    static func tooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, kind: "payloadTooLarge", message: "the request body is larger than \(limit) bytes",
                 fix: "send a smaller body (the server's --max-body)")
    }

    /// The answer for a failed send or estimate, by failure kind.
    init(_ failure: SendFailure) {
        let (status, fix) = Self.mapping(failure.kind)
        self.init(status, kind: failure.kind.rawValue, message: failure.message, fix: fix,
                  retryAfter: failure.kind == .rateLimited ? (failure.retryAfter ?? 1) : nil)
        if let id = failure.messageID { details["message_id"] = .string(id.description) }
        if !failure.attempts.isEmpty { details["attempts"] = .array(failure.attempts.map(JSONValue.init)) }
        if let trace = failure.trace, let value = JSONValue(encoding: trace) { details["trace"] = value }
        if failure.replayed { details["replayed"] = .bool(true) }
    }

    /// HTTP status and fix hint per failure kind.
    static func mapping(_ kind: SendFailure.Kind) -> (Hummingbird.HTTPResponse.Status, String?) {
        switch kind {
        case .invalidRecipient:
            (.badRequest, "give 'to' in international format (+31 6 1234 5678) or set 'default_country'")
        case .invalidSender:
            (.badRequest, "use an alphanumeric sender of at most 11 characters, a short code or a phone number")
        case .optedOut:
            (.conflict, "the recipient sent STOP; they must opt in again (START) before you can message them")
        case .noRoute:
            (.unprocessableContent, "add a route (or a price) for this destination in routes.yaml / providers.yaml")
        case .rejected:
            (.unprocessableContent, "the provider refused this message permanently; check the number and the text")
        case .noCoverage:
            (.unprocessableContent, "no configured provider covers this destination or sender; add one to the route")
        case .rateLimited:
            (.tooManyRequests, "retry after the time in Retry-After")
        case .accountProblem:
            (.badGateway, "check the providers' credentials and balances (GET /healthz)")
        case .unavailable:
            (.serviceUnavailable, "every candidate provider is down or paused; retry later (GET /healthz)")
        case .ambiguous:
            (.badGateway, "a provider may have taken it: look the message up before re-sending (same idempotency_key is safe)")
        case .allCandidatesFailed:
            (.badGateway, "see 'attempts' for each provider's answer")
        case .deadlineExceeded:
            (.gatewayTimeout, "providers are slow; retry with the same idempotency_key")
        case .logUnavailable:
            (.serviceUnavailable, "the outcome log cannot be written (disk full or locked); nothing was sent")
        }
    }
}
