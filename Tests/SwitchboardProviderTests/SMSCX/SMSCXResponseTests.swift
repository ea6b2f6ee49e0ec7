import Switchboard
@testable import SwitchboardSMSCX
import Testing

/// Response parsing (reference §2.3–2.4), including the tricky shapes.
@Suite("SMS.CX responses")
struct SMSCXResponseTests {
    static let success = """
    {"info":{"campaignId":"c1","totalPhoneNumbers":3,"totalValid":3,"totalInvalid":0,"totalCost":0.1,"totalParts":2,
    "dlrCallbackUrl":null,"phoneNumbersByCountry":{"NL":2,"DE":1},"scheduled":false},
    "data":[
    {"msgId":"m-de","status":"NO COVERAGE","statusCode":6,"errorCode":6001,"createdAt":"2026-01-01 10:00:00","inQuietHours":false,"cost":0,"to":"+4915112345678","countryIso":"DE","from":"InfoText","text":"Hi","parts":1,"textAnalysis":{"length":2,"unicode":false,"parts":1}},
    {"msgId":"m-nl1","status":"ACCEPTED","statusCode":1,"errorCode":null,"createdAt":"2026-01-01 10:00:00","inQuietHours":false,"cost":0.05,"to":"+31612345678","countryIso":"NL","from":"InfoText","text":"Hi","parts":1,"textAnalysis":{"length":2,"unicode":false,"parts":1}},
    {"msgId":"m-nl2","status":"SCHEDULED","statusCode":2,"errorCode":null,"createdAt":"2026-01-01 10:00:00","inQuietHours":true,"cost":0.05,"to":"+31687654321","countryIso":"NL","from":"InfoText","text":"Hi","parts":1,"textAnalysis":{"length":2,"unicode":false,"parts":1},"scheduledAt":"2026-01-02 08:00:00"},
    {"msgId":"m-gb","status":"REJECTED","statusCode":5,"errorCode":5001,"createdAt":"2026-01-01 10:00:00","inQuietHours":false,"cost":0,"to":"+447700900123","countryIso":"GB","from":"InfoText","text":"Hi","parts":1,"textAnalysis":{"length":2,"unicode":false,"parts":1}}
    ]}
    """

    static func results(_ recipients: [String], _ response: HTTPResponse, now: Double = 0) -> SMSCXSendResults {
        SMSCXResponseParser.sendResults(for: recipients, response: response, now: now, redact: { $0 })
    }

    @Test func perRecipientResultsAreMatchedByTo() {
        let recipients = ["+31612345678", "+4915112345678", "+447700900123", "+31687654321", "+33612345678"]
        let results = Self.results(recipients, SMSCXFixture.response(200, Self.success)).perRecipient
        #expect(results.count == 5)
        #expect((try? results[0].get())?.messageIDs == ["m-nl1"])
        #expect((try? results[0].get())?.price == 0.05)
        #expect(Self.outcome(results[1]) == .routeRejected)
        #expect(Self.outcome(results[2]) == .rejected)
        #expect((try? results[3].get())?.messageIDs == ["m-nl2"])
        #expect(Self.outcome(results[4]) == .ambiguous)  // missing from data[]: unknown
    }

    @Test func invalidListedInInfoIsRejected() {
        let body = #"{"info":{"totalInvalid":1,"invalid":["+3161"]},"data":[]}"#
        let results = Self.results(["+3161"], SMSCXFixture.response(200, body)).perRecipient
        #expect(Self.outcome(results[0]) == .rejected)
    }

    @Test func invalidNumbersInsideError() {
        let body = #"{"error":{"type":"invalid_param","code":1207,"message":"Phone number invalid","uri":"u","invalid":["+31600"]}}"#
        let detail = SMSCXResponseParser.error(status: 400, headers: [:], body: Array(body.utf8), now: 0)
        #expect(detail.outcome == .rejected)
        #expect(detail.invalidNumbers == ["+31600"])
        #expect(detail.providerError.code == "invalid_param/1207")
    }

    @Test func invalidNumbersNextToError() {
        let body = #"{"error":{"type":"invalid_param","code":1210,"message":"Phone numbers invalid","uri":"u"},"invalid":["+1","+2"]}"#
        let detail = SMSCXResponseParser.error(status: 400, headers: [:], body: Array(body.utf8), now: 0)
        #expect(detail.invalidNumbers == ["+1", "+2"])
        // In a group, the valid ones are marked for a second request.
        let results = Self.results(["+1", "+31612345678", "+2"], SMSCXFixture.response(400, body))
        #expect(results.retryWithout == ["+1", "+2"])
        #expect(Self.outcome(results.perRecipient[0]) == .rejected)
        #expect(Self.outcome(results.perRecipient[1]) == .unavailable)
    }

    @Test func allInvalidNeedsNoRetry() {
        let body = #"{"error":{"type":"invalid_param","code":1207,"message":"x","uri":"u","invalid":["+1"]}}"#
        #expect(Self.results(["+1"], SMSCXFixture.response(400, body)).retryWithout == nil)
    }

    @Test func rateLimitWithResetHeader() {
        let body = #"{"error":{"type":"rate_limit","code":1005,"message":"Too many requests","uri":"u"}}"#
        let response = SMSCXFixture.response(429, body, headers: ["X-Rate-Limit-Reset": "1664103086", "X-Rate-Limit-Remaining": "0"])
        let results = Self.results(["+31612345678"], response, now: 1_664_103_076).perRecipient
        #expect(Self.outcome(results[0]) == .throttled(retryAfter: 10))
    }

    @Test("unreadable bodies", arguments: [
        (200, ProviderOutcome.ambiguous), (201, .ambiguous), (500, .unavailable), (503, .unavailable), (502, .unavailable),
        (401, .accountProblem), (400, .rejected), (429, .throttled(retryAfter: nil)),
    ])
    func unreadable(status: Int, expected: ProviderOutcome) {
        let results = Self.results(["+31612345678"], SMSCXFixture.response(status, "<html>gateway</html>")).perRecipient
        #expect(Self.outcome(results[0]) == expected)
    }

    @Test("error bodies", arguments: [
        (400, "insufficient_credit", 1113, ProviderOutcome.accountProblem),
        (400, "insufficient_credit", 1114, .accountProblem),
        (403, "no_coverage", 1119, .routeRejected),
        (401, "invalid_api_key", 1003, .accountProblem),
        (400, "invalid_param", 1106, .rejected),
        (500, "server_error", 1006, .unavailable),
    ])
    func errorBody(status: Int, type: String, code: Int, expected: ProviderOutcome) {
        let body = #"{"error":{"type":"\#(type)","code":\#(code),"message":"m","uri":"https://sms.cx/x"}}"#
        let results = Self.results(["+31612345678"], SMSCXFixture.response(status, body)).perRecipient
        guard case .failure(let error) = results[0] else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.outcome == expected)
        #expect(error.code == "\(type)/\(code)")
    }

    @Test func duplicateRecipientsUseEachEntryOnce() {
        let body = #"{"data":[{"msgId":"a","status":"ACCEPTED","to":"+31612345678"},{"msgId":"b","status":"ACCEPTED","to":"+31612345678"}]}"#
        let results = Self.results(["+31612345678", "+31612345678"], SMSCXFixture.response(200, body)).perRecipient
        #expect(results.compactMap { try? $0.get().messageIDs.first } == ["a", "b"])
    }

    @Test func acceptedWithoutMsgIdIsAmbiguous() {
        let body = #"{"data":[{"status":"ACCEPTED","to":"+31612345678"}]}"#
        #expect(Self.outcome(Self.results(["+31612345678"], SMSCXFixture.response(200, body)).perRecipient[0]) == .ambiguous)
    }

    @Test("transport errors", arguments: [
        (HTTPTransportError.notSent(reason: "refused"), ProviderOutcome.unavailable),
        (.ambiguous(reason: "timeout"), .ambiguous), (.cancelled, .ambiguous),
    ])
    func transport(error: HTTPTransportError, expected: ProviderOutcome) {
        #expect(SMSCXProvider.providerError(for: error).outcome == expected)
    }

    static func outcome(_ result: Result<ProviderAcceptance, ProviderError>) -> ProviderOutcome {
        switch result {
        case .success: .accepted
        case .failure(let error): error.outcome
        }
    }
}
