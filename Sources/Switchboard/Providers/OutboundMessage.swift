/// One message as a plugin sends it: normalised, with Switchboard's own id for correlation.
public struct OutboundMessage: Sendable, Hashable {
    /// Switchboard's message id (time-ordered, unique); plugins send it as the provider's
    /// client reference where one exists (`client-ref`, `trackData`, `tag`).
    public var id: String
    /// The recipient.
    public var to: PhoneNumber
    /// The sender, if any (alphanumeric ids are passed through unchanged).
    public var from: SenderID?
    /// The text.
    public var text: String
    /// Encoding and segments of the text.
    public var analysis: SMSTextAnalysis
    /// The channel.
    public var channel: MessageChannel
    /// A UUID for providers with idempotent sends; the same for every retry of this message.
    public var idempotencyKey: String
    /// Where the provider should post delivery receipts, if the app runs the webhook server.
    public var callbackURL: String?

    /// Creates a message.
    public init(id: String, to: PhoneNumber, from: SenderID?, text: String, channel: MessageChannel = .sms,
                idempotencyKey: String, callbackURL: String? = nil) {
        self.id = id
        self.to = to
        self.from = from
        self.text = text
        self.analysis = SMSTextAnalysis(text)
        self.channel = channel
        self.idempotencyKey = idempotencyKey
        self.callbackURL = callbackURL
    }

    /// Creates a message whose text was already analysed (the router analyses once).
    public init(id: String, to: PhoneNumber, from: SenderID?, text: String, analysis: SMSTextAnalysis,
                channel: MessageChannel, idempotencyKey: String, callbackURL: String? = nil) {
        self.id = id
        self.to = to
        self.from = from
        self.text = text
        self.analysis = analysis
        self.channel = channel
        self.idempotencyKey = idempotencyKey
        self.callbackURL = callbackURL
    }
}
