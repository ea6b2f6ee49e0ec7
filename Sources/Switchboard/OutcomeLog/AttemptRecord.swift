public import Foundation
import GRDB

/// One attempt of a message at one provider (a row of the `attempts` table).
public struct AttemptRecord: Sendable, Hashable, Codable {
    /// 1 for the first attempt, then 2, 3, …
    public var seq: Int
    /// The provider tried.
    public var provider: String
    /// When the attempt started.
    public var startedAt: Date
    /// When its outcome was known.
    public var finishedAt: Date?
    /// The outcome class (`accepted`, `rejected`, `routeRejected`, `throttled`, `unavailable`,
    /// `ambiguous`, `accountProblem`).
    public var outcome: String
    /// The provider's status or error code.
    public var code: String?
    /// A human-readable detail.
    public var detail: String?
    /// The price per segment.
    public var unitPrice: Double?
    /// What the attempt cost.
    public var cost: Double?
    /// The attempt's decision trace as JSON, when one was logged with it.
    public var trace: String?

    init(row: Row) {
        seq = row["seq"]
        provider = row["provider"]
        startedAt = Date(timeIntervalSince1970: row["started_at"])
        finishedAt = (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        outcome = row["outcome"]
        code = row["code"]
        detail = row["detail"]
        unitPrice = row["unit_price"]
        cost = row["cost"]
        trace = row["trace"]
    }
}
