import Foundation
import Logging
import Switchboard
import SwitchboardVonage
import Synchronization

/// Fixed credentials used throughout the Vonage tests (secret values are checked never to leak).
enum VonageFixture {
    static let apiKey = "abcd1234"
    static let apiSecret = "S3cr3tVonageXYZ"
    static let signatureSecret = "SigSecretVonage987"
    static let secrets = [apiSecret, signatureSecret]

    static func message(_ text: String = "Hello from Switchboard", to: String = "+447700900000",
                        from: SenderID? = .alphanumeric("InfoText"), id: String = "msg-0001",
                        callbackURL: String? = nil) throws -> OutboundMessage {
        OutboundMessage(id: id, to: try PhoneNumber(parsing: to), from: from, text: text,
                        idempotencyKey: "6f1c1c2e-0000-4000-8000-000000000001", callbackURL: callbackURL)
    }

    static func configuration(auth: VonageAuthMode? = nil, method: VonageSignatureMethod = .md5hash,
                              baseURL: String = "http://127.0.0.1:9", withSignature: Bool = false,
                              timeoutMilliseconds: Int = 10_000) -> VonageConfiguration {
        VonageConfiguration(apiKey: apiKey, apiSecret: auth == .signature ? nil : apiSecret,
                            signatureSecret: withSignature || auth == .signature ? signatureSecret : nil,
                            signatureMethod: method, auth: auth, baseURL: baseURL, timeoutMilliseconds: timeoutMilliseconds)
    }

    static func provider(_ configuration: VonageConfiguration, transport: any HTTPTransport,
                         logs: LogCapture = LogCapture(), clock: any ProviderClock = SystemProviderClock()) throws -> VonageProvider {
        var logger = Logger(label: "test.vonage") { _ in logs }
        logger.logLevel = .trace
        return try VonageProvider(id: "vonage-test", configuration: configuration,
                                  context: ProviderContext(transport: transport, logger: logger, clock: clock))
    }
}

/// A clock that always says the same time.
struct FixedVonageClock: ProviderClock {
    var seconds: Double
    func now() -> Double { seconds }
}
