/// What the provider said when it took a message: ids and results per part, price, balance.
public struct ProviderAcceptance: Sendable, Hashable {
    /// One part of a (possibly multipart) message.
    public struct Part: Sendable, Hashable {
        /// The provider's id for this part, when accepted.
        public var messageID: String?
        /// Price of this part, when reported.
        public var price: Double?
        /// Nil when the part was accepted; otherwise why not.
        public var error: ProviderError?

        /// Creates a part.
        public init(messageID: String?, price: Double? = nil, error: ProviderError? = nil) {
            self.messageID = messageID
            self.price = price
            self.error = error
        }
    }

    /// Results per part, in order (one entry for providers that return one id per message).
    public var parts: [Part]
    /// Total price the provider reported, if it did.
    public var price: Double?
    /// Currency of `price` and `remainingBalance`.
    public var currency: String?
    /// Account balance after this send, when the provider reports it.
    public var remainingBalance: Double?

    /// Creates an acceptance.
    public init(parts: [Part], price: Double? = nil, currency: String? = nil, remainingBalance: Double? = nil) {
        self.parts = parts
        self.price = price
        self.currency = currency
        self.remainingBalance = remainingBalance
    }

    /// The provider's ids of the accepted parts.
    public var messageIDs: [String] { parts.compactMap { $0.error == nil ? $0.messageID : nil } }
    /// True when every part was accepted.
    public var isComplete: Bool { parts.allSatisfy { $0.error == nil } }
}
