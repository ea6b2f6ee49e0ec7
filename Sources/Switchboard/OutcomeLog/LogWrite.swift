/// One write to the outcome log. Writes are group-committed by a single writer.
public enum LogWrite: Sendable {
    /// A new outbound message, before its first attempt (state `pending`).
    case message(LoggedMessage)
    /// One attempt with its outcome and decision trace.
    case attempt(LoggedAttempt)
    /// The final state of a message after dispatch.
    case finish(MessageFinish)
    /// A delivery receipt (the message's delivery state follows it).
    case receipt(provider: String, DeliveryReceipt, at: Double)
    /// An inbound message (de-duplicated on provider + provider message id).
    case inbound(provider: String, InboundMessage, at: Double)
    /// A number that opted out.
    case optOut(number: String, source: String, at: Double)
    /// A provider health state change.
    case health(provider: String, state: String, reason: String, at: Double)
}

/// A message row as first written.
public struct LoggedMessage: Sendable, Hashable {
    public var id: MessageID
    public var createdAt: Double
    public var recipient: String
    public var country: String?
    public var sender: String?
    public var channel: String
    public var tag: String?
    public var text: String
    public var encoding: String
    public var segments: Int
    public var idempotencyKey: String?
    public var route: String?

    /// Creates a row.
    public init(id: MessageID, createdAt: Double, recipient: String, country: String?, sender: String?, channel: String,
                tag: String?, text: String, encoding: String, segments: Int, idempotencyKey: String?, route: String?) {
        self.id = id
        self.createdAt = createdAt
        self.recipient = recipient
        self.country = country
        self.sender = sender
        self.channel = channel
        self.tag = tag
        self.text = text
        self.encoding = encoding
        self.segments = segments
        self.idempotencyKey = idempotencyKey
        self.route = route
    }
}

/// One attempt row.
public struct LoggedAttempt: Sendable, Hashable {
    public var messageID: MessageID
    public var seq: Int
    public var provider: String
    public var startedAt: Double
    public var finishedAt: Double
    /// The outcome class name (`accepted`, `throttled`, …).
    public var outcome: String
    public var code: String?
    public var detail: String?
    public var unitPrice: Double?
    public var cost: Double?
    /// The decision trace as JSON (route, ranked candidates with cost, exclusions and why).
    public var trace: String?

    /// Creates a row.
    public init(messageID: MessageID, seq: Int, provider: String, startedAt: Double, finishedAt: Double, outcome: String,
                code: String? = nil, detail: String? = nil, unitPrice: Double? = nil, cost: Double? = nil, trace: String? = nil) {
        self.messageID = messageID
        self.seq = seq
        self.provider = provider
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.code = code
        self.detail = detail
        self.unitPrice = unitPrice
        self.cost = cost
        self.trace = trace
    }
}

/// The end state of a dispatch.
public struct MessageFinish: Sendable, Hashable {
    public var id: MessageID
    /// `accepted`, `failed` or `unknown`.
    public var state: String
    public var provider: String?
    public var providerMessageIDs: [String]
    public var cost: Double?
    public var currency: String?
    public var remainingBalance: Double?
    public var attemptCount: Int
    public var error: String?
    public var at: Double
    /// The decision trace as JSON: route, ranked candidates with cost, exclusions and why, and
    /// what happened at each candidate (attempted, skipped because paused or rate limited, …).
    public var trace: String?

    /// Creates a finish record.
    public init(id: MessageID, state: String, provider: String?, providerMessageIDs: [String], cost: Double?,
                currency: String?, remainingBalance: Double?, attemptCount: Int, error: String?, at: Double,
                trace: String? = nil) {
        self.id = id
        self.state = state
        self.provider = provider
        self.providerMessageIDs = providerMessageIDs
        self.cost = cost
        self.currency = currency
        self.remainingBalance = remainingBalance
        self.attemptCount = attemptCount
        self.error = error
        self.at = at
        self.trace = trace
    }
}
