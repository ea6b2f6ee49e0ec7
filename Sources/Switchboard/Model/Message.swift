/// A message as an app hands it to Switchboard.
public struct Message: Sendable, Hashable, Codable {
    /// The recipient, as typed (`+31 6 1234 5678`, `0031612345678`, …).
    public var to: String
    /// The text.
    public var text: String
    /// The sender: an alphanumeric id (`InfoText`), a short code or a number.
    public var from: String?
    /// The channel (default `sms`).
    public var channel: MessageChannel
    /// A tag routes can match (`otp`, `marketing`, …).
    public var tag: String?
    /// Same key ⇒ same result; nothing is sent twice.
    public var idempotencyKey: String?
    /// Replace characters outside GSM-7 with look-alikes when that saves segments.
    public var transliterate: Bool
    /// Country for numbers written in national format (`06 1234 5678`).
    public var defaultCountry: CountryCode?

    /// Creates a message.
    public init(to: String, text: String, from: String? = nil, channel: MessageChannel = .sms,
                tag: String? = nil, idempotencyKey: String? = nil, transliterate: Bool = false,
                defaultCountry: CountryCode? = nil) {
        self.to = to
        self.text = text
        self.from = from
        self.channel = channel
        self.tag = tag
        self.idempotencyKey = idempotencyKey
        self.transliterate = transliterate
        self.defaultCountry = defaultCountry
    }

    enum CodingKeys: String, CodingKey {
        case to, text, from, channel, tag, transliterate
        case idempotencyKey = "idempotency_key"
        case defaultCountry = "default_country"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        to = try c.decode(String.self, forKey: .to)
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        from = try c.decodeIfPresent(String.self, forKey: .from)
        channel = try c.decodeIfPresent(MessageChannel.self, forKey: .channel) ?? .sms
        tag = try c.decodeIfPresent(String.self, forKey: .tag)
        idempotencyKey = try c.decodeIfPresent(String.self, forKey: .idempotencyKey)
        transliterate = try c.decodeIfPresent(Bool.self, forKey: .transliterate) ?? false
        defaultCountry = try c.decodeIfPresent(CountryCode.self, forKey: .defaultCountry)
    }
}
