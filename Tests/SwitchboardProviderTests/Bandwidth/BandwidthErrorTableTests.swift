import Switchboard
@testable import SwitchboardBandwidth
import Testing

/// Every code of reference §4.6 → one outcome class, through a real error response.
@Suite("Bandwidth error table")
struct BandwidthErrorTableTests {
    struct Case: Sendable, CustomStringConvertible {
        var status: Int
        var category: String
        var code: String
        var expected: String
        var description: String { "\(status) \(code) → \(expected)" }
    }

    static let cases: [Case] = [
        .init(status: 400, category: "bad-request", code: "validation-error", expected: "rejected"),
        .init(status: 400, category: "bad-request", code: "blank-property", expected: "rejected"),
        .init(status: 400, category: "bad-request", code: "callback-invalid-url", expected: "rejected"),
        .init(status: 400, category: "bad-request", code: "message-delay-limit", expected: "throttled"),
        .init(status: 401, category: "authorization", code: "number-access-denied", expected: "routeRejected"),
        .init(status: 401, category: "authorization", code: "user-access-denied", expected: "accountProblem"),
        .init(status: 403, category: "credit", code: "insufficient-available-balance", expected: "accountProblem"),
        .init(status: 403, category: "limit", code: "message-rate-limit", expected: "throttled"),
        .init(status: 403, category: "limit", code: "message-rate-limit-overall", expected: "throttled"),
        .init(status: 403, category: "limit", code: "message-rate-limit-per-tn", expected: "throttled"),
        .init(status: 403, category: "limit", code: "multi-message-limit", expected: "rejected"),
        .init(status: 403, category: "forbidden", code: "restricted-number", expected: "rejected"),
        .init(status: 403, category: "forbidden", code: "message-from-toll-free", expected: "rejected"),
        .init(status: 403, category: "forbidden", code: "media-too-large", expected: "rejected"),
        .init(status: 404, category: "not-found", code: "message-not-found", expected: "rejected"),
        .init(status: 404, category: "not-found", code: "user-not-found", expected: "accountProblem"),
        .init(status: 429, category: "too-many-requests", code: "rate-limit-reached", expected: "throttled"),
        .init(status: 503, category: "unavailable", code: "gateway-unavailable", expected: "ambiguous"),
        .init(status: 503, category: "unavailable", code: "message-gateway-unavailable", expected: "ambiguous"),
        .init(status: 503, category: "unavailable", code: "message-delivery-failed", expected: "ambiguous"),
        .init(status: 503, category: "unavailable", code: "internal-error", expected: "ambiguous"),
        .init(status: 500, category: "payment", code: "pre-pay-balance-exceeded", expected: "accountProblem"),
        .init(status: 500, category: "backend", code: "backend-error", expected: "unavailable"),
        // Unknown codes fall back to the category, then to the status.
        .init(status: 403, category: "limit", code: "some-new-limit", expected: "throttled"),
        .init(status: 403, category: "credit", code: "some-new-credit-code", expected: "accountProblem"),
        .init(status: 418, category: "teapot", code: "unknown", expected: "rejected"),
        .init(status: 502, category: "gateway", code: "unknown", expected: "unavailable"),
        .init(status: 401, category: "x", code: "unknown", expected: "accountProblem"),
    ]

    @Test(arguments: cases)
    func mapsEveryCode(_ c: Case) {
        let body = #"{"category":"\#(c.category)","code":"\#(c.code)","message":"m","details":[]}"#
        let error = BandwidthResponseParser.error(for: BandwidthFixture.response(c.status, body,
                                                                                  headers: ["Content-Type": "application/json"]), now: 0)
        #expect(error.outcome.name == c.expected)
        #expect(error.code == c.code)
    }

    @Test(arguments: [(500, "unavailable"), (502, "unavailable"), (503, "unavailable"), (504, "unavailable"),
                      (401, "accountProblem"), (402, "accountProblem"), (400, "rejected"), (404, "rejected"),
                      (429, "throttled"), (408, "unavailable")])
    func statusAloneWithoutABody(status: Int, expected: String) {
        let error = BandwidthResponseParser.error(for: BandwidthFixture.response(status, "<html>Bad Gateway</html>",
                                                                                  headers: ["Content-Type": "text/html"]), now: 0)
        #expect(error.outcome.name == expected)
        #expect(error.code == "http \(status)")
    }

    @Test func everyTableEntryHasAnOutcomeAndThrottledCarriesTheHint() {
        for (code, _) in BandwidthErrorTable.codes {
            let outcome = BandwidthErrorTable.outcome(status: nil, category: nil, code: code, retryAfter: 7)
            if case .throttled(let after) = outcome { #expect(after == 7, "\(code)") }
        }
        #expect(BandwidthErrorTable.codes.count == 20)
    }
}
