/// Final delivery outcomes of one provider in one country (``OutcomeLog/deliveryStats(since:)``),
/// to seed the router's delivery ratios at start.
public struct DeliveryStat: Sendable, Hashable, Codable {
    /// The provider that took the messages.
    public var provider: String
    /// The recipients' country (nil for messages logged without one).
    public var country: String?
    /// Messages delivered (every part).
    public var delivered: Int
    /// Messages that failed delivery (any part).
    public var failed: Int

    /// Creates a stat.
    public init(provider: String, country: String?, delivered: Int, failed: Int) {
        self.provider = provider
        self.country = country
        self.delivered = delivered
        self.failed = failed
    }
}
