import Foundation

/// A Bandwidth v1 SMS callback event (reference §4.5), as JSON (POST) or query string (GET).
public struct BandwidthMessageEvent: Sendable, Hashable {
    /// `sms` or `mms`.
    public var eventType: String?
    /// `in` (inbound) or `out` (a receipt for our message).
    public var direction: String?
    /// The message id (`m-…`).
    public var messageID: String?
    /// Full URL of the message resource.
    public var messageURI: String?
    /// Sender.
    public var from: String?
    /// Recipient.
    public var to: String?
    /// Text.
    public var text: String?
    /// `received`, `queued`, `sending`, `sent` or `error`.
    public var state: String?
    /// `waiting`, `delivered` or `not-delivered`.
    public var deliveryState: String?
    /// Delivery code (number or string on the wire), e.g. `0`, `720`.
    public var deliveryCode: String?
    /// Its description.
    public var deliveryDescription: String?
    /// Our tag (Switchboard's message id).
    public var tag: String?
    /// ISO 8601 UTC time.
    public var time: String?

    /// Reads the fields from string pairs (query string form).
    init(fields: [String: String]) {
        eventType = fields["eventType"]
        direction = fields["direction"]
        messageID = fields["messageId"] ?? fields["id"]
        messageURI = fields["messageUri"]
        from = fields["from"]
        to = fields["to"]
        text = fields["text"]
        state = fields["state"]
        deliveryState = fields["deliveryState"]
        deliveryCode = fields["deliveryCode"]
        deliveryDescription = fields["deliveryDescription"]
        tag = fields["tag"]
        time = fields["time"]
    }

    /// Parses a JSON object; numbers and booleans are kept as their text.
    static func parse(json body: [UInt8]) -> BandwidthMessageEvent? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        var fields: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: fields[key] = text
            case let integer as Int: fields[key] = String(integer)
            case let real as Double: fields[key] = real == real.rounded() && abs(real) < 1e15 ? String(Int(real)) : String(real)
            case let number as NSNumber: fields[key] = number.stringValue
            default: continue
            }
        }
        return BandwidthMessageEvent(fields: fields)
    }
}
