import Switchboard
import SwitchboardVonage
import Testing

@Suite("Vonage send responses")
struct VonageResponseTests {
    static func parse(_ body: String, status: Int = 200) throws(ProviderError) -> ProviderAcceptance {
        try VonageProvider.parseSendResponse(HTTPResponse(status: status, body: Array(body.utf8)))
    }

    static func failure(_ body: String, status: Int = 200) -> ProviderError? {
        do {
            _ = try parse(body, status: status)
            return nil
        } catch {
            return error
        }
    }

    @Test func specExampleWithStringValues() throws {
        let acceptance = try Self.parse(#"""
            {"message-count":"1","messages":[{"to":"447700900000","message-id":"0A0000000123ABCD1","status":"0",
             "remaining-balance":"3.14159265","message-price":"0.03330000","network":"12345",
             "client-ref":"my-personal-reference","account-ref":"customer1234"}]}
            """#)
        #expect(acceptance.messageIDs == ["0A0000000123ABCD1"])
        #expect(acceptance.price == 0.0333)
        #expect(acceptance.remainingBalance == 3.14159265)
        #expect(acceptance.currency == "EUR")
        #expect(acceptance.isComplete)
    }

    @Test func longMessageHasOnePartPerEntryAndSumsPrices() throws {
        let acceptance = try Self.parse(#"""
            {"message-count":"2","messages":[
             {"to":"447700900000","message-id":"0A00000001","status":"0","remaining-balance":"3.10","message-price":"0.03330000","network":"12345"},
             {"to":"447700900000","message-id":"0A00000002","status":"0","remaining-balance":"3.06","message-price":"0.03330000","network":"12345"}]}
            """#)
        #expect(acceptance.parts.count == 2)
        #expect(acceptance.messageIDs == ["0A00000001", "0A00000002"])
        #expect(abs((acceptance.price ?? 0) - 0.0666) < 1e-9)
        #expect(acceptance.remainingBalance == 3.06)  // the lowest, as libnexmo reads it
    }

    @Test func partialFailureThrowsWithTheAcceptedParts() throws {
        let error = try #require(Self.failure(#"""
            {"message-count":"2","messages":[
             {"to":"447700900000","message-id":"0A00000001","status":"0","remaining-balance":"3.10","message-price":"0.03330000","network":"12345"},
             {"status":"1","error-text":"Throttled"}]}
            """#))
        #expect(error.outcome == .throttled(retryAfter: nil))
        #expect(error.code == "1")
        let partial = try #require(error.partial)
        #expect(partial.parts.count == 2)
        #expect(partial.messageIDs == ["0A00000001"])
        #expect(partial.parts[1].error?.code == "1")
        #expect(!partial.isComplete)
        #expect(partial.price == 0.0333)
    }

    @Test func errorFixtureIsRejected() throws {
        let error = try #require(Self.failure(#"{"message-count":"1","messages":[{"status":"7","error-text":"Number barred."}]}"#))
        #expect(error.outcome == .rejected)
        #expect(error.message.contains("Number barred."))
        #expect(error.partial == nil)
    }

    @Test func numbersInsteadOfStringsAreTolerated() throws {
        let acceptance = try Self.parse(#"{"message-count":1,"messages":[{"message-id":"X1","status":0,"message-price":0.05,"remaining-balance":9.5}]}"#)
        #expect(acceptance.messageIDs == ["X1"])
        #expect(acceptance.price == 0.05)
    }

    @Test(arguments: ["", "not json", "{}", #"{"messages":[]}"#, #"{"message-count":"1","messages":[{"message-id":"X"}]}"#, "[1,2]"])
    func unreadable2xxIsAmbiguous(body: String) throws {
        let error = try #require(Self.failure(body))
        #expect(error.outcome == .ambiguous)
    }

    @Test func unreadable5xxIsUnavailable() throws {
        let error = try #require(Self.failure("Service Unavailable", status: 503))
        #expect(error.outcome == .unavailable)
        #expect(error.code == "http 503")
    }

    @Test func balanceResponses() {
        let healthy = VonageProvider.parseBalanceResponse(HTTPResponse(status: 200, body: Array(#"{"value": 10.17127500, "autoReload": false}"#.utf8)))
        #expect(healthy.status == .healthy)
        #expect(healthy.balance == 10.171275)
        #expect(healthy.currency == "EUR")
        let denied = VonageProvider.parseBalanceResponse(HTTPResponse(status: 401, body: Array(#"{"error-code":"401","error-code-label":"authentication failed"}"#.utf8)))
        #expect(denied.status == .down)
        #expect(denied.outcome == .accountProblem)
        let empty = VonageProvider.parseBalanceResponse(HTTPResponse(status: 200, body: Array(#"{"value": 0, "autoReload": false}"#.utf8)))
        #expect(empty.status == .down)
        #expect(empty.outcome == .accountProblem)
        let garbage = VonageProvider.parseBalanceResponse(HTTPResponse(status: 200, body: Array("<html>".utf8)))
        #expect(garbage.status == .down)
        #expect(garbage.outcome == .unavailable)
    }
}
