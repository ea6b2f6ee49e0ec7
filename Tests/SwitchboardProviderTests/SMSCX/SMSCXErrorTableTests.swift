import Switchboard
@testable import SwitchboardSMSCX
import Testing

/// Every SMS.CX error type, code and recipient status → one outcome class (reference §2.3–2.4).
@Suite("SMS.CX error table")
struct SMSCXErrorTableTests {
    static let types: [(Int, String, ProviderOutcome)] = [
        (400, "invalid_param", .rejected), (400, "invalid_body", .rejected), (400, "invalid_request", .rejected),
        (400, "duplicate_id", .rejected), (400, "duplicate_value", .rejected),
        (400, "insufficient_credit", .accountProblem),
        (401, "invalid_api_key", .accountProblem), (401, "invalid_client", .accountProblem),
        (400, "invalid_scope", .accountProblem), (400, "unsupported_grant_type", .accountProblem),
        (403, "no_coverage", .routeRejected), (403, "insufficient_scope", .accountProblem),
        (403, "access_denied", .accountProblem), (404, "not_found", .rejected), (405, "invalid_method", .rejected),
        (429, "rate_limit", .throttled(retryAfter: nil)), (500, "server_error", .unavailable),
        (503, "server_error", .unavailable),
        (400, "invalid_pin", .rejected), (400, "otp_expired", .rejected), (400, "otp_failed", .rejected),
        (400, "otp_cancelled", .rejected), (400, "otp_verified", .rejected),
    ]

    @Test("error type → outcome", arguments: types)
    func byType(status: Int, type: String, expected: ProviderOutcome) {
        #expect(SMSCXErrorTable.outcome(status: status, type: type, code: nil, rateLimitReset: nil, now: 0) == expected)
    }

    @Test func everyReferenceTypeIsInTheTable() {
        let reference = ["access_denied", "duplicate_id", "duplicate_value", "insufficient_credit", "insufficient_scope",
                         "invalid_api_key", "invalid_body", "invalid_client", "invalid_method", "invalid_param",
                         "invalid_request", "invalid_scope", "no_coverage", "not_found", "rate_limit", "server_error",
                         "unsupported_grant_type", "invalid_pin", "otp_expired", "otp_failed", "otp_cancelled", "otp_verified"]
        #expect(Set(reference) == Set(SMSCXErrorTable.byType.keys))
    }

    static let codes: [(Int, ProviderOutcome)] = [
        (1103, .rejected), (1104, .rejected), (1105, .rejected), (1106, .rejected), (1107, .rejected), (1108, .rejected),
        (1109, .rejected), (1110, .rejected), (1111, .rejected), (1112, .rejected), (1113, .accountProblem),
        (1114, .accountProblem), (1116, .rejected), (1119, .routeRejected), (1135, .rejected), (1136, .rejected),
        (1137, .rejected), (1207, .rejected), (1210, .rejected), (1503, .rejected), (1521, .rejected), (1522, .rejected),
        (1523, .routeRejected), (1600, .accountProblem),
    ]

    @Test("error code (no type) → outcome", arguments: codes)
    func byCode(code: Int, expected: ProviderOutcome) {
        #expect(SMSCXErrorTable.outcome(status: 400, type: nil, code: code, rateLimitReset: nil, now: 0) == expected)
        #expect(SMSCXErrorTable.outcome(status: 400, type: "unknown_type", code: code, rateLimitReset: nil, now: 0) == expected)
    }

    @Test("the type wins over the code", arguments: [
        ("insufficient_credit", 1113, ProviderOutcome.accountProblem), ("no_coverage", 1119, .routeRejected),
        ("invalid_param", 1207, .rejected), ("invalid_param", 1210, .rejected), ("invalid_client", 1600, .accountProblem),
    ])
    func typeAndCode(type: String, code: Int, expected: ProviderOutcome) {
        let status = expected == .routeRejected ? 403 : (type == "invalid_client" ? 401 : 400)
        #expect(SMSCXErrorTable.outcome(status: status, type: type, code: code, rateLimitReset: nil, now: 0) == expected)
    }

    @Test("HTTP status alone → outcome", arguments: [
        (400, ProviderOutcome.rejected), (401, .accountProblem), (403, .accountProblem), (404, .rejected), (405, .rejected),
        (429, .throttled(retryAfter: nil)), (500, .unavailable), (502, .unavailable), (503, .unavailable), (504, .unavailable),
    ])
    func byStatus(status: Int, expected: ProviderOutcome) {
        #expect(SMSCXErrorTable.outcome(status: status, type: nil, code: nil, rateLimitReset: nil, now: 0) == expected)
    }

    @Test func rateLimitResetBecomesRetryAfter() {
        let outcome = SMSCXErrorTable.outcome(status: 429, type: "rate_limit", code: nil, rateLimitReset: 1_664_103_086,
                                              now: 1_664_103_080)
        #expect(outcome == .throttled(retryAfter: 6))
        // A reset in the past means "now".
        #expect(SMSCXErrorTable.outcome(status: 429, type: nil, code: nil, rateLimitReset: 10, now: 20) == .throttled(retryAfter: 0))
    }

    @Test func fiveHundredsAreUnavailableWhateverTheBody() {
        #expect(SMSCXErrorTable.outcome(status: 500, type: "invalid_param", code: 1207, rateLimitReset: nil, now: 0) == .unavailable)
    }

    @Test("data[].status → outcome", arguments: [
        ("ACCEPTED", ProviderOutcome.accepted), ("SCHEDULED", .accepted), ("REJECTED", .rejected),
        ("NO COVERAGE", .routeRejected),
    ])
    func recipientStatus(status: String, expected: ProviderOutcome) {
        #expect(SMSCXErrorTable.byRecipientStatus[status] == expected)
    }

    @Test func noCoverageNeedsTheSpace() {
        #expect(SMSCXErrorTable.byRecipientStatus["NO_COVERAGE"] == nil)
        let entry = SMSCXWire.DataSms(msgId: "m1", status: "NO_COVERAGE", to: "+31612345678")
        guard case .failure(let error) = SMSCXResponseParser.result(entry) else {
            Issue.record("an unknown status must not be accepted")
            return
        }
        #expect(error.outcome == .ambiguous)
    }
}
