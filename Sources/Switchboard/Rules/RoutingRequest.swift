public import Foundation

/// What the routing table needs to know about a message to plan it (already normalised).
public struct RoutingRequest: Sendable, Hashable {
    /// Destination country (nil for non-geographic numbers).
    public var country: CountryCode?
    /// Destination in E.164 digits without `+` (for `prefix` conditions).
    public var digits: String
    /// The channel.
    public var channel: MessageChannel
    /// The app's tag (`otp`, `marketing`, …).
    public var tag: String?
    /// The sender id as the app set it.
    public var sender: String?
    /// Number of segments the text needs.
    public var segments: Int
    /// When the message is sent (for time windows).
    public var date: Date

    /// Creates a request.
    public init(country: CountryCode?, digits: String, channel: MessageChannel = .sms, tag: String? = nil,
                sender: String? = nil, segments: Int = 1, date: Date = Date()) {
        self.country = country
        self.digits = digits
        self.channel = channel
        self.tag = tag
        self.sender = sender
        self.segments = segments
        self.date = date
    }
}
