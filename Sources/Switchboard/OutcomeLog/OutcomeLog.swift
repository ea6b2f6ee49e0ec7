import Foundation
import GRDB

/// The outcome log: every message, attempt (with its decision trace), receipt, inbound message,
/// opt-out and health event, in SQLite (WAL) through one group-committing writer (DESIGN §6).
///
/// Crash safety: a message is written (state `pending`) before its first attempt. When the log
/// is opened after a crash, messages still `pending` are marked `unknown` and listed in
/// ``recoveredInFlight`` — they are reported, never silently re-sent.
///
/// Message states: `pending | accepted | partial | failed | unknown`. Queries: a message by id or
/// idempotency key with its attempts and receipts; filtered, sorted, keyset-paged listings
/// (``messages(filter:)``, ``inboundMessages(filter:)``); cost and delivery reports
/// (``report(since:until:by:)``), delivery stats per provider and country and the opt-out list
/// for the router's start.
public final class OutcomeLog: Sendable {
    let pool: DatabasePool
    private let writer: OutcomeLogWriter
    /// Messages that were mid-flight when the process last stopped (now marked `unknown`).
    public let recoveredInFlight: [MessageID]
    /// The database file.
    public let path: String

    /// Opens (creating and migrating when needed) the log at `path`.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a committed transaction survives a process crash (SIGKILL); only an
            // OS crash or power loss can lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try OutcomeLogSchema.migrator.migrate(pool)
        let now = Date().timeIntervalSince1970
        recoveredInFlight = try pool.write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM messages WHERE state = 'pending' ORDER BY id")
            if !ids.isEmpty {
                try db.execute(sql: """
                    UPDATE messages SET state = 'unknown', updated_at = ?,
                        error = 'process stopped while the message was in flight; it may or may not have been sent'
                    WHERE state = 'pending'
                    """, arguments: [now])
            }
            return ids.map(MessageID.init(rawValue:))
        }
        writer = OutcomeLogWriter(pool: pool)
    }

    /// Writes and waits until they are committed.
    public func write(_ writes: [LogWrite]) async throws {
        try await writer.write(writes)
    }

    /// Queues writes without waiting (they commit with the next group).
    public func enqueue(_ writes: [LogWrite]) {
        writer.enqueue(writes)
    }

    /// Writes committed since the log was opened (each ``LogWrite`` counts as one).
    public var rowsWritten: Int { writer.rowsWritten.load(ordering: .relaxed) }

    /// Writes queued with ``enqueue(_:)`` that failed and were dropped since the log was opened
    /// (each failed alone, in its own transaction, after its group failed; ``write(_:)`` throws
    /// instead).
    public var failedWrites: Int { writer.failedWrites.load(ordering: .relaxed) }

    /// The thread that checkpoints the WAL beside the writer.
    var checkpointer: OutcomeLogCheckpointer { writer.checkpointer }

    /// Flushes queued writes and stops the writer.
    public func close() {
        writer.close()
    }

    deinit {
        writer.close()
    }
}
