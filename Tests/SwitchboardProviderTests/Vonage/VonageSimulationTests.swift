import Foundation
import Switchboard
import SwitchboardSimulator
import SwitchboardVonage
import Testing

@Suite("Vonage simulation")
struct VonageSimulationTests {
    static func context(balance: Double = 100, signatureSecret: String = VonageFixture.signatureSecret) -> SimulatorContext {
        let context = SimulatorContext(kind: "vonage", credentials: .init(key: VonageFixture.apiKey, secret: VonageFixture.apiSecret,
                                                                          signatureSecret: signatureSecret),
                                       baseURL: "http://127.0.0.1:1", balance: balance, pricePerSegment: 0.05)
        context.setReceiptDelay(0.01)
        return context
    }

    static func send(_ fields: [(String, String)], headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"],
                     simulation: VonageSimulation = VonageSimulation(), context: SimulatorContext) async -> SimulatorResponse {
        await simulation.handle(SimulatorRequest(method: "POST", path: "/sms/json", headers: headers, body: Array(FormEncoding.encode(fields).utf8)),
                                context: context)
    }

    static let credentials = [("api_key", VonageFixture.apiKey), ("api_secret", VonageFixture.apiSecret)]
    static let message = [("from", "InfoText"), ("to", "447700900000"), ("text", "Hello"), ("client-ref", "msg-1"),
                          ("callback", "http://127.0.0.1:2/dlr")]

    static func parse(_ response: SimulatorResponse) throws(ProviderError) -> ProviderAcceptance {
        try VonageProvider.parseSendResponse(HTTPResponse(status: response.status, body: response.body))
    }

    static func statusOf(_ response: SimulatorResponse) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let messages = object["messages"] as? [[String: Any]] else { return nil }
        return messages.first?["status"] as? String
    }

    @Test func acceptsAndAnswersWithStringValues() async throws {
        let context = Self.context()
        let response = await Self.send(Self.credentials + Self.message, context: context)
        #expect(response.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(object["message-count"] as? String == "1")
        let entry = try #require((object["messages"] as? [[String: Any]])?.first)
        for key in ["to", "message-id", "status", "remaining-balance", "message-price", "network", "client-ref"] {
            #expect(entry[key] is String, "\(key) must be a string")
        }
        #expect(entry["client-ref"] as? String == "msg-1")
        #expect(context.balance == 99.95)
        let acceptance = try Self.parse(response)
        #expect(acceptance.remainingBalance == 99.95)
    }

    @Test func longTextGetsOneEntryPerPartAndIsChargedPerPart() async throws {
        let context = Self.context()
        let text = String(repeating: "abcdefghij", count: 40)  // 400 GSM-7 chars: 3 parts
        let response = await Self.send(Self.credentials + [("from", "InfoText"), ("to", "447700900000"), ("text", text)], context: context)
        let acceptance = try Self.parse(response)
        #expect(acceptance.parts.count == SMSTextAnalysis(text).segments)
        #expect(acceptance.parts.count == 3)
        #expect(Set(acceptance.messageIDs).count == 3)
        #expect(abs(context.balance - (100 - 0.15)) < 1e-9)
    }

    @Test(arguments: [
        ([("api_key", VonageFixture.apiKey), ("api_secret", "wrong")], "4"),
        ([("api_key", "nope"), ("api_secret", VonageFixture.apiSecret)], "4"),
        ([("api_key", VonageFixture.apiKey)], "2"),
        ([("api_secret", VonageFixture.apiSecret)], "2"),
        ([("api_key", VonageFixture.apiKey), ("timestamp", "1"), ("sig", "00")], "14"),
        ([("api_key", VonageFixture.apiKey), ("api_secret", VonageFixture.apiSecret), ("timestamp", "1"), ("sig", "00")], "32"),
    ])
    func credentialsAreCheckedLikeVonage(auth: [(String, String)], status: String) async {
        let context = Self.context()
        let response = await Self.send(auth + Self.message, context: context)
        #expect(response.status == 200)  // Vonage answers 200 for message errors
        #expect(Self.statusOf(response) == status)
        #expect(context.acceptedSends == 0)
        #expect(context.takeScheduledCallbacks().isEmpty)
    }

    @Test func basicAuthIsAccepted() async throws {
        let good = "Basic " + Data("\(VonageFixture.apiKey):\(VonageFixture.apiSecret)".utf8).base64EncodedString()
        let bad = "Basic " + Data("\(VonageFixture.apiKey):nope".utf8).base64EncodedString()
        #expect(Self.statusOf(await Self.send(Self.message, headers: ["Authorization": good], context: Self.context())) == "0")
        #expect(Self.statusOf(await Self.send(Self.message, headers: ["Authorization": bad], context: Self.context())) == "4")
    }

    @Test(arguments: [
        ([("to", "447700900000"), ("text", "x")], "2"),
        ([("from", "InfoText"), ("text", "x")], "2"),
        ([("from", "InfoText"), ("to", "447700900000")], "2"),
        ([("from", "InfoText"), ("to", "+447700900000"), ("text", "x")], "3"),
        ([("from", "InfoText"), ("to", "123"), ("text", "x")], "3"),
    ])
    func missingOrInvalidParameters(fields: [(String, String)], status: String) async {
        #expect(Self.statusOf(await Self.send(Self.credentials + fields, context: Self.context())) == status)
    }

    @Test func insufficientBalanceIsStatus9() async throws {
        let context = Self.context(balance: 0.01)
        let response = await Self.send(Self.credentials + Self.message, context: context)
        #expect(Self.statusOf(response) == "9")
        #expect(throws: ProviderError.self) { try Self.parse(response) }
        #expect(context.balance == 0.01)
    }

    @Test(arguments: [
        (InjectedFault.throttled, "throttled"), (.serverError, "unavailable"), (.accountProblem, "accountProblem"),
        (.noCoverage, "routeRejected"), (.rejected, "rejected"), (.expiredToken, "accountProblem"),
    ])
    func faultsUseVonagesWireAnswers(fault: InjectedFault, outcome: String) throws {
        let simulation = VonageSimulation()
        let request = SimulatorRequest(method: "POST", path: "/sms/json")
        let response = try #require(simulation.response(for: fault, to: request, context: Self.context()))
        #expect(throws: ProviderError.self) { try Self.parse(response) }
        do {
            _ = try Self.parse(response)
        } catch {
            #expect(error.outcome.name == outcome)
        }
        #expect(simulation.response(for: fault, to: SimulatorRequest(method: "GET", path: "/account/get-balance"), context: Self.context()) == nil)
        #expect(simulation.isSend(request))
    }

    @Test func balanceEndpoint() async throws {
        let simulation = VonageSimulation()
        let context = Self.context(balance: 12.5)
        let ok = await simulation.handle(SimulatorRequest(method: "GET", path: "/account/get-balance", query: Self.credentials), context: context)
        let health = VonageProvider.parseBalanceResponse(HTTPResponse(status: ok.status, body: ok.body))
        #expect(health.status == .healthy)
        #expect(health.balance == 12.5)
        let denied = await simulation.handle(SimulatorRequest(method: "GET", path: "/account/get-balance",
                                                              query: [("api_key", VonageFixture.apiKey), ("api_secret", "x")]), context: context)
        #expect(denied.status == 401)
        #expect(denied.bodyText.contains("authentication failed"))
    }

    /// The scheduled receipts parse with the plugin, signed and unsigned, in each method.
    @Test(arguments: [VonageSimulation.CallbackMethod.get, .postForm, .postJSON])
    func receiptsRoundTripThroughThePlugin(method: VonageSimulation.CallbackMethod) async throws {
        let simulation = VonageSimulation(callbackMethod: method, webhookSignatureMethod: .sha256)
        let context = Self.context()
        context.setDeliveredRatio(1)
        let text = String(repeating: "abcdefghij", count: 20)  // 2 parts: one receipt per part
        let response = await Self.send(Self.credentials + [("from", "InfoText"), ("to", "447700900000"), ("text", text),
                                                            ("client-ref", "msg-2"), ("callback", "http://127.0.0.1:2/dlr")],
                                       simulation: simulation, context: context)
        let acceptance = try Self.parse(response)
        let callbacks = context.takeScheduledCallbacks()
        #expect(callbacks.count == 2)
        let provider = try VonageFixture.provider(VonageFixture.configuration(method: .sha256, withSignature: true), transport: try CurlTransport())
        var ids: [String] = []
        for callback in callbacks {
            #expect(callback.delay == 0.01)
            #expect(callback.request.url.hasPrefix("http://127.0.0.1:2/dlr"))
            let webhook = Self.webhook(from: callback.request)
            let events = try provider.parseWebhook(webhook)
            guard case .receipt(let receipt) = try #require(events.first) else { Issue.record("not a receipt"); continue }
            #expect(receipt.state == .delivered)
            #expect(receipt.clientReference == "msg-2")
            #expect(receipt.to == "447700900000")
            ids.append(receipt.providerMessageID)
        }
        #expect(ids == acceptance.messageIDs)
    }

    @Test func failedDrawGivesFailedReceiptAndNoCallbackWithoutURL() async throws {
        let context = Self.context(signatureSecret: "")
        context.setDeliveredRatio(0)
        _ = await Self.send(Self.credentials + Self.message, context: context)
        let callbacks = context.takeScheduledCallbacks()
        #expect(callbacks.count == 1)
        let body = try #require(callbacks.first).request.body
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: String])
        #expect(object["status"] == "failed")
        #expect(object["sig"] == nil)
        for key in ["err-code", "message-timestamp", "messageId", "msisdn", "network-code", "price", "scts", "status", "to"] {
            #expect(object[key] != nil, "receipt lacks \(key)")
        }
        _ = await Self.send(Self.credentials + Self.message.filter { $0.0 != "callback" }, context: context)
        #expect(context.takeScheduledCallbacks().isEmpty)
        context.setDefaultCallbackURL("http://127.0.0.1:3/account-dlr")
        _ = await Self.send(Self.credentials + Self.message.filter { $0.0 != "callback" }, context: context)
        #expect(context.takeScheduledCallbacks().first?.request.url == "http://127.0.0.1:3/account-dlr")
    }

    /// Turns a scheduled callback into the webhook request our server would hand the plugin.
    static func webhook(from request: HTTPRequest) -> WebhookRequest {
        let parts = request.url.split(separator: "?", maxSplits: 1)
        let query = parts.count > 1 ? FormEncoding.decode(String(parts[1])) : []
        return WebhookRequest(method: request.method.rawValue, path: "/dlr", query: query, headers: request.headers, body: request.body)
    }
}
