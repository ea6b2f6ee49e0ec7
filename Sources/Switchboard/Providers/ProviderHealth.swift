/// The result of a provider's free health probe.
public struct ProviderHealth: Sendable, Hashable {
    /// The verdict.
    public enum Status: String, Sendable, Hashable {
        /// Usable.
        case healthy
        /// Usable but worth a look (e.g. balance low).
        case degraded
        /// Not usable (credentials rejected, unreachable).
        case down
    }

    /// The verdict.
    public var status: Status
    /// The outcome class behind a `down` verdict, when there is one.
    public var outcome: ProviderOutcome?
    /// Account balance, when the probe reports one.
    public var balance: Double?
    /// Its currency.
    public var currency: String?
    /// Why (never secrets).
    public var detail: String

    /// Creates a health result.
    public init(status: Status, outcome: ProviderOutcome? = nil, balance: Double? = nil, currency: String? = nil,
                detail: String = "") {
        self.status = status
        self.outcome = outcome
        self.balance = balance
        self.currency = currency
        self.detail = detail
    }
}
