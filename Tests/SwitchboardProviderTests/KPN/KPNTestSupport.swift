import Foundation
import Logging
import Switchboard
import SwitchboardKPN
import Synchronization

/// Fixed credentials for the KPN tests (checked never to leak into errors or logs).
enum KPNFixture {
    static let clientID = "kpnClientId-4b7e1f90a2"
    static let clientSecret = "kpnClientSecret-Zx81Lq"
    static let secrets = [clientSecret]
    static let messageID = "01JKPNTEST0000000000000001"

    static func message(_ text: String = "Hello from Switchboard", to: String = "+31612345678",
                        from: SenderID? = .alphanumeric("InfoText"), id: String = messageID,
                        callbackURL: String? = nil, channel: MessageChannel = .sms) throws -> OutboundMessage {
        OutboundMessage(id: id, to: try PhoneNumber(parsing: to), from: from, text: text, channel: channel,
                        idempotencyKey: "4a3b2c1d-0000-4000-8000-000000000001", callbackURL: callbackURL)
    }

    static func configuration(baseURL: String = "http://127.0.0.1:9", secret: String = clientSecret,
                              from: String? = nil, timeoutMilliseconds: Int = 10_000) -> KPNProvider.Configuration {
        KPNProvider.Configuration(clientID: clientID, clientSecret: secret, baseURL: baseURL, from: from,
                                  timeoutMilliseconds: timeoutMilliseconds)
    }

    static func provider(_ configuration: KPNProvider.Configuration = configuration(),
                         transport: any HTTPTransport = UnusedTransport(), logs: LogCapture = LogCapture(),
                         clock: any ProviderClock = SystemProviderClock()) throws -> KPNProvider {
        var logger = Logger(label: "test.kpn") { _ in logs }
        logger.logLevel = .trace
        return try KPNProvider(id: "kpn-test", configuration: configuration,
                               context: ProviderContext(transport: transport, logger: logger, clock: clock))
    }

    /// A transport for pure tests (request building): never reaches anything.
    struct UnusedTransport: HTTPTransport {
        func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
            throw .notSent(reason: "unused in pure tests")
        }
    }

    static func response(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static func form(_ request: HTTPRequest) -> [String: String] {
        Dictionary(FormEncoding.decode(String(decoding: request.body, as: UTF8.self)), uniquingKeysWith: { a, _ in a })
    }

    static func json(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }
}
