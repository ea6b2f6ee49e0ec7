import Switchboard
import SwitchboardKPN
import Testing

/// Every status and error code in the reference (§1.4, §3.3) → one outcome class.
@Suite("KPN status table")
struct KPNStatusTests {
    static let codes: [(Int, ProviderOutcome)] = [
        (0, .accepted), (1, .throttled(retryAfter: nil)), (2, .rejected), (3, .rejected), (4, .accountProblem),
        (5, .unavailable), (6, .routeRejected), (7, .rejected), (8, .accountProblem), (9, .accountProblem),
        (10, .throttled(retryAfter: nil)), (11, .accountProblem), (12, .rejected), (13, .unavailable),
        (14, .accountProblem), (15, .routeRejected), (16, .rejected), (19, .accountProblem), (20, .rejected),
        (22, .rejected), (23, .rejected), (29, .accountProblem), (32, .accountProblem), (33, .rejected), (34, .rejected),
    ]

    @Test("status code → outcome", arguments: codes)
    func statusCode(code: Int, expected: ProviderOutcome) {
        #expect(KPNStatus.outcome(for: code) == expected)
    }

    @Test func tableHasExactlyTheReferenceCodes() {
        #expect(Set(KPNStatus.table.keys) == Set(Self.codes.map(\.0)))
    }

    @Test(arguments: [17, 99, 1234])
    func unknownCodesCountAsFailed(code: Int) {
        #expect(KPNStatus.outcome(for: code) == .rejected)
    }

    /// The status in a send response's part drives the class of the whole (single-part) send.
    @Test("status in a 200 body → outcome", arguments: codes.filter { $0.0 != 0 })
    func statusInBody(code: Int, expected: ProviderOutcome) {
        let response = KPNFixture.response(200, #"{"message-count":1,"messages":[{"status":"\#(code)","error-text":"x"}]}"#)
        guard case .failed(let error) = KPNSendResponse.classify(response, now: 0) else {
            Issue.record("status \(code) should fail")
            return
        }
        #expect(error.outcome == expected)
        #expect(error.code == String(code))
    }

    static let gateway: [(Int, ProviderOutcome)] = [
        (400, .rejected), (403, .accountProblem), (404, .rejected), (429, .throttled(retryAfter: nil)),
        (500, .unavailable), (503, .unavailable), (502, .unavailable),
    ]

    @Test("gateway HTTP status → outcome", arguments: gateway)
    func gatewayStatus(status: Int, expected: ProviderOutcome) {
        let body = #"{"transactionId":"t-1","status":"\#(status)","name":"Err","message":"m","info":"i"}"#
        guard case .failed(let error) = KPNSendResponse.classify(KPNFixture.response(status, body), now: 0) else {
            Issue.record("HTTP \(status) should fail")
            return
        }
        #expect(error.outcome == expected)
        #expect(error.code == "http \(status) Err")
        #expect(error.message.contains("t-1"))
    }

    @Test func http401IsATokenProblemThatBecomesAccountProblem() {
        let body = #"{"transactionId":"t-2","status":"401","name":"Unauthorized","message":"m","info":"i"}"#
        guard case .tokenRejected(let error) = KPNSendResponse.classify(KPNFixture.response(401, body), now: 0) else {
            Issue.record("401 should ask for a new token")
            return
        }
        #expect(error.outcome == .accountProblem)
    }
}
