public import Switchboard

/// The one place where SMS.CX answers become outcome classes (reference §2.3–2.4).
///
/// Order: HTTP 429 → throttled and 5xx → unavailable whatever the body says; otherwise the
/// error `type`, then the numeric `code`, then the HTTP status. Never the message text.
public enum SMSCXErrorTable {
    /// Outcome per error `type` (reference §2.4 `type` enum and class table).
    public static let byType: [String: ProviderOutcome] = [
        "invalid_param": .rejected,            // 400: bad request field (request bug / bad number)
        "invalid_body": .rejected,             // 400: body not valid JSON / wrong shape
        "invalid_request": .rejected,          // 400: request malformed (also OAuth grant_type missing)
        "duplicate_id": .rejected,             // 400: duplicate id
        "duplicate_value": .rejected,          // 400: duplicate value
        "insufficient_credit": .accountProblem, // 400 1113 insufficient credit / 1114 credit limit reached
        "invalid_api_key": .accountProblem,    // 401: API key (or token) not valid
        "invalid_client": .accountProblem,     // 401 1600: OAuth application id/secret wrong
        "invalid_scope": .accountProblem,      // 400 1600: OAuth scope not allowed (configuration)
        "unsupported_grant_type": .accountProblem, // 400 1600: OAuth grant type (configuration)
        "no_coverage": .routeRejected,         // 403 1119: no coverage / restricted destination
        "insufficient_scope": .accountProblem, // 403: token lacks the scope
        "access_denied": .accountProblem,      // 403: access denied (e.g. IP allow-list)
        "not_found": .rejected,                // 404: resource not found
        "invalid_method": .rejected,           // 405: method not allowed (bug)
        "rate_limit": .throttled(retryAfter: nil), // 429: wait until X-Rate-Limit-Reset
        "server_error": .unavailable,          // 5xx: retry with the same idempotencyId
        "invalid_pin": .rejected,              // OTP API only
        "otp_expired": .rejected,              // OTP API only
        "otp_failed": .rejected,               // OTP API only
        "otp_cancelled": .rejected,            // OTP API only
        "otp_verified": .rejected,             // OTP API only
    ]

    /// Outcome per numeric error `code` (reference §2.4 send/estimate and pricing codes), used
    /// when the type is missing or unknown.
    public static let byCode: [Int: ProviderOutcome] = [
        1103: .rejected,        // more than 25,000 numbers
        1104: .rejected,        // `to` empty
        1105: .rejected,        // `from` empty
        1106: .rejected,        // `from` not 3–15 chars
        1107: .rejected,        // `text` empty
        1108: .rejected,        // bad `scheduledDate`
        1109: .rejected,        // bad `dlrCallbackUrl`
        1110: .rejected,        // bad alphabet
        1111: .rejected,        // bad `idempotencyId`
        1112: .rejected,        // bad shortlink or attachment ID
        1113: .accountProblem,  // insufficient credit
        1114: .accountProblem,  // credit limit reached
        1116: .rejected,        // scheduled date in the past
        1119: .routeRejected,   // 403 no coverage / restricted destination
        1135: .rejected,        // `transliteration` is not an object
        1136: .rejected,        // bad placeholder length
        1137: .rejected,        // placeholder length must be 1–20
        1207: .rejected,        // phone number invalid
        1210: .rejected,        // phone numbers invalid
        1503: .rejected,        // `removeEmojis` is not a boolean
        1521: .rejected,        // pricing: channel invalid
        1522: .rejected,        // pricing: country ISO invalid
        1523: .routeRejected,   // pricing: 403 no coverage
        1600: .accountProblem,  // OAuth token endpoint errors (client/grant/scope)
    ]

    /// Outcome per `data[].status` of an accepted send (reference §2.3) and its DLR words.
    public static let byRecipientStatus: [String: ProviderOutcome] = [
        "ACCEPTED": .accepted,      // taken for delivery
        "SCHEDULED": .accepted,     // taken, sent later (scheduledDate / quiet hours)
        "REJECTED": .rejected,      // opted out, cost 0
        "NO COVERAGE": .routeRejected, // no route for this destination, cost 0 (note the space)
    ]

    /// Classifies an error answer.
    ///
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - type: `error.type`, if the body had one.
    ///   - code: `error.code`, if the body had one.
    ///   - rateLimitReset: `X-Rate-Limit-Reset` (Unix seconds), if present.
    ///   - now: the current time (seconds since 1970).
    public static func outcome(status: Int, type: String?, code: Int?, rateLimitReset: Double?, now: Double) -> ProviderOutcome {
        let retryAfter = rateLimitReset.map { max(0, $0 - now) }
        if status == 429 { return .throttled(retryAfter: retryAfter) }
        if status >= 500 { return .unavailable }
        if let type, let outcome = byType[type] {
            if case .throttled = outcome { return .throttled(retryAfter: retryAfter) }
            return outcome
        }
        if let code, let outcome = byCode[code] { return outcome }
        return byHTTPStatus(status)
    }

    /// Fallback by HTTP status alone (bodies without a known type or code).
    public static func byHTTPStatus(_ status: Int) -> ProviderOutcome {
        switch status {
        case 401, 403: .accountProblem
        case 429: .throttled(retryAfter: nil)
        case 500...: .unavailable
        default: .rejected
        }
    }
}
