import Switchboard
import SwitchboardKPN
import Testing

/// Send and token response shapes (§3.1, §3.3), including the tricky ones.
@Suite("KPN responses")
struct KPNResponseTests {
    @Test(arguments: [#""message-count":1"#, #""message-count":"1""#])
    func singlePartAcceptedWithIntegerOrStringCount(count: String) {
        let body = #"{\#(count),"messages":[{"to":"31612345678","message-id":"0A0000000123ABCD1","status":"0","network":"20408"}]}"#
        guard case .accepted(let acceptance) = KPNSendResponse.classify(KPNFixture.response(200, body), now: 0) else {
            Issue.record("should be accepted")
            return
        }
        #expect(acceptance.messageIDs == ["0A0000000123ABCD1"])
        #expect(acceptance.isComplete)
        #expect(acceptance.price == nil)
    }

    @Test func vonageStyleBodyWithPricesAndIntegerStatus() {
        let body = #"{"message-count":"2","messages":[{"message-id":"A1","status":0,"message-price":"0.03330000","remaining-balance":"3.5"},{"message-id":"A2","status":"0","message-price":"0.03330000","remaining-balance":"3.46"}]}"#
        guard case .accepted(let acceptance) = KPNSendResponse.classify(KPNFixture.response(200, body), now: 0) else {
            Issue.record("should be accepted")
            return
        }
        #expect(acceptance.messageIDs == ["A1", "A2"])
        #expect(abs((acceptance.price ?? 0) - 0.0666) < 1e-9)
        #expect(acceptance.remainingBalance == 3.46)
    }

    @Test func partialFailureReportsEachPart() {
        let body = #"{"message-count":2,"messages":[{"message-id":"P1","status":"0"},{"status":"1","error-text":"Throttled"}]}"#
        guard case .accepted(let acceptance) = KPNSendResponse.classify(KPNFixture.response(200, body), now: 0) else {
            Issue.record("one part went through: accepted with a failed part")
            return
        }
        #expect(acceptance.parts.count == 2)
        #expect(acceptance.parts[0].error == nil)
        #expect(acceptance.parts[1].error?.outcome == .throttled(retryAfter: nil))
        #expect(!acceptance.isComplete)
    }

    @Test func countedButMissingPartsAreAmbiguous() {
        let body = #"{"message-count":2,"messages":[{"message-id":"P1","status":"0"}]}"#
        guard case .accepted(let acceptance) = KPNSendResponse.classify(KPNFixture.response(200, body), now: 0) else {
            Issue.record("should be accepted")
            return
        }
        #expect(acceptance.parts.count == 2)
        #expect(acceptance.parts[1].error?.outcome == .ambiguous)
    }

    @Test(arguments: [200, 401, 500, 403])
    func apigeeInvalidTokenFaultAtAnyStatus(status: Int) {
        for code in ["oauth.v2.InvalidAccessToken", "oauth.v2.AccessTokenExpired"] {
            let body = #"{"fault":{"faultstring":"Invalid access token","detail":{"errorcode":"\#(code)"}}}"#
            guard case .tokenRejected = KPNSendResponse.classify(KPNFixture.response(status, body), now: 0) else {
                Issue.record("HTTP \(status) \(code) must ask for a new token, not count as a server error")
                continue
            }
        }
    }

    @Test func nestedGatewayErrorIsRead() {
        let body = #"{"error":{"transactionId":"tx-9","status":503,"name":"ServiceUnavailable","message":"down","info":"i"}}"#
        guard case .failed(let error) = KPNSendResponse.classify(KPNFixture.response(503, body), now: 0) else {
            Issue.record("should fail")
            return
        }
        #expect(error.outcome == .unavailable)
        #expect(error.code == "http 503 ServiceUnavailable")
        #expect(error.message.contains("tx-9"))
    }

    @Test func unknownProxyFaultIsRejected() {
        let body = #"{"fault":{"faultstring":"Unable to identify proxy","detail":{"errorcode":"messaging.adaptors.http.flow.ApplicationNotFound"}}}"#
        guard case .failed(let error) = KPNSendResponse.classify(KPNFixture.response(404, body), now: 0) else {
            Issue.record("should fail")
            return
        }
        #expect(error.outcome == .rejected)
    }

    @Test func throttledReadsTheQuotaResetHeader() {
        let headers = HTTPHeaders([("quota-reset-UTC", "1700000003000")])
        let body = #"{"transactionId":"t","status":"429","name":"TooManyRequests","message":"quota","info":""}"#
        guard case .failed(let error) = KPNSendResponse.classify(KPNFixture.response(429, body, headers: headers), now: 1_700_000_000)
        else {
            Issue.record("should fail")
            return
        }
        #expect(error.outcome == .throttled(retryAfter: 3))
    }

    @Test func retryAfterHeaderWins() {
        let headers = HTTPHeaders([("Retry-After", "7"), ("quota-reset-UTC", "1700000003000")])
        #expect(KPNGatewayError.retryAfter(headers, now: 1_700_000_000) == 7)
        #expect(KPNGatewayError.retryAfter(HTTPHeaders(), now: 1_700_000_000) == nil)
    }

    static let unreadable: [(Int, ProviderOutcome)] = [
        (200, .ambiguous), (202, .ambiguous), (500, .unavailable), (503, .unavailable), (502, .unavailable),
    ]

    @Test("unreadable body → ambiguous after 2xx, unavailable after 5xx", arguments: unreadable)
    func unreadableBody(status: Int, expected: ProviderOutcome) {
        for body in ["<html>oops", "", "{\"messages\":[]}", "[1,2]"] {
            guard case .failed(let error) = KPNSendResponse.classify(KPNFixture.response(status, body), now: 0) else {
                Issue.record("\(status) \(body) should fail")
                continue
            }
            #expect(error.outcome == expected, "\(status) \(body)")
        }
    }

    // MARK: token endpoint

    @Test func tokenResponseWithAllStrings() throws {
        let body = #"{"refresh_token_expires_in":"0","api_product_list":"[SMS-Nexmo]","api_product_list_json":["SMS-Nexmo"],"organization_name":"kpn","developer_email":"demo123@kpn.com","token_type":"Bearer","issued_at":"1521039195424","client_id":"APP_CLIENT_ID","access_token":"haf2SDl07E9N7RluNQ4kJ1TkGgso","application_name":"x","scope":"","expires_in":"3599","refresh_count":"0","status":"approved","level":"demo"}"#
        let token = try KPNToken.parse(KPNFixture.response(200, body), now: 1000)
        #expect(token.accessToken == "haf2SDl07E9N7RluNQ4kJ1TkGgso")
        #expect(token.expiresAt == 4599)
        #expect(token.status == "approved")
        #expect(token.products == ["SMS-Nexmo"])
        #expect(token.level == "demo")
        #expect(!token.description.contains("haf2SDl07E9N7RluNQ4kJ1TkGgso"))
    }

    @Test func tokenResponseWithNumbersAndOnlyTheStringProductList() throws {
        let body = #"{"access_token":"tok","expires_in":120,"api_product_list":"[A, B]"}"#
        let token = try KPNToken.parse(KPNFixture.response(200, body), now: 0)
        #expect(token.expiresAt == 120)
        #expect(token.products == ["A", "B"])
        #expect(token.status == nil)
    }

    static let tokenErrors: [(Int, String, ProviderOutcome)] = [
        (401, #"{"ErrorCode":"invalid_client","Error":"ClientId is Invalid"}"#, .accountProblem),
        (400, #"{"ErrorCode":"invalid_client","Error":"ClientId is Invalid"}"#, .accountProblem),
        (500, #"{"ErrorCode":"invalid_client","Error":"ClientId is Invalid"}"#, .accountProblem),
        (503, "<html>down</html>", .unavailable),
        (429, "{}", .throttled(retryAfter: nil)),
        (200, "<html>", .unavailable),
        (200, #"{"status":"approved"}"#, .unavailable),
    ]

    @Test("token endpoint errors", arguments: tokenErrors)
    func tokenEndpointError(status: Int, body: String, expected: ProviderOutcome) {
        #expect(throws: ProviderError.self) { try KPNToken.parse(KPNFixture.response(status, body), now: 0) }
        do {
            _ = try KPNToken.parse(KPNFixture.response(status, body), now: 0)
        } catch {
            #expect(error.outcome == expected)
        }
    }
}
