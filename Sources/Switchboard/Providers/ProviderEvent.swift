public import Foundation

/// What a webhook told us: a delivery receipt or an inbound message.
public enum ProviderEvent: Sendable, Hashable {
    /// A delivery receipt for a message (or one part of it).
    case receipt(DeliveryReceipt)
    /// A message someone sent to one of our numbers.
    case inbound(InboundMessage)
}

/// The normalised delivery states across providers.
public enum DeliveryState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Still on its way (accepted, buffered, queued at the carrier).
    case pending
    /// Delivered (final).
    case delivered
    /// Failed (final): expired, rejected, undeliverable.
    case failed
    /// The provider does not know.
    case unknown
}

/// A delivery receipt.
public struct DeliveryReceipt: Sendable, Hashable {
    /// The provider's message id (of the part, for multipart messages).
    public var providerMessageID: String
    /// Our message id, when the provider echoes the client reference.
    public var clientReference: String?
    /// Normalised state.
    public var state: DeliveryState
    /// The provider's own status word (`delivered`, `DELIVERED`, `message-delivered`, …).
    public var providerStatus: String
    /// The provider's error code, if any.
    public var errorCode: String?
    /// When the provider says it happened.
    public var timestamp: Date?
    /// Price reported with the receipt.
    public var price: Double?
    /// Recipient number (E.164 digits), when given.
    public var to: String?

    /// Creates a receipt.
    public init(providerMessageID: String, clientReference: String? = nil, state: DeliveryState, providerStatus: String,
                errorCode: String? = nil, timestamp: Date? = nil, price: Double? = nil, to: String? = nil) {
        self.providerMessageID = providerMessageID
        self.clientReference = clientReference
        self.state = state
        self.providerStatus = providerStatus
        self.errorCode = errorCode
        self.timestamp = timestamp
        self.price = price
        self.to = to
    }
}

/// An inbound message (concatenated parts already joined by the plugin where it can).
public struct InboundMessage: Sendable, Hashable {
    /// The provider's id for it (for de-duplication: providers redeliver).
    public var providerMessageID: String
    /// Who sent it (E.164 digits or as given).
    public var from: String
    /// Our number it was sent to.
    public var to: String
    /// The text.
    public var text: String
    /// When it was received.
    public var timestamp: Date?
    /// For a concatenated message arriving in parts: (reference, part number 1-based, total).
    public var concatenation: Concatenation?

    /// Part information for concatenated inbound SMS.
    public struct Concatenation: Sendable, Hashable {
        /// Reference shared by all parts.
        public var reference: String
        /// 1-based part number.
        public var part: Int
        /// Number of parts.
        public var total: Int
        /// Creates it.
        public init(reference: String, part: Int, total: Int) {
            self.reference = reference
            self.part = part
            self.total = total
        }
    }

    /// Creates an inbound message.
    public init(providerMessageID: String, from: String, to: String, text: String, timestamp: Date? = nil,
                concatenation: Concatenation? = nil) {
        self.providerMessageID = providerMessageID
        self.from = from
        self.to = to
        self.text = text
        self.timestamp = timestamp
        self.concatenation = concatenation
    }
}
