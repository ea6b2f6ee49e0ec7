public import Switchboard

/// The Vonage `messages[].status` codes KPN's proxy returns (provider-apis.md §1.4, §3.3),
/// each mapped to one ``ProviderOutcome`` class — the single place this mapping lives.
public enum KPNStatus {
    /// One row of the status table.
    public struct Entry: Sendable, Hashable {
        /// The status code.
        public var code: Int
        /// The reference's meaning.
        public var meaning: String
        /// The outcome class.
        public var outcome: ProviderOutcome
    }

    /// Every status code in the reference (Vonage's official table plus KPN's legacy codes
    /// 13/16/19/20/34), with its outcome class.
    public static let table: [Int: Entry] = {
        let rows: [(Int, String, ProviderOutcome)] = [
            (0, "Success (accepted for delivery; not delivered)", .accepted),
            (1, "Throttled: sending faster than the account limit", .throttled(retryAfter: nil)),
            (2, "Missing Parameters", .rejected),
            (3, "Invalid Parameters", .rejected),
            (4, "Invalid Credentials", .accountProblem),
            (5, "Internal Error (transient)", .unavailable),
            (6, "Invalid Message (e.g. unrecognised number prefix; another provider may route it)", .routeRejected),
            (7, "Number Barred (destination blacklisted)", .rejected),
            (8, "Partner Account Barred (account suspended)", .accountProblem),
            (9, "Partner Quota Violation (insufficient credit)", .accountProblem),
            (10, "Too Many Existing Binds (back off and retry)", .throttled(retryAfter: nil)),
            (11, "Account Not Enabled For HTTP", .accountProblem),
            (12, "Message Too Long", .rejected),
            (13, "Communication failure, message not submitted (legacy, KPN)", .unavailable),
            (14, "Invalid Signature", .accountProblem),
            (15, "Invalid Sender Address (sender not authorised here; another provider may allow it)", .routeRejected),
            (16, "Invalid TTL (legacy, KPN)", .rejected),
            (19, "Facility not enabled on account (legacy, KPN)", .accountProblem),
            (20, "message-class out of range (legacy, KPN)", .rejected),
            (22, "Invalid Network Code", .rejected),
            (23, "Invalid Callback Url (configuration)", .rejected),
            (29, "Non-Whitelisted Destination (demo account)", .accountProblem),
            (32, "Signature And API Secret Disallowed", .accountProblem),
            (33, "Number De-activated", .rejected),
            (34, "to missing or invalid (legacy, KPN)", .rejected),
        ]
        var table: [Int: Entry] = [:]
        for (code, meaning, outcome) in rows { table[code] = Entry(code: code, meaning: meaning, outcome: outcome) }
        return table
    }()

    /// The outcome class for a status code; unknown non-zero codes count as failed (`rejected`).
    public static func outcome(for code: Int) -> ProviderOutcome {
        table[code]?.outcome ?? .rejected
    }

    /// The outcome class for a gateway (Apigee) HTTP error status, per §3.3:
    /// 429 throttled; 500/503 and other 5xx unavailable; 403 account problem (product not
    /// added to the project); 401 account problem (after one token re-mint); 400/404 and
    /// other 4xx rejected.
    public static func outcome(forHTTPStatus status: Int, retryAfter: Double?) -> ProviderOutcome {
        switch status {
        case 429: .throttled(retryAfter: retryAfter)
        case 401, 403: .accountProblem
        case 500...599: .unavailable
        default: .rejected
        }
    }
}
