import GRDB

extension OutcomeLog {
    /// A message by id.
    public func message(id: MessageID) throws -> MessageRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE id = ?", arguments: [id.rawValue])
                .map(MessageRecord.init(row:))
        }
    }

    /// The message sent earlier with this idempotency key, if any.
    public func message(idempotencyKey: String) throws -> MessageRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE idempotency_key = ?", arguments: [idempotencyKey])
                .map(MessageRecord.init(row:))
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

    /// Rows whose foreign key points at nothing (an attempt or provider message id without its
    /// message), from `PRAGMA foreign_key_check`: 0 in a sound log. SQLite does not enforce the
    /// keys on the hot path (see ``init(path:)``); tests and ops checks call this.
    public func foreignKeyViolations() throws -> Int {
        try pool.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count }
    }

    /// Attempts of a message, in order, as (provider, outcome, code). ``attemptRecords(of:)`` has
    /// every column.
    public func attempts(of id: MessageID) throws -> [(provider: String, outcome: String, code: String?)] {
        try attemptRecords(of: id).map { ($0.provider, $0.outcome, $0.code) }
    }

    /// Attempts of a message, in order.
    public func attemptRecords(of id: MessageID) throws -> [AttemptRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE message_id = ? ORDER BY seq, id",
                             arguments: [id.rawValue]).map(AttemptRecord.init(row:))
        }
    }

    /// Delivery receipts of a message (every part), in arrival order.
    public func receipts(of id: MessageID) throws -> [ReceiptRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM receipts WHERE message_id = ? ORDER BY id",
                             arguments: [id.rawValue]).map(ReceiptRecord.init(row:))
        }
    }

    /// Whether a number (E.164) has opted out.
    public func isOptedOut(_ number: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM opt_outs WHERE number = ?", arguments: [number]) ?? false
        }
    }

    /// Every number that has opted out, sorted (the router loads them into memory at start).
    public func optOuts() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT number FROM opt_outs ORDER BY number")
        }
    }

    /// Takes a number off the opt-out list (it opted back in) and waits for the commit.
    ///
    /// Goes through the writer as ``LogWrite/removeOptOut(number:)``, in order with the opt-outs
    /// queued before it.
    public func removeOptOut(_ number: String) async throws {
        try await write([.removeOptOut(number: number)])
    }
}
