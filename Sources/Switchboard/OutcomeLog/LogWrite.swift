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
    /// A number that opted out (a repeat keeps the first record).
    case optOut(number: String, source: String, at: Double)
    /// A number that opted back in (START, UNSTOP, an operator): removes it from the opt-out list.
    ///
    /// A write rather than a direct delete, so it is ordered with the opt-outs around it through
    /// the one writer: a STOP followed by a START ends opted in.
    case removeOptOut(number: String)
    /// A provider health state change.
    case health(provider: String, state: String, reason: String, at: Double)
}

/// A message row as first written.
public struct LoggedMessage: Sendable, Hashable {
    /// The message's id (time-ordered; its time is the message's creation time for listings).
    public var id: MessageID
    /// When the message was created (seconds since 1970).
    public var createdAt: Double
    /// The recipient in E.164.
    public var recipient: String
    /// The recipient's ISO country code.
    public var country: String?
    /// The sender id or number.
    public var sender: String?
    /// The channel (`sms`, …).
    public var channel: String
    /// The app's tag (`otp`, …).
    public var tag: String?
    /// The text.
    public var text: String
    /// The text's encoding (`GSM-7`, `UCS-2`).
    public var encoding: String
    /// How many SMS segments the text needs.
    public var segments: Int
    /// The app's idempotency key.
    public var idempotencyKey: String?
    /// The name of the route that matched.
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
    /// The message this attempt belongs to.
    public var messageID: MessageID
    /// 1 for the first attempt, then 2, 3, …
    public var seq: Int
    /// The provider id tried.
    public var provider: String
    /// When the attempt started (seconds since 1970).
    public var startedAt: Double
    /// When its outcome was known (seconds since 1970).
    public var finishedAt: Double
    /// The outcome class name (`accepted`, `throttled`, …).
    public var outcome: String
    /// The provider's status or error code.
    public var code: String?
    /// A human-readable detail.
    public var detail: String?
    /// The price per segment.
    public var unitPrice: Double?
    /// What the attempt cost.
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
    /// The message.
    public var id: MessageID
    /// `accepted`, `partial` (some parts accepted, some not), `failed` or `unknown`.
    public var state: String
    /// The provider that took the message (nil when none did).
    public var provider: String?
    /// The provider's ids, one per part.
    public var providerMessageIDs: [String]
    /// What it cost.
    public var cost: Double?
    /// The currency of ``cost``.
    public var currency: String?
    /// The account balance the provider reported.
    public var remainingBalance: Double?
    /// How many attempts were made.
    public var attemptCount: Int
    /// Why it failed, when it did.
    public var error: String?
    /// When dispatch finished (seconds since 1970).
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
