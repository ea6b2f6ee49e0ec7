public import Foundation
import GRDB

/// A message as the log knows it.
public struct MessageRecord: Sendable, Hashable, Codable {
    public var id: MessageID
    public var createdAt: Date
    public var updatedAt: Date
    public var direction: String
    public var recipient: String
    public var country: String?
    public var sender: String?
    public var channel: String
    public var tag: String?
    public var text: String
    public var segments: Int?
    public var state: String
    public var provider: String?
    public var providerMessageIDs: [String]
    public var cost: Double?
    public var currency: String?
    public var deliveryState: String?
    public var route: String?
    public var attemptCount: Int
    public var error: String?
}

extension OutcomeLog {
    /// A message by id.
    public func message(id: MessageID) throws -> MessageRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE id = ?", arguments: [id.rawValue]).map(Self.record)
        }
    }

    /// The message sent earlier with this idempotency key, if any.
    public func message(idempotencyKey: String) throws -> MessageRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE idempotency_key = ?", arguments: [idempotencyKey]).map(Self.record)
        }
    }

    /// Whether a number (E.164) has opted out.
    public func isOptedOut(_ number: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM opt_outs WHERE number = ?", arguments: [number]) ?? false
        }
    }

    /// Counts of rows per table (for reports and tests).
    public func counts() throws -> [String: Int] {
        try pool.read { db in
            var result: [String: Int] = [:]
            for table in ["messages", "attempts", "receipts", "inbound", "opt_outs", "health_events"] {
                result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return result
        }
    }

    /// Attempts of a message, in order, as (provider, outcome, code).
    public func attempts(of id: MessageID) throws -> [(provider: String, outcome: String, code: String?)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT provider, outcome, code FROM attempts WHERE message_id = ? ORDER BY seq",
                             arguments: [id.rawValue]).map { ($0["provider"], $0["outcome"], $0["code"]) }
        }
    }

    static func record(_ row: Row) -> MessageRecord {
        let ids: String? = row["provider_message_ids"]
        return MessageRecord(
            id: MessageID(rawValue: row["id"]),
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
            direction: row["direction"], recipient: row["recipient"], country: row["country"], sender: row["sender"],
            channel: row["channel"], tag: row["tag"], text: row["text"], segments: row["segments"], state: row["state"],
            provider: row["provider"],
            providerMessageIDs: ids.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [],
            cost: row["cost"], currency: row["currency"], deliveryState: row["delivery_state"], route: row["route"],
            attemptCount: row["attempt_count"], error: row["error"])
    }
}
