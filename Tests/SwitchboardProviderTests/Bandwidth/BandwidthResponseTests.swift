import Foundation
import Switchboard
@testable import SwitchboardBandwidth
import Testing

/// Response parsing (reference §4.2, §4.3, §4.6–4.8), including the tricky shapes.
@Suite("Bandwidth responses")
struct BandwidthResponseTests {
    @Test(arguments: [
        ("/v1/users/u-1/messages/m-abc123", "m-abc123"),
        ("https://api.catapult.inetwork.com/v1/users/u-1/messages/m-abc123", "m-abc123"),
        ("https://api.catapult.inetwork.com/v1/users/u-1/messages/m-abc123/", "m-abc123"),
        (" /v1/users/u-1/messages/m-xyz?x=1 ", "m-xyz"),
    ])
    func idFromLocation(location: String, id: String) throws {
        let acceptance = try BandwidthResponseParser.singleSend(BandwidthFixture.response(201, headers: ["location": location]), now: 0)
        #expect(acceptance.messageIDs == [id])
        #expect(acceptance.isComplete)
    }

    @Test func createdWithoutLocationIsAcceptedWithoutID() throws {
        let acceptance = try BandwidthResponseParser.singleSend(BandwidthFixture.response(201), now: 0)
        #expect(acceptance.parts.count == 1)
        #expect(acceptance.parts[0].messageID == nil)
        #expect(acceptance.parts[0].error == nil)
    }

    @Test(arguments: [200, 202, 204])
    func otherSuccessWithoutLocationIsAmbiguous(_ status: Int) {
        #expect(throws: ProviderError.self) {
            try BandwidthResponseParser.singleSend(BandwidthFixture.response(status, "<html>\u{0}garbage{{"), now: 0)
        }
        do {
            _ = try BandwidthResponseParser.singleSend(BandwidthFixture.response(status, "garbage"), now: 0)
        } catch {
            #expect(error.outcome == .ambiguous)
        }
    }

    @Test(arguments: ["application/json; charset=utf-8", "Application/JSON;charset=UTF-8", "application/json", nil])
    func errorBodyWithAnyJSONContentType(_ contentType: String?) {
        var headers: HTTPHeaders = [:]
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        let body = #"{"category":"credit","code":"insufficient-available-balance","message":"Not enough money","details":[]}"#
        let error = BandwidthResponseParser.error(for: BandwidthFixture.response(403, body, headers: headers), now: 0)
        #expect(error.outcome == .accountProblem)
        #expect(error.code == "insufficient-available-balance")
        #expect(error.message.contains("Not enough money"))
    }

    @Test func nonJSONErrorBodyKeeps79Characters() {
        let text = String(repeating: "x", count: 200)
        let error = BandwidthResponseParser.error(for: BandwidthFixture.response(502, text, headers: ["Content-Type": "text/plain"]), now: 0)
        #expect(error.outcome == .unavailable)
        #expect(error.message.contains(String(repeating: "x", count: 79)))
        #expect(!error.message.contains(String(repeating: "x", count: 80)))
    }

    @Test func jsonErrorWithoutMessageOrCode() {
        let error = BandwidthResponseParser.error(for: BandwidthFixture.response(503, "{}", headers: ["Content-Type": "application/json"]), now: 0)
        #expect(error.outcome == .unavailable)
        #expect(error.code == "http 503")
    }

    @Test func rateLimit403HasNoHintAnd429ResetIsEpochMilliseconds() {
        let body403 = #"{"category":"limit","code":"message-rate-limit","message":"You can send 1 messages per 1 seconds","details":[{"name":"requestMethod","value":"POST"}]}"#
        let limited = BandwidthResponseParser.error(for: BandwidthFixture.response(403, body403, headers: ["Content-Type": "application/json"]), now: 1_000)
        #expect(limited.outcome == .throttled(retryAfter: nil))
        let body429 = #"{"category":"too-many-requests","code":"rate-limit-reached","message":"slow down"}"#
        let reset = BandwidthResponseParser.error(
            for: BandwidthFixture.response(429, body429, headers: ["Content-Type": "application/json", "X-RateLimit-Reset": "1479308598680"]),
            now: 1_479_308_596.180)
        guard case .throttled(let after?) = reset.outcome else {
            Issue.record("expected throttled with a hint, got \(reset.outcome)")
            return
        }
        #expect(abs(after - 2.5) < 0.001)
        let past = BandwidthResponseParser.retryAfter(["x-ratelimit-reset": "1000"], now: 5)
        #expect(past == 0)
        #expect(BandwidthResponseParser.retryAfter(["Retry-After": "3"], now: 0) == 3)
    }

    @Test func bulkPerItemResultsInOrder() throws {
        let body = """
            [{"result":"accepted","location":"https://api.catapult.inetwork.com/v1/users/u-1/messages/m-1"},
             {"result":"error","error":{"category":"bad-request","code":"blank-property","message":"The 'message' resource property 'to' must contain at least one non-whitespace character","details":[]}},
             {"result":"failed","error":{"category":"limit","code":"message-rate-limit","message":"slow"}},
             {"result":"accepted","location":"/v1/users/u-1/messages/m-4"},
             {"result":"error"}]
            """
        let results = try BandwidthResponseParser.bulkSend(BandwidthFixture.response(202, body, headers: ["Content-Type": "application/json"]),
                                                           count: 6, now: 0)
        #expect(results.count == 6)
        #expect((try? results[0].get())?.messageIDs == ["m-1"])
        #expect(outcome(results[1]) == "rejected")
        #expect(outcome(results[2]) == "throttled")
        #expect((try? results[3].get())?.messageIDs == ["m-4"])
        #expect(outcome(results[4]) == "rejected")
        #expect(outcome(results[5]) == "ambiguous")  // missing from a short array
    }

    @Test(arguments: [200, 202])
    func bulkUnreadable2xxIsAmbiguousForAll(_ status: Int) {
        do {
            _ = try BandwidthResponseParser.bulkSend(BandwidthFixture.response(status, "<html>oops"), count: 3, now: 0)
            Issue.record("expected ambiguous")
        } catch {
            #expect(error.outcome == .ambiguous)
        }
    }

    @Test func bulkWholeRequestErrorUsesTheTable() {
        do {
            _ = try BandwidthResponseParser.bulkSend(
                BandwidthFixture.response(403, #"{"category":"limit","code":"multi-message-limit","message":"max 50"}"#,
                                          headers: ["Content-Type": "application/json"]), count: 51, now: 0)
            Issue.record("expected an error")
        } catch {
            #expect(error.outcome == .rejected)
            #expect(error.code == "multi-message-limit")
        }
    }

    @Test(arguments: [
        (200, #"{"balance":"538.37250","accountType":"pre-pay"}"#, "healthy", 538.3725 as Double?),
        (200, #"{"balance":"0.00000","accountType":"pre-pay"}"#, "down", 0),
        (200, #"{"balance":"-5","accountType":"post-pay"}"#, "healthy", -5),
        (200, #"{"balance":12.5,"accountType":"pre-pay"}"#, "healthy", 12.5),
        (200, "not json", "degraded", nil),
        (401, #"{"category":"authorization","code":"user-access-denied","message":"no"}"#, "down", nil),
        (429, #"{"category":"too-many-requests","code":"rate-limit-reached","message":"1/s"}"#, "degraded", nil),
        (503, "", "down", nil),
    ])
    func healthFromAccount(status: Int, body: String, verdict: String, balance: Double?) {
        let health = BandwidthProvider.health(from: BandwidthFixture.response(status, body, headers: ["Content-Type": "application/json"]), now: 0)
        #expect(health.status.rawValue == verdict)
        #expect(health.balance == balance)
        if status == 200, balance != nil { #expect(health.currency == "USD") }
    }

    @Test(arguments: [
        (HTTPTransportError.notSent(reason: "connection refused"), "unavailable"),
        (.ambiguous(reason: "timeout after sending"), "ambiguous"),
        (.cancelled, "ambiguous"),
        (.invalidRequest(reason: "bad url"), "unavailable"),
    ])
    func transportErrors(error: HTTPTransportError, expected: String) {
        #expect(BandwidthProvider.transportError(error).outcome.name == expected)
    }

    func outcome(_ result: Result<ProviderAcceptance, ProviderError>) -> String {
        if case .failure(let error) = result { return error.outcome.name }
        return "accepted"
    }
}
