/// A delivery channel a provider offers (`sms`, `mms`, `viber`, `whatsapp`, …).
///
/// Named `MessageChannel` because NIO owns `Channel`.
public struct MessageChannel: RawRepresentable, Hashable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The channel name, lowercase.
    public var rawValue: String

    /// Creates a channel; the name is lower-cased.
    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    /// Creates a channel from a literal.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// Plain SMS.
    public static let sms: MessageChannel = "sms"
    /// MMS.
    public static let mms: MessageChannel = "mms"
    /// Viber business messages.
    public static let viber: MessageChannel = "viber"
    /// WhatsApp business messages.
    public static let whatsapp: MessageChannel = "whatsapp"
    /// RCS business messages.
    public static let rcs: MessageChannel = "rcs"

    /// The channels the rules validator knows.
    public static let known: [MessageChannel] = [.sms, .mms, .viber, .whatsapp, .rcs]

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
