import Foundation
import Logging
import Switchboard
@testable import SwitchboardSMSCX
import Synchronization

/// Fixed credentials for the SMS.CX tests (checked never to leak into errors or logs).
enum SMSCXFixture {
    static let apiKey = "smscxKey-7f3a9c1e55d2"
    /// The simulator takes its one credential key as both the API key and the OAuth application id.
    static let applicationID = apiKey
    static let applicationSecret = "smscxAppSecret-Q9w8E7r6"
    static let secrets = [apiKey, applicationSecret]
    static let idempotencyKey = "9b2f6c1e-3d4a-4e5f-8a7b-112233445566"
    static let messageID = "0d9c1b2a-7e6f-4a5b-9c8d-aabbccddeeff"

    static func message(_ text: String = "Hello from Switchboard", to: String = "+31612345678",
                        from: SenderID? = .alphanumeric("InfoText"), id: String = messageID,
                        idempotencyKey: String = idempotencyKey, callbackURL: String? = nil) throws -> OutboundMessage {
        OutboundMessage(id: id, to: try PhoneNumber(parsing: to), from: from, text: text, idempotencyKey: idempotencyKey,
                        callbackURL: callbackURL)
    }

    static func configuration(baseURL: String = "http://127.0.0.1:9", oauth: Bool = false,
                              transliteration: SMSCXConfiguration.Transliteration? = nil,
                              timeoutMilliseconds: Int = 10_000) -> SMSCXConfiguration {
        SMSCXConfiguration(baseURL: baseURL, apiKey: oauth ? nil : apiKey, applicationID: oauth ? applicationID : nil,
                           applicationSecret: oauth ? applicationSecret : nil, timeoutMilliseconds: timeoutMilliseconds,
                           transliteration: transliteration)
    }

    static func provider(_ configuration: SMSCXConfiguration, transport: any HTTPTransport,
                         logs: LogCapture = LogCapture(),
                         clock: any ProviderClock = SystemProviderClock()) throws -> SMSCXProvider {
        var logger = Logger(label: "test.smscx") { _ in logs }
        logger.logLevel = .trace
        return try SMSCXProvider(id: "smscx-test", configuration: configuration,
                                 context: ProviderContext(transport: transport, logger: logger, clock: clock))
    }

    /// A transport that never connects (port 9 on 127.0.0.1 is used only for pure tests).
    struct UnusedTransport: HTTPTransport {
        func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
            throw .notSent(reason: "unused in pure tests")
        }
    }

    static func response(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static func json(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        let data = try encoder.encode(value)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

/// A clock that always says the same time.
struct SMSCXFixedClock: ProviderClock {
    var seconds: Double
    func now() -> Double { seconds }
}
