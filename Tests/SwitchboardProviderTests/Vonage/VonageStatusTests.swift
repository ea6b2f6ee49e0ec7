import Foundation
import Switchboard
import SwitchboardVonage
import Testing

@Suite("Vonage status mapping")
struct VonageStatusTests {
    /// Every status in provider reference §1.4 (legacy codes included) with its class.
    static let expected: [(String, String)] = [
        ("0", "accepted"), ("1", "throttled"), ("2", "rejected"), ("3", "rejected"), ("4", "accountProblem"),
        ("5", "unavailable"), ("6", "routeRejected"), ("7", "rejected"), ("8", "accountProblem"),
        ("9", "accountProblem"), ("10", "throttled"), ("11", "accountProblem"), ("12", "rejected"),
        ("13", "unavailable"), ("14", "accountProblem"), ("15", "routeRejected"), ("16", "rejected"),
        ("19", "accountProblem"), ("20", "rejected"), ("22", "rejected"), ("23", "accountProblem"),
        ("29", "routeRejected"), ("32", "accountProblem"), ("33", "rejected"), ("34", "rejected"),
        ("99", "rejected"), ("42", "rejected"),  // unknown non-zero: failed
    ]

    @Test(arguments: expected)
    func statusClass(status: String, outcome: String) {
        #expect(VonageStatus.outcome(for: status).name == outcome)
    }

    @Test func tableCoversTheReference() {
        let documented = Set(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
                              "19", "20", "22", "23", "29", "32", "33", "34"])
        #expect(Set(VonageStatus.table.keys) == documented)
    }

    /// A one-part error answer (HTTP 200) throws the status' class with Vonage's code.
    @Test(arguments: expected.filter { $0.0 != "0" })
    func errorResponseThrowsTheClass(status: String, outcome: String) {
        let body = #"{"message-count":"1","messages":[{"status":"\#(status)","error-text":"Some text"}]}"#
        #expect {
            _ = try VonageProvider.parseSendResponse(HTTPResponse(status: 200, body: Array(body.utf8)))
        } throws: { error in
            guard let error = error as? ProviderError else { return false }
            return error.outcome.name == outcome && error.code == status && error.partial == nil
        }
    }

    @Test(arguments: [
        (200, "accepted"), (400, "rejected"), (401, "accountProblem"), (403, "accountProblem"), (404, "unavailable"),
        (429, "throttled"), (500, "unavailable"), (502, "unavailable"), (503, "unavailable"), (504, "ambiguous"),
    ])
    func httpStatusClass(status: Int, outcome: String) {
        if status == 200 { return }
        #expect(VonageProvider.outcome(forHTTPStatus: status).name == outcome)
        // A non-JSON body on such a status gets the HTTP class, not "ambiguous".
        #expect {
            _ = try VonageProvider.parseSendResponse(HTTPResponse(status: status, body: Array("<html>oops</html>".utf8)))
        } throws: { ($0 as? ProviderError)?.outcome.name == outcome }
    }

    @Test func retryAfterIsPassedOnFor429() {
        #expect {
            _ = try VonageProvider.parseSendResponse(HTTPResponse(status: 429, headers: ["Retry-After": "3"], body: []))
        } throws: { ($0 as? ProviderError)?.outcome == .throttled(retryAfter: 3) }
    }

    @Test(arguments: [
        ("delivered", DeliveryState.delivered), ("expired", .failed), ("failed", .failed), ("rejected", .failed),
        ("accepted", .pending), ("buffered", .pending), ("unknown", .unknown), ("something-new", .unknown),
    ])
    func receiptStates(status: String, state: DeliveryState) {
        #expect(VonageProvider.deliveryState(status) == state)
    }
}
