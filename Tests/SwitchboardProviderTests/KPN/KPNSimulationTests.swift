import Foundation
import Switchboard
import SwitchboardSimulator
import Testing

/// The simulation's wire behaviour, calling `handle(_:context:)` directly.
@Suite("KPN simulation")
struct KPNSimulationTests {
    static func context(balance: Double = 100) -> SimulatorContext {
        SimulatorContext(kind: "kpn", credentials: SimulatorCredentials(key: KPNFixture.clientID, secret: KPNFixture.clientSecret),
                         baseURL: "http://127.0.0.1:1", balance: balance, pricePerSegment: 0.05)
    }

    static func tokenRequest(secret: String = KPNFixture.clientSecret) -> SimulatorRequest {
        SimulatorRequest(method: "POST", path: KPNSimulation.tokenPath, query: [("grant_type", "client_credentials")],
                         headers: HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded")]),
                         body: Array(FormEncoding.encode([("client_id", KPNFixture.clientID), ("client_secret", secret)]).utf8))
    }

    static func sendRequest(token: String?, fields: [(String, String)]) -> SimulatorRequest {
        var headers = HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded")])
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        return SimulatorRequest(method: "POST", path: KPNSimulation.sendPath, headers: headers,
                                body: Array(FormEncoding.encode(fields).utf8))
    }

    static let fields = [("from", "InfoText"), ("to", "31612345678"), ("text", "hi"), ("type", "text")]

    static func mint(_ context: SimulatorContext) async -> String {
        let response = await KPNSimulation().handle(tokenRequest(), context: context)
        return KPNFixture.json(response.body)["access_token"] as? String ?? ""
    }

    @Test func tokenEndpointAnswersAllStrings() async {
        let context = Self.context()
        let response = await KPNSimulation().handle(Self.tokenRequest(), context: context)
        #expect(response.status == 200)
        let json = KPNFixture.json(response.body)
        for (key, value) in json where key != "api_product_list_json" {
            #expect(value is String, "\(key) should be a string")
        }
        #expect(json["expires_in"] as? String == "3599")
        #expect(json["status"] as? String == "approved")
        #expect(context.isValidToken(json["access_token"] as? String ?? ""))
    }

    @Test func wrongSecretGetsInvalidClient() async {
        let response = await KPNSimulation().handle(Self.tokenRequest(secret: "nope"), context: Self.context())
        #expect(response.status == 401)
        #expect(KPNFixture.json(response.body)["ErrorCode"] as? String == "invalid_client")
    }

    @Test func sendWithoutOrWithExpiredTokenGetsTheApigeeFault() async {
        let context = Self.context()
        let missing = await KPNSimulation().handle(Self.sendRequest(token: nil, fields: Self.fields), context: context)
        #expect(missing.status == 401)
        let fault = KPNFixture.json(missing.body)["fault"] as? [String: Any]
        #expect((fault?["detail"] as? [String: Any])?["errorcode"] as? String == "oauth.v2.InvalidAccessToken")
        let token = await Self.mint(context)
        context.expireTokens()
        let expired = await KPNSimulation().handle(Self.sendRequest(token: token, fields: Self.fields), context: context)
        let expiredFault = KPNFixture.json(expired.body)["fault"] as? [String: Any]
        #expect((expiredFault?["detail"] as? [String: Any])?["errorcode"] as? String == "oauth.v2.AccessTokenExpired")
    }

    @Test func acceptedSendHasIntegerCountChargesAndSchedulesADLR() async throws {
        let context = Self.context()
        let token = await Self.mint(context)
        let text = String(repeating: "a", count: 200)  // 2 GSM-7 segments
        let response = await KPNSimulation().handle(
            Self.sendRequest(token: token, fields: [("from", "InfoText"), ("to", "31612345678"), ("text", text),
                                                    ("status-report-req", "true"), ("callback", "http://127.0.0.1:9/dlr")]),
            context: context)
        #expect(response.status == 200)
        let json = KPNFixture.json(response.body)
        #expect(json["message-count"] as? Int == 2)
        let messages = json["messages"] as? [[String: Any]] ?? []
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { $0["status"] as? String == "0" && $0["message-id"] is String })
        #expect(abs(context.balance - 99.9) < 1e-9)
        let callbacks = context.takeScheduledCallbacks()
        #expect(callbacks.count == 2)
        #expect(callbacks.first?.request.url == "http://127.0.0.1:9/dlr")
        let dlr = KPNFixture.json(callbacks.first?.request.body ?? [])
        #expect(dlr["messageId"] as? String == messages.first?["message-id"] as? String)
        #expect(dlr["msisdn"] as? String == "31612345678")
    }

    @Test func noDLRWithoutStatusReportRequest() async {
        let context = Self.context()
        context.setDefaultCallbackURL("http://127.0.0.1:9/dlr")
        let token = await Self.mint(context)
        _ = await KPNSimulation().handle(Self.sendRequest(token: token, fields: Self.fields), context: context)
        #expect(context.takeScheduledCallbacks().isEmpty)
    }

    @Test func insufficientBalanceIsStatus9() async {
        let context = Self.context(balance: 0.01)
        let token = await Self.mint(context)
        let response = await KPNSimulation().handle(Self.sendRequest(token: token, fields: Self.fields), context: context)
        let messages = KPNFixture.json(response.body)["messages"] as? [[String: Any]]
        #expect(messages?.first?["status"] as? String == "9")
    }

    @Test func missingParametersAndCredentialsInTheBody() async {
        let context = Self.context()
        let token = await Self.mint(context)
        let missing = await KPNSimulation().handle(Self.sendRequest(token: token, fields: [("to", "31612345678")]), context: context)
        #expect((KPNFixture.json(missing.body)["messages"] as? [[String: Any]])?.first?["status"] as? String == "2")
        let withKey = await KPNSimulation().handle(
            Self.sendRequest(token: token, fields: Self.fields + [("api_key", "k")]), context: context)
        #expect(withKey.status == 400)
    }

    static let faults: [(InjectedFault, Int)] = [
        (.throttled, 429), (.serverError, 503), (.accountProblem, 403), (.noCoverage, 200), (.rejected, 200), (.expiredToken, 500),
    ]

    @Test("fault → KPN wire answer", arguments: faults)
    func faultAnswers(fault: InjectedFault, status: Int) async {
        let context = Self.context()
        let token = await Self.mint(context)
        let request = Self.sendRequest(token: token, fields: Self.fields)
        let response = KPNSimulation().response(for: fault, to: request, context: context)
        #expect(response?.status == status)
        let json = KPNFixture.json(response?.body ?? [])
        switch fault {
        case .serverError: #expect((json["error"] as? [String: Any])?["transactionId"] is String)
        case .throttled: #expect(response?.headers.contains { $0.0 == "quota-reset-UTC" } == true)
        case .expiredToken: #expect(!context.isValidToken(token))
        default: break
        }
        #expect(KPNSimulation().response(for: fault, to: Self.tokenRequest(), context: context) == nil)
    }

    @Test func unknownPathIsApplicationNotFound() async {
        let response = await KPNSimulation().handle(SimulatorRequest(method: "GET", path: "/nope"), context: Self.context())
        #expect(response.status == 404)
    }
}
