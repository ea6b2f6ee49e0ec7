import Foundation
import Switchboard
import SwitchboardSimulator
import Testing

/// The simulated SMS.CX API, called directly (no HTTP).
@Suite("SMS.CX simulation")
struct SMSCXSimulationTests {
    static func context(balance: Double = 100) -> SimulatorContext {
        SimulatorContext(kind: "smscx", credentials: SimulatorCredentials(key: SMSCXFixture.apiKey, secret: SMSCXFixture.applicationSecret),
                         baseURL: "http://127.0.0.1:1", balance: balance, pricePerSegment: 0.05)
    }

    static func send(_ body: String, key: String = SMSCXFixture.apiKey) -> SimulatorRequest {
        SimulatorRequest(method: "POST", path: "/sms", headers: ["X-API-KEY": key, "Content-Type": "application/json"],
                         body: Array(body.utf8))
    }

    static func object(_ response: SimulatorResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    static func errorType(_ response: SimulatorResponse) -> (String?, Int?) {
        let error = object(response)["error"] as? [String: Any]
        return (error?["type"] as? String, error?["code"] as? Int)
    }

    @Test func acceptsChargesAndSchedulesABatchedReceipt() async {
        let simulation = SMSCXSimulation()
        let context = Self.context()
        let body = #"{"to":["+31612345678","+4915112345678"],"from":"InfoText","text":"Hi","idempotencyId":"9b2f6c1e-3d4a-4e5f-8a7b-112233445566","dlrCallbackUrl":"http://127.0.0.1:2/dlr"}"#
        let response = await simulation.handle(Self.send(body), context: context)
        #expect(response.status == 200)
        let data = Self.object(response)["data"] as? [[String: Any]] ?? []
        #expect(data.map { $0["status"] as? String } == ["ACCEPTED", "ACCEPTED"])
        #expect(data.map { $0["to"] as? String } == ["+31612345678", "+4915112345678"])
        #expect(abs(context.balance - 99.9) < 1e-9)
        #expect(response.headers.contains { $0.0 == "X-Idempotency-Id" && $0.1 == "9b2f6c1e-3d4a-4e5f-8a7b-112233445566" })
        #expect(response.headers.contains { $0.0 == "X-Rate-Limit-Remaining" })
        let callbacks = context.takeScheduledCallbacks()
        #expect(callbacks.count == 1)
        #expect(callbacks.first?.request.url == "http://127.0.0.1:2/dlr")
        let webhook = (try? JSONSerialization.jsonObject(with: Data(callbacks.first?.request.body ?? [])) as? [String: Any]) ?? [:]
        #expect(webhook["event"] as? String == "dlr_update")
        #expect((webhook["data"] as? [[String: Any]])?.count == 2)
    }

    @Test func sameIdempotencyIdSameAnswerNoSecondCharge() async {
        let simulation = SMSCXSimulation()
        let context = Self.context()
        let body = #"{"to":"+31612345678","from":"InfoText","text":"Hi","idempotencyId":"9b2f6c1e-3d4a-4e5f-8a7b-112233445566"}"#
        let first = await simulation.handle(Self.send(body), context: context)
        let second = await simulation.handle(Self.send(body), context: context)
        #expect(first.body == second.body)
        #expect(context.acceptedSends == 1)
        #expect(abs(context.balance - 99.95) < 1e-9)
    }

    @Test func unicodeCostsMoreParts() async {
        let simulation = SMSCXSimulation()
        let context = Self.context()
        let text = String(repeating: "Ж", count: 71)  // UCS-2: 2 parts
        let response = await simulation.handle(Self.send(#"{"to":"+31612345678","from":"InfoText","text":"\#(text)"}"#), context: context)
        let data = (Self.object(response)["data"] as? [[String: Any]])?.first
        #expect(data?["parts"] as? Int == 2)
        #expect(abs(context.balance - 99.9) < 1e-9)
    }

    @Test("validation like the real API", arguments: [
        (#"{"from":"InfoText","text":"Hi"}"#, 400, "invalid_param", 1104),
        (#"{"to":"+31612345678","text":"Hi"}"#, 400, "invalid_param", 1105),
        (#"{"to":"+31612345678","from":"ab","text":"Hi"}"#, 400, "invalid_param", 1106),
        (#"{"to":"+31612345678","from":"InfoText"}"#, 400, "invalid_param", 1107),
        (#"{"to":"+31612345678","from":"InfoText","text":"Hi","dlrCallbackUrl":"nope"}"#, 400, "invalid_param", 1109),
        (#"{"to":"+31612345678","from":"InfoText","text":"Hi","transliteration":{"alphabet":"KLINGON"}}"#, 400, "invalid_param", 1110),
        (#"{"to":"+31612345678","from":"InfoText","text":"Hi","idempotencyId":"nope"}"#, 400, "invalid_param", 1111),
        (#"{"to":"+31612345678","from":"InfoText","text":"Hi","transliteration":"NONE"}"#, 400, "invalid_param", 1135),
        (#"{"to":"+31612345678","from":"InfoText","text":"Hi","transliteration":{"alphabet":"NONE","removeEmojis":"yes"}}"#, 400, "invalid_param", 1503),
        (#"{"to":"+316","from":"InfoText","text":"Hi"}"#, 400, "invalid_param", 1207),
        (#"{"to":["+316","+317"],"from":"InfoText","text":"Hi"}"#, 400, "invalid_param", 1210),
        (#"{"to":"+88212345678","from":"InfoText","text":"Hi"}"#, 403, "no_coverage", 1119),
        ("not json", 400, "invalid_body", 1101),
    ])
    func validation(body: String, status: Int, type: String, code: Int) async {
        let context = Self.context()
        let response = await SMSCXSimulation().handle(Self.send(body), context: context)
        #expect(response.status == status)
        let (gotType, gotCode) = Self.errorType(response)
        #expect(gotType == type)
        #expect(gotCode == code)
        #expect(context.acceptedSends == 0)
    }

    @Test func invalidNumbersInBothPlaces() async {
        let one = await SMSCXSimulation().handle(Self.send(#"{"to":"+316","from":"InfoText","text":"Hi"}"#), context: Self.context())
        #expect((Self.object(one)["error"] as? [String: Any])?["invalid"] as? [String] == ["+316"])
        let two = await SMSCXSimulation().handle(Self.send(#"{"to":["+316","+317"],"from":"InfoText","text":"Hi"}"#),
                                                 context: Self.context())
        #expect(Self.object(two)["invalid"] as? [String] == ["+316", "+317"])
    }

    @Test func bulkWithNoCoverageOptOutAndAllowInvalid() async {
        let simulation = SMSCXSimulation(optedOut: ["+447700900123"])
        let body = #"{"to":["+31612345678","+88212345678","+447700900123","+316"],"from":"InfoText","text":"Hi","allowInvalid":true}"#
        let response = await simulation.handle(Self.send(body), context: Self.context())
        let object = Self.object(response)
        let statuses = (object["data"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "" }
        #expect(statuses == ["ACCEPTED", "NO COVERAGE", "REJECTED"])
        #expect((object["info"] as? [String: Any])?["invalid"] as? [String] == ["+316"])
    }

    @Test func insufficientCredit() async {
        let response = await SMSCXSimulation().handle(Self.send(#"{"to":"+31612345678","from":"InfoText","text":"Hi"}"#),
                                                      context: Self.context(balance: 0.01))
        #expect(response.status == 400)
        #expect(Self.errorType(response).0 == "insufficient_credit")
        #expect(Self.errorType(response).1 == 1113)
    }

    @Test func wrongKeyAndMissingAuth() async {
        let wrong = await SMSCXSimulation().handle(Self.send("{}", key: "nope"), context: Self.context())
        #expect(wrong.status == 401)
        #expect(Self.errorType(wrong).0 == "invalid_api_key")
        let none = await SMSCXSimulation().handle(SimulatorRequest(method: "GET", path: "/account/balance"), context: Self.context())
        #expect(none.status == 401)
    }

    @Test func oauthTokenFlow() async {
        let context = Self.context()
        let simulation = SMSCXSimulation()
        let basic = "Basic " + Data("\(SMSCXFixture.apiKey):\(SMSCXFixture.applicationSecret)".utf8).base64EncodedString()
        let tokenResponse = await simulation.handle(SimulatorRequest(
            method: "POST", path: "/oauth/token", headers: ["Authorization": basic],
            body: Array("grant_type=client_credentials".utf8)), context: context)
        #expect(tokenResponse.status == 200)
        let token = Self.object(tokenResponse)["access_token"] as? String ?? ""
        #expect(Self.object(tokenResponse)["expires_in"] is Int)
        let balance = await simulation.handle(SimulatorRequest(method: "GET", path: "/account/balance",
                                                               headers: ["Authorization": "Bearer \(token)"]), context: context)
        #expect(balance.status == 200)
        #expect(Self.object(balance)["currency"] as? String == "eur")
        context.expireTokens()
        let expired = await simulation.handle(SimulatorRequest(method: "GET", path: "/account/balance",
                                                               headers: ["Authorization": "Bearer \(token)"]), context: context)
        #expect(expired.status == 401)
        let badSecret = "Basic " + Data("\(SMSCXFixture.apiKey):wrong".utf8).base64EncodedString()
        let refused = await simulation.handle(SimulatorRequest(method: "POST", path: "/oauth/token", headers: ["Authorization": badSecret],
                                                               body: Array("grant_type=client_credentials".utf8)), context: context)
        #expect(refused.status == 401)
        #expect(Self.errorType(refused) == ("invalid_client", 1600))
        let noGrant = await simulation.handle(SimulatorRequest(method: "POST", path: "/oauth/token", headers: ["Authorization": basic]),
                                              context: context)
        #expect(Self.errorType(noGrant) == ("invalid_request", 1600))
    }

    @Test("faults in SMS.CX's words", arguments: [
        (InjectedFault.throttled, 429, "rate_limit"), (.serverError, 500, "server_error"),
        (.accountProblem, 400, "insufficient_credit"), (.noCoverage, 403, "no_coverage"), (.rejected, 400, "invalid_param"),
        (.expiredToken, 401, "invalid_api_key"),
    ])
    func faults(fault: InjectedFault, status: Int, type: String) {
        let context = Self.context()
        let request = Self.send(#"{"to":"+31612345678","from":"InfoText","text":"Hi"}"#)
        let response = SMSCXSimulation().response(for: fault, to: request, context: context)
        #expect(response?.status == status)
        #expect(response.map { Self.errorType($0).0 } == type)
        if fault == .throttled { #expect(response?.headers.contains { $0.0 == "X-Rate-Limit-Reset" } == true) }
        #expect(SMSCXSimulation().response(for: fault, to: SimulatorRequest(method: "GET", path: "/account/balance"),
                                           context: context) == nil)
    }

    @Test func channelStatusAndUnknownPaths() async {
        let simulation = SMSCXSimulation()
        let get = SimulatorRequest(method: "GET", path: "/account/channels/status", headers: ["X-API-KEY": SMSCXFixture.apiKey])
        #expect(Self.object(await simulation.handle(get, context: Self.context()))["sms"] as? Bool == true)
        simulation.setSMSChannelEnabled(false)
        #expect(Self.object(await simulation.handle(get, context: Self.context()))["sms"] as? Bool == false)
        let missing = await simulation.handle(SimulatorRequest(method: "GET", path: "/nope"), context: Self.context())
        #expect(missing.status == 404)
        let method = await simulation.handle(SimulatorRequest(method: "GET", path: "/sms"), context: Self.context())
        #expect(method.status == 405)
    }
}
