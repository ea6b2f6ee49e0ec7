public import Switchboard

/// Vonage's `messages[].status` codes (provider reference §1.4) and the outcome class each
/// maps to. This table is the only place a Vonage status is classified.
public enum VonageStatus {
    /// The class of a status code. `"0"` is `.accepted`; unknown codes are `.rejected`
    /// (the reference: "any other non-zero status should be treated as unknown, and therefore failed").
    public static func outcome(for status: String) -> ProviderOutcome {
        table[status.trimmingPrefixZeros] ?? .rejected
    }

    /// Every known status code with its class.
    public static let table: [String: ProviderOutcome] = [
        "0": .accepted,            // Success: accepted for delivery (not delivered)
        "1": .throttled(retryAfter: nil), // Throttled: faster than the account limit (30 req/s)
        "2": .rejected,            // Missing Parameters (from, to, api_key, api_secret or text)
        "3": .rejected,            // Invalid Parameters
        "4": .accountProblem,      // Invalid Credentials
        "5": .unavailable,         // Internal Error: not accepted, transient ("if it persists, contact support")
        "6": .routeRejected,       // Invalid Message, e.g. unrecognised number prefix: another provider may route it
        "7": .rejected,            // Number Barred (destination blacklisted)
        "8": .accountProblem,      // Partner Account Barred (account suspended)
        "9": .accountProblem,      // Partner Quota Violation (insufficient credit: top up; fail over)
        "10": .throttled(retryAfter: nil), // Too Many Existing Binds ("back-off and retry")
        "11": .accountProblem,     // Account Not Enabled For HTTP (use SMPP)
        "12": .rejected,           // Message Too Long
        "13": .unavailable,        // legacy: communication failure, message not submitted
        "14": .accountProblem,     // Invalid Signature (signature secret/method misconfigured)
        "15": .routeRejected,      // Invalid Sender Address: sender not authorised here (common in North America)
        "16": .rejected,           // legacy: Invalid TTL
        "19": .accountProblem,     // legacy: facility not enabled on account
        "20": .rejected,           // legacy: message-class out of range
        "22": .rejected,           // Invalid Network Code
        "23": .accountProblem,     // Invalid Callback Url (our configuration)
        "29": .routeRejected,      // Non-Whitelisted Destination (demo account: other, whitelisted numbers still work; another provider may send)
        "32": .accountProblem,     // Signature And API Secret Disallowed (auth misconfigured)
        "33": .rejected,           // Number De-activated
        "34": .rejected,           // legacy: `to` missing or invalid
    ]
}

extension String {
    /// "07" → "7" (statuses are strings; be lenient about zero padding), "0" stays "0".
    fileprivate var trimmingPrefixZeros: String {
        let trimmed = drop { $0 == "0" }
        return trimmed.isEmpty ? (isEmpty ? self : "0") : String(trimmed)
    }
}
