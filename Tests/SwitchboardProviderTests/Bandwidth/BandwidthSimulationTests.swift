import Foundation
import Switchboard
@testable import SwitchboardBandwidth
import SwitchboardSimulator
import Testing

/// The simulated API called directly (no HTTP), checked with the plugin's own parsers.
@Suite("Bandwidth simulation")
struct BandwidthSimulationTests {
    let simulation = BandwidthSimulation()

    static func context(balance: Double = 100) -> SimulatorContext {
        let context = SimulatorContext(kind: "bandwidth",
                                       credentials: SimulatorCredentials(key: BandwidthFixture.apiToken, secret: BandwidthFixture.apiSecret,
                                                                         userID: BandwidthFixture.userID),
                                       baseURL: "http://127.0.0.1:4242", balance: balance, pricePerSegment: 0.0075)
        context.setReceiptDelay(0.01)
        return context
    }

    static func request(_ method: String = "POST", path: String = "/v1/users/\(BandwidthFixture.userID)/messages", body: String = "",
                        token: String = BandwidthFixture.apiToken, secret: String = BandwidthFixture.apiSecret) -> SimulatorRequest {
        let basic = "Basic " + Data("\(token):\(secret)".utf8).base64EncodedString()
        return SimulatorRequest(method: method, path: path, headers: ["Authorization": basic, "Content-Type": "application/json"],
                                body: Array(body.utf8))
    }

    static let single = #"{"from":"+19195551212","to":"+13865245000","text":"Hello","callbackUrl":"http://127.0.0.1:9/cb","receiptRequested":"all","tag":"sb-1"}"#

    func response(_ r: SimulatorResponse) -> HTTPResponse {
        HTTPResponse(status: r.status, headers: HTTPHeaders(r.headers), body: r.body)
    }

    @Test func singleSendCreatesWithLocationChargesAndSchedulesAReceipt() async throws {
        let context = Self.context()
        let answer = await simulation.handle(Self.request(body: Self.single), context: context)
        #expect(answer.status == 201)
        #expect(answer.body.isEmpty)
        let acceptance = try BandwidthResponseParser.singleSend(response(answer), now: 0)
        let id = try #require(acceptance.messageIDs.first)
        #expect(id.hasPrefix("m-"))
        #expect(abs(context.balance - (100 - 0.0075)) < 1e-9)
        let callbacks = context.takeScheduledCallbacks()
        #expect(callbacks.count == 1)
        #expect(callbacks.first?.request.url == "http://127.0.0.1:9/cb")
        #expect(callbacks.first?.delay == 0.01)
        let request = try #require(callbacks.first?.request)
        let events = try BandwidthProvider.events(from: WebhookRequest(method: "POST", path: "/cb", headers: request.headers, body: request.body))
        guard case .receipt(let receipt)? = events.first else {
            Issue.record("expected a receipt")
            return
        }
        #expect(receipt.providerMessageID == id)
        #expect(receipt.clientReference == "sb-1")
        #expect(receipt.state == .delivered)
    }

    @Test func failedDrawGivesNotDeliveredAndGETCallbacksUseAQuery() async throws {
        let context = Self.context()
        context.setDeliveredRatio(0)
        let body = #"{"from":"+19195551212","to":"+13865245000","text":"Hello","callbackUrl":"http://127.0.0.1:9/cb","callbackHttpMethod":"GET","receiptRequested":"error","tag":"sb-2"}"#
        #expect(await simulation.handle(Self.request(body: body), context: context).status == 201)
        let request = try #require(context.takeScheduledCallbacks().first?.request)
        #expect(request.method == .get)
        let query = FormEncoding.decode(String(request.url.split(separator: "?", maxSplits: 1)[1]))
        guard case .receipt(let receipt)? = try BandwidthProvider.events(from: WebhookRequest(method: "GET", path: "/cb", query: query)).first else {
            Issue.record("expected a receipt")
            return
        }
        #expect(receipt.state == .failed)
        #expect(receipt.errorCode == "650")
    }

    @Test func noReceiptWhenNotRequestedAndDefaultURLOtherwise() async {
        let context = Self.context()
        context.setDefaultCallbackURL("http://127.0.0.1:9/default")
        let none = #"{"from":"+19195551212","to":"+13865245000","text":"Hello","receiptRequested":"none"}"#
        _ = await simulation.handle(Self.request(body: none), context: context)
        #expect(context.takeScheduledCallbacks().isEmpty)
        let all = #"{"from":"+19195551212","to":"+13865245000","text":"Hello","receiptRequested":"all"}"#
        _ = await simulation.handle(Self.request(body: all), context: context)
        #expect(context.takeScheduledCallbacks().map(\.request.url) == ["http://127.0.0.1:9/default"])
    }

    @Test(arguments: [
        ("wrong secret", 401, "user-access-denied"),
        ("other user", 404, "user-not-found"),
        ("blank to", 400, "blank-property"),
        ("alphanumeric from", 401, "number-access-denied"),
        ("bad to", 400, "validation-error"),
        ("not json", 400, "invalid-json"),
        ("51 messages", 403, "multi-message-limit"),
        ("broke", 403, "insufficient-available-balance"),
    ])
    func errorsHaveTheRealShape(name: String, status: Int, code: String) async {
        let context = Self.context(balance: name == "broke" ? 0 : 100)
        var request = Self.request(body: Self.single)
        switch name {
        case "wrong secret": request = Self.request(body: Self.single, secret: "nope")
        case "other user": request = Self.request(path: "/v1/users/u-someoneelse/messages", body: Self.single)
        case "blank to": request = Self.request(body: #"{"from":"+19195551212","to":" ","text":"x"}"#)
        case "alphanumeric from": request = Self.request(body: #"{"from":"InfoText","to":"+13865245000","text":"x"}"#)
        case "bad to": request = Self.request(body: #"{"from":"+19195551212","to":"3865245000","text":"x"}"#)
        case "not json": request = Self.request(body: "from=+1")
        case "51 messages": request = Self.request(body: "[" + Array(repeating: Self.single, count: 51).joined(separator: ",") + "]")
        default: break
        }
        let answer = await simulation.handle(request, context: context)
        #expect(answer.status == status)
        let json = BandwidthFixture.jsonObject(answer.body)
        #expect(json["code"] as? String == code)
        #expect(json["category"] is String)
        #expect(json["message"] is String)
        #expect(json["details"] is [Any])
        #expect(context.takeScheduledCallbacks().isEmpty)
    }

    @Test func bulkAnswers202WithPerItemResults() async throws {
        let context = Self.context()
        let bad = #"{"from":"+19195551212","to":"","text":"x"}"#
        let answer = await simulation.handle(Self.request(body: "[\(Self.single),\(bad),\(Self.single)]"), context: context)
        #expect(answer.status == 202)
        let results = try BandwidthResponseParser.bulkSend(response(answer), count: 3, now: 0)
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true])
        #expect(context.takeScheduledCallbacks().count == 2)
        #expect(context.acceptedSends == 2)
    }

    @Test func accountBalanceIsAString() async {
        let context = Self.context(balance: 12.5)
        let answer = await simulation.handle(Self.request("GET", path: "/v1/users/\(BandwidthFixture.userID)/account"), context: context)
        #expect(answer.status == 200)
        #expect(BandwidthFixture.jsonObject(answer.body)["balance"] as? String == "12.50000")
        let health = BandwidthProvider.health(from: response(answer), now: 0)
        #expect(health.status == .healthy)
        #expect(health.balance == 12.5)
        #expect(!simulation.isSend(Self.request("GET", path: "/v1/users/u-1/account")))
        #expect(simulation.isSend(Self.request(body: Self.single)))
    }

    @Test(arguments: InjectedFault.allCases)
    func faultsUseTheRealWireAnswer(_ fault: InjectedFault) throws {
        let context = Self.context()
        let answer = try #require(simulation.response(for: fault, to: Self.request(body: Self.single), context: context))
        let error = BandwidthResponseParser.error(for: response(answer), now: 0)
        let expected: [InjectedFault: String] = [
            .throttled: "throttled", .serverError: "unavailable", .accountProblem: "accountProblem",
            .noCoverage: "rejected", .rejected: "rejected", .expiredToken: "accountProblem",
        ]
        #expect(error.outcome.name == expected[fault])
        #expect(simulation.response(for: fault, to: Self.request("GET", path: "/v1/users/u-1/account"), context: context) == nil)
    }

    @Test func inboundCallbackIsTheDocumentedShape() throws {
        let context = Self.context()
        let callbacks = try #require(simulation.inboundCallback(from: "+13233326955", to: "+13865245000", text: "Example",
                                                                url: "http://127.0.0.1:9/in", context: context))
        let request = try #require(callbacks.first?.request)
        #expect(request.headers["content-type"] == "application/json; charset=utf-8")
        guard case .inbound(let message)? = try BandwidthProvider.events(from: WebhookRequest(method: "POST", path: "/in", headers: request.headers,
                                                                                              body: request.body)).first else {
            Issue.record("expected inbound")
            return
        }
        #expect(message.text == "Example")
        #expect(message.from == "13233326955")
    }
}
