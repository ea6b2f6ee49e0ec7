public import Switchboard

/// Every Bandwidth v1 error code of reference §4.6 mapped to one outcome class — the only place
/// the plugin classifies errors (by code, category and HTTP status; never by message text).
public enum BandwidthErrorTable {
    /// Code → outcome, with the reference's meaning. `throttled` entries get their retry hint
    /// from the response headers.
    public static let codes: [String: ProviderOutcome] = [
        // 400 bad-request / validation: the request itself is invalid — permanent.
        "validation-error": .rejected,
        "blank-property": .rejected,
        "callback-invalid-url": .rejected,
        // 400 message-delay-limit: the account's message queue is full — transient.
        "message-delay-limit": .throttled(retryAfter: nil),
        // 401 authorization: `from` is not one of this account's numbers. The reference labels it
        // A; we classify it routeRejected because the account is fine — only this sender is not
        // ours here, and another provider may carry it (marking the provider unhealthy would
        // punish every other message).
        "number-access-denied": .routeRejected,
        // 401 authorization: the credentials have no access to this user.
        "user-access-denied": .accountProblem,
        // 403 credit: balance too low — fail over.
        "insufficient-available-balance": .accountProblem,
        // 403 limit: sending rate limits (Bandwidth limits sends with 403, not 429) — back off.
        "message-rate-limit": .throttled(retryAfter: nil),
        "message-rate-limit-overall": .throttled(retryAfter: nil),
        "message-rate-limit-per-tn": .throttled(retryAfter: nil),
        // 403 limit: more than 50 messages in one bulk request — a permanent request error.
        "multi-message-limit": .rejected,
        // 403 forbidden: destination restricted, toll-free sender not allowed — permanent.
        "restricted-number": .rejected,
        "message-from-toll-free": .rejected,
        // 404 not-found.
        "message-not-found": .rejected,
        // 404 user-not-found: the configured user id is wrong; every send fails — an account
        // problem, not a property of the message (the reference's P would stop the message).
        "user-not-found": .accountProblem,
        // 429 too-many-requests (non-send endpoints; `X-RateLimit-Reset` in epoch ms).
        "rate-limit-reached": .throttled(retryAfter: nil),
        // 503 unavailable: the docs say "Check the state of your message … to determine if it
        // was successfully sent" — so the message may exist: ambiguous, never a blind resend.
        "gateway-unavailable": .ambiguous,
        "message-gateway-unavailable": .ambiguous,
        "message-delivery-failed": .ambiguous,
        "internal-error": .ambiguous,
    ]

    /// Code prefixes (reference: `media-*`, `pre-pay-*`, `backend-*`).
    public static let prefixes: [(prefix: String, outcome: ProviderOutcome)] = [
        // 403 forbidden media-*: MMS media problems — permanent.
        ("media-", .rejected),
        // 500 payment pre-pay-*: the prepaid account cannot pay — account problem.
        ("pre-pay-", .accountProblem),
        // 500 backend-*: a backend failure before the message was created — transient.
        ("backend-", .unavailable),
    ]

    /// Categories, for codes the table does not know.
    public static let categories: [String: ProviderOutcome] = [
        "credit": .accountProblem,
        "limit": .throttled(retryAfter: nil),
        "too-many-requests": .throttled(retryAfter: nil),
        "authorization": .accountProblem,
        "authentication": .accountProblem,
        "payment": .accountProblem,
        "bad-request": .rejected,
        "validation": .rejected,
        "forbidden": .rejected,
        "not-found": .rejected,
    ]

    /// The outcome for an error: by code, then code prefix, then category, then HTTP status
    /// (`status` is nil for an item of a bulk response). `retryAfter` fills `throttled`.
    public static func outcome(status: Int?, category: String?, code: String?, retryAfter: Double? = nil) -> ProviderOutcome {
        let base: ProviderOutcome
        if let code, let known = codes[code] {
            base = known
        } else if let code, let match = prefixes.first(where: { code.hasPrefix($0.prefix) }) {
            base = match.outcome
        } else if let category, let known = categories[category] {
            base = known
        } else {
            base = outcome(status: status)
        }
        if case .throttled = base { return .throttled(retryAfter: retryAfter) }
        return base
    }

    /// The outcome from the HTTP status alone (no usable error body).
    static func outcome(status: Int?) -> ProviderOutcome {
        guard let status else { return .rejected }
        switch status {
        case 401, 402: return .accountProblem
        case 429: return .throttled(retryAfter: nil)
        case 408: return .unavailable  // the server gave up waiting for our request
        case 400..<500: return .rejected
        default: return .unavailable  // 5xx without a known code: failed before acceptance
        }
    }
}
