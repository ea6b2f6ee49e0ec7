import Foundation
import Logging
import Switchboard
@testable import SwitchboardBandwidth
import Synchronization

/// Fixed credentials for the Bandwidth tests (checked never to leak into errors or logs).
enum BandwidthFixture {
    static let userID = "u-bwtestuser42"
    static let apiToken = "t-bwToken-5c8e1f0a"
    static let apiSecret = "bwSecret-Zx81Qp7Lm"
    static let secrets = [apiToken, apiSecret]
    static let messageID = "sb-01JBANDWIDTH0001"
    static let sender = "+19195551212"

    static func message(_ text: String = "Hello from Switchboard", to: String = "+13865245000",
                        from: SenderID? = nil, id: String = messageID, callbackURL: String? = nil) throws -> OutboundMessage {
        let sender: SenderID = try from ?? .number(PhoneNumber(parsing: Self.sender))
        return OutboundMessage(id: id, to: try PhoneNumber(parsing: to), from: sender,
                        text: text, idempotencyKey: "idem-\(id)", callbackURL: callbackURL)
    }

    static func configuration(baseURL: String = "http://127.0.0.1:9", apiSecret: String = apiSecret,
                              timeoutMS: Int = 10_000) -> BandwidthConfiguration {
        BandwidthConfiguration(userID: userID, apiToken: apiToken, apiSecret: apiSecret, baseURL: baseURL, from: sender,
                               timeoutMS: timeoutMS)
    }

    static func provider(_ configuration: BandwidthConfiguration = configuration(), transport: any HTTPTransport = UnusedTransport(),
                         logs: LogCapture = LogCapture(),
                         clock: any ProviderClock = SystemProviderClock()) throws -> BandwidthProvider {
        var logger = Logger(label: "test.bandwidth") { _ in logs }
        logger.logLevel = .trace
        return try BandwidthProvider(id: "bandwidth-test", configuration: configuration,
                                     context: ProviderContext(transport: transport, logger: logger, clock: clock))
    }

    /// A transport for pure tests: it never sends anything.
    struct UnusedTransport: HTTPTransport {
        func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
            throw .notSent(reason: "unused in pure tests")
        }
    }

    static func response(_ status: Int, _ body: String = "", headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static func jsonObject(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }
}
