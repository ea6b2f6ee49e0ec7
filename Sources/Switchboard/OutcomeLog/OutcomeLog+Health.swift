public import Foundation
import GRDB

/// A provider health state change as recorded in the log.
public struct HealthEventRecord: Sendable, Hashable, Codable {
    /// The provider id.
    public var provider: String
    /// When it changed.
    public var at: Date
    /// The new state (`open`, `half-open`, `closed`, `paused`, `unhealthy`, `healthy`).
    public var state: String
    /// Why (never a secret).
    public var reason: String
}

extension OutcomeLog {
    /// Health events, oldest first, optionally for one provider and since a time.
    public func healthEvents(provider: String? = nil, since: Date? = nil, limit: Int = 1000) throws -> [HealthEventRecord] {
        try pool.read { db in
            var sql = "SELECT provider, at, state, reason FROM health_events WHERE 1 = 1"
            var arguments: StatementArguments = []
            if let provider {
                sql += " AND provider = ?"
                arguments += [provider]
            }
            if let since {
                sql += " AND at >= ?"
                arguments += [since.timeIntervalSince1970]
            }
            sql += " ORDER BY id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                HealthEventRecord(provider: $0["provider"], at: Date(timeIntervalSince1970: $0["at"]),
                                  state: $0["state"], reason: $0["reason"])
            }
        }
    }
}
