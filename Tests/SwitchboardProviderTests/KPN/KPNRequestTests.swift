import Switchboard
import SwitchboardKPN
import Testing

/// Request building (§3.1, §3.2): fields, auth, encodings, senders.
@Suite("KPN requests")
struct KPNRequestTests {
    @Test func sendRequestFieldsAndAuth() throws {
        let provider = try KPNFixture.provider(KPNFixture.configuration(baseURL: "http://127.0.0.1:9/", timeoutMilliseconds: 2500))
        let message = try KPNFixture.message(callbackURL: "https://hooks.example.com/kpn/dlr")
        let request = try provider.sendRequest(for: message, accessToken: "tok-123")
        #expect(request.method == .post)
        #expect(request.url == "http://127.0.0.1:9/communication/nexmo/sms/send")
        #expect(request.headers["authorization"] == "Bearer tok-123")
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["accept"] == "application/json")
        #expect(request.totalTimeout == .milliseconds(2500))
        let form = KPNFixture.form(request)
        #expect(form["from"] == "InfoText")
        #expect(form["to"] == "31612345678")
        #expect(form["text"] == "Hello from Switchboard")
        #expect(form["type"] == "text")
        #expect(form["client-ref"] == KPNFixture.messageID)
        #expect(form["status-report-req"] == "true")
        #expect(form["callback"] == "https://hooks.example.com/kpn/dlr")
        for banned in ["api_key", "api_secret", "sig", "client_secret", "client_id"] { #expect(form[banned] == nil) }
    }

    @Test func noCallbackMeansNoReceiptRequested() throws {
        let request = try KPNFixture.provider().sendRequest(for: try KPNFixture.message(), accessToken: "t")
        let form = KPNFixture.form(request)
        #expect(form["status-report-req"] == nil)
        #expect(form["callback"] == nil)
    }

    @Test(arguments: ["Héllo wörld 👋", "Привет", "你好"])
    func unicodeTextIsSentAsUnicodeType(text: String) throws {
        let request = try KPNFixture.provider().sendRequest(for: try KPNFixture.message(text), accessToken: "t")
        let raw = String(decoding: request.body, as: UTF8.self)
        #expect(raw.contains("type=unicode"))
        #expect(!raw.contains(" "))
        #expect(KPNFixture.form(request)["text"] == text)
    }

    @Test func gsmTextWithSpecialCharactersStaysText() throws {
        let request = try KPNFixture.provider().sendRequest(for: try KPNFixture.message("Cost: 5€ & more = [ok]"), accessToken: "t")
        #expect(KPNFixture.form(request)["type"] == "text")
        #expect(KPNFixture.form(request)["text"] == "Cost: 5€ & more = [ok]")
    }

    static let senders: [(SenderID?, String)] = [
        (.alphanumeric("InfoText"), "InfoText"), (.alphanumeric("My Shop"), "My Shop"), (.shortCode("3131"), "3131"),
        (.number(try! PhoneNumber(parsing: "+31201234567")), "31201234567"), (nil, "Fallback"),
    ]

    @Test("sender formats", arguments: senders)
    func senderFormat(sender: SenderID?, expected: String) throws {
        let provider = try KPNFixture.provider(KPNFixture.configuration(from: "Fallback"))
        let request = try provider.sendRequest(for: try KPNFixture.message(from: sender), accessToken: "t")
        #expect(KPNFixture.form(request)["from"] == expected)
    }

    @Test func missingSenderIsRouteRejected() throws {
        #expect(throws: ProviderError.self) {
            try KPNFixture.provider().sendRequest(for: try KPNFixture.message(from: nil), accessToken: "t")
        }
    }

    @Test func otherChannelsAreRouteRejected() throws {
        do {
            _ = try KPNFixture.provider().sendRequest(for: try KPNFixture.message(channel: .whatsapp), accessToken: "t")
            Issue.record("should throw")
        } catch let error as ProviderError {
            #expect(error.outcome == .routeRejected)
        }
    }

    @Test func longClientReferenceIsCutTo40() throws {
        let id = String(repeating: "a", count: 60)
        let request = try KPNFixture.provider().sendRequest(for: try KPNFixture.message(id: id), accessToken: "t")
        #expect(KPNFixture.form(request)["client-ref"] == String(repeating: "a", count: 40))
    }

    @Test func tokenRequest() {
        let request = KPNProvider.tokenRequest(baseURL: "https://api-prd.kpn.com", configuration: KPNFixture.configuration())
        #expect(request.method == .post)
        #expect(request.url == "https://api-prd.kpn.com/oauth/client_credential/accesstoken?grant_type=client_credentials")
        #expect(request.headers["authorization"] == nil)
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        let form = KPNFixture.form(request)
        #expect(form["client_id"] == KPNFixture.clientID)
        #expect(form["client_secret"] == KPNFixture.clientSecret)
        #expect(!request.description.contains(KPNFixture.clientSecret))
    }

    @Test func capabilities() throws {
        let capabilities = try KPNFixture.provider().capabilities
        #expect(capabilities.channels == [.sms])
        #expect(capabilities.maxBatchSize == 1)
        #expect(!capabilities.idempotentRetries)
        #expect(KPNProvider.kind == "kpn")
    }

    @Test func badConfigurationsAreRefusedWithoutTheSecret() {
        for configuration in [KPNFixture.configuration(baseURL: "ftp://x"), KPNFixture.configuration(timeoutMilliseconds: 0),
                              KPNFixture.configuration(secret: "")] {
            do {
                _ = try KPNFixture.provider(configuration)
                Issue.record("should refuse")
            } catch {
                #expect(!"\(error)".contains(KPNFixture.clientSecret))
            }
        }
    }
}
