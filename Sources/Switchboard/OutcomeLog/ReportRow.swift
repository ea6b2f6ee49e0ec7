/// One group of a cost and delivery report (``OutcomeLog/report(since:until:by:)``).
///
/// Counts are of outbound messages; the group is the provider that took each message (not the
/// providers tried before it), its recipient's country and/or the UTC day it was created.
public struct ReportRow: Sendable, Hashable, Codable {
    /// The provider, when grouping by it (nil also for the group of messages no provider took).
    public var provider: String?
    /// The country, when grouping by it.
    public var country: String?
    /// The UTC date (`yyyy-MM-dd`), when grouping by day.
    public var day: String?
    /// Messages in the group.
    public var messages: Int
    /// Messages in state `accepted`.
    public var accepted: Int
    /// Messages in state `partial` (some parts accepted).
    public var partial: Int
    /// Messages in state `failed`.
    public var failed: Int
    /// Messages in state `unknown`.
    public var unknown: Int
    /// Messages still `pending` (in flight).
    public var pending: Int
    /// Messages whose receipts say delivered (every part).
    public private(set) var delivered: Int
    /// Messages whose receipts say failed (any part).
    public private(set) var deliveryFailed: Int
    /// delivered / (delivered + deliveryFailed); nil when no message has a final receipt yet.
    public private(set) var deliveryRatio: Double?
    /// Total cost per currency.
    public private(set) var costs: [String: Double]
    /// The total cost when every costed message shares one currency (0 when none has a cost);
    /// nil when the group mixes currencies (see ``costs``).
    public private(set) var cost: Double?
    /// The currency of ``cost`` (nil when no message has a cost or the group mixes currencies).
    public private(set) var currency: String?
    /// Accepted messages that needed more than one attempt (fell back).
    public var fallbacks: Int
    /// Median send latency in seconds: first attempt's start to the accepting attempt's finish,
    /// over accepted messages; nil when there are none.
    public var p50SendLatency: Double?
    /// 99th percentile send latency in seconds (nearest rank), over accepted messages.
    public var p99SendLatency: Double?

    /// Creates a row.
    public init(provider: String? = nil, country: String? = nil, day: String? = nil, messages: Int = 0, accepted: Int = 0,
                partial: Int = 0, failed: Int = 0, unknown: Int = 0, pending: Int = 0, delivered: Int = 0,
                deliveryFailed: Int = 0, costs: [String: Double] = [:], fallbacks: Int = 0,
                p50SendLatency: Double? = nil, p99SendLatency: Double? = nil) {
        self.provider = provider
        self.country = country
        self.day = day
        self.messages = messages
        self.accepted = accepted
        self.partial = partial
        self.failed = failed
        self.unknown = unknown
        self.pending = pending
        self.delivered = delivered
        self.deliveryFailed = deliveryFailed
        self.costs = costs
        self.fallbacks = fallbacks
        self.p50SendLatency = p50SendLatency
        self.p99SendLatency = p99SendLatency
        deliveryRatio = delivered + deliveryFailed == 0 ? nil : Double(delivered) / Double(delivered + deliveryFailed)
        cost = costs.count <= 1 ? costs.values.first ?? 0 : nil
        currency = costs.count == 1 ? costs.keys.first : nil
    }

    /// The nearest-rank percentile of ascending `sorted` values: the value at rank ⌈p/100 × n⌉
    /// (1-based), an actual observation, exact; nil for no values.
    public static func percentile(_ p: Double, ofSorted sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count) / 100).rounded(.up))  // p × n first: exact for whole p
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
