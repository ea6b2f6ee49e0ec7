public import Switchboard
import Foundation

/// The JSON object of `POST /v1/users/{userId}/messages` (reference §4.2). Nil fields are
/// left out (python-bandwidth sends them as `null`; the API treats both alike).
public struct BandwidthMessageRequest: Sendable, Hashable, Encodable {
    /// Sender: one of the account's numbers, E.164 (`+1919…`), or a short code.
    public var from: String
    /// Recipient, E.164.
    public var to: String
    /// The text (≤ 2048 characters; Bandwidth splits it into segments).
    public var text: String
    /// Where the delivery receipt goes.
    public var callbackUrl: String?
    /// `GET` or `POST`.
    public var callbackHttpMethod: String?
    /// Callback timeout in ms.
    public var callbackTimeout: Int?
    /// Where failed callbacks go.
    public var fallbackUrl: String?
    /// `none`, `all` or `error`.
    public var receiptRequested: String?
    /// Echoed in callbacks: Switchboard's message id.
    public var tag: String?

    /// Builds the request for `message`. Throws `routeRejected` for an alphanumeric sender or a
    /// missing sender (Bandwidth sends only from your numbers) and `rejected` for a text longer
    /// than 2048 characters or a non-SMS channel — all before anything is sent.
    public init(message: OutboundMessage, configuration: BandwidthConfiguration) throws(ProviderError) {
        switch message.from {
        case .number(let number): from = number.e164
        case .shortCode(let code): from = code
        case .alphanumeric(let name):
            throw ProviderError(.routeRejected, code: "alphanumeric-sender",
                                message: "Bandwidth sends only from your own numbers; alphanumeric sender '\(name)' is not supported")
        case nil:
            guard let number = configuration.from, !number.isEmpty else {
                throw ProviderError(.routeRejected, code: "no-sender", message: "no sender number (message has none, config.from is not set)")
            }
            from = number
        }
        guard message.channel == .sms else {
            throw ProviderError(.routeRejected, code: "channel", message: "Bandwidth plugin sends SMS only, not \(message.channel)")
        }
        guard message.text.count <= BandwidthProvider.maxTextLength else {
            throw ProviderError(.rejected, code: "text-too-long",
                                message: "text has \(message.text.count) characters; Bandwidth takes at most \(BandwidthProvider.maxTextLength)")
        }
        to = message.to.e164
        text = message.text
        callbackUrl = message.callbackURL ?? configuration.callbackURL
        callbackHttpMethod = configuration.callbackHTTPMethod?.uppercased()
        callbackTimeout = configuration.callbackTimeoutMS
        fallbackUrl = configuration.fallbackURL
        receiptRequested = configuration.receiptRequested
        tag = message.id
    }

    enum CodingKeys: String, CodingKey {
        case from, to, text, callbackUrl, callbackHttpMethod, callbackTimeout, fallbackUrl, receiptRequested, tag
    }

    /// The JSON body of a single send.
    public func jsonBody() -> [UInt8] { Self.encode(self) }

    /// The JSON array body of a bulk send.
    public static func jsonBody(_ requests: [BandwidthMessageRequest]) -> [UInt8] { encode(requests) }

    private static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        return (try? Array(encoder.encode(value))) ?? []
    }
}
