import Foundation
import GRDB
import Synchronization

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
    /// Nil when the log was opened read-only (``init(readingFrom:)``).
    private let writer: OutcomeLogWriter?
    /// Messages that were mid-flight when the process last stopped (now marked `unknown`).
    public let recoveredInFlight: [MessageID]
    /// The database file.
    public let path: String
    /// Writes a read-only log dropped.
    private let readOnlyDropped = Atomic<Int>(0)
    /// This process's claim on writing the log (nil when read-only).
    private let lock: OutcomeLogLock?

    /// Opens (creating and migrating when needed) the log at `path`.
    ///
    /// - Throws: ``OutcomeLogError/inUse(path:pid:)`` when another process has it open for
    ///   writing (only one writer per log: opening runs crash recovery), or SQLite's error.
    public init(path: String) throws {
        self.path = path
        lock = try OutcomeLogLock(logPath: path)
        var configuration = Configuration()
        // Wait out a lock held briefly elsewhere (a checkpoint, a reader's snapshot, the previous
        // owner still closing) instead of failing at once with SQLITE_BUSY.
        configuration.busyMode = .timeout(5)
        // The schema declares its foreign keys (attempts, provider ids → messages) but SQLite does
        // not check them on every insert: the writer logs a message before anything that refers
        // to it, by construction, and the check (a primary-key lookup per child row) cost a third
        // of the attempt-row throughput (`bench log`: 99,000 → 158,000 attempt rows/s).
        // `foreignKeyViolations()` checks the whole log; the tests run it.
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a committed transaction survives a process crash (SIGKILL); only an
            // OS crash or power loss can lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try OutcomeLogSchema.migrator.migrate(pool)
        let now = Date().timeIntervalSince1970
        let (recovered, newest) = try pool.write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM messages WHERE state = 'pending' ORDER BY id")
            if !ids.isEmpty {
                try db.execute(sql: """
                    UPDATE messages SET state = 'unknown', updated_at = ?,
                        error = 'process stopped while the message was in flight; it may or may not have been sent'
                    WHERE state = 'pending'
                    """, arguments: [now])
            }
            return (ids.map(MessageID.init(rawValue:)), try Self.newestMessageID(db))
        }
        recoveredInFlight = recovered
        // New ids must sort after every id already here, even if the clock went back since the
        // process that wrote them ran (a wrong clock then, NTP stepping it back since).
        MessageID.raiseFloor(above: MessageID(rawValue: newest))
        writer = OutcomeLogWriter(pool: pool)
    }

    /// Opens an existing log for reading only — listings, reports, a message by id — while a
    /// router in another process may be writing it.
    ///
    /// Nothing is written: no migration, no crash recovery (messages still `pending` stay
    /// `pending`, ``recoveredInFlight`` is empty — they may be in flight in the other process),
    /// and ``write(_:)`` throws ``OutcomeLogError/readOnly``.
    ///
    /// - Throws: ``OutcomeLogError/notALog(path:reason:)`` when the file is not an outcome log
    ///   this version can read, or SQLite's error when it cannot be opened.
    public init(readingFrom path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        // The schema declares its foreign keys (attempts, provider ids → messages) but SQLite does
        // not check them on every insert: the writer logs a message before anything that refers
        // to it, by construction, and the check (a primary-key lookup per child row) cost a third
        // of the attempt-row throughput (`bench log`: 99,000 → 158,000 attempt rows/s).
        // `foreignKeyViolations()` checks the whole log; the tests run it.
        configuration.foreignKeysEnabled = false
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrations = try pool.read { db in
                (try OutcomeLogSchema.migrator.completedMigrations(db), try OutcomeLogSchema.migrator.hasCompletedMigrations(db))
            }
            if migrations.0.isEmpty { throw OutcomeLogError.notALog(path: path, reason: "it has no outcome-log tables") }
            if !migrations.1 {
                throw OutcomeLogError.notALog(
                    path: path, reason: "it was written by an older Switchboard; open it once with a router to migrate it")
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw OutcomeLogError.notALog(path: path, reason: "it is not an SQLite database")
        }
        recoveredInFlight = []
        writer = nil
        lock = nil
    }

    /// Writes and waits until they are committed.
    public func write(_ writes: [LogWrite]) async throws {
        guard let writer else { throw OutcomeLogError.readOnly }
        try await writer.write(writes)
    }

    /// Queues writes without waiting: they commit with the next group, within a few
    /// milliseconds (the writer lets such writes gather for up to 4 ms, less when a waited
    /// write arrives, so that high volume commits in large groups). ``write(_:)`` after this
    /// returns once these are committed too. A read-only log drops them (counted in
    /// ``failedWrites``).
    public func enqueue(_ writes: [LogWrite]) {
        guard let writer else {
            readOnlyDropped.add(writes.count, ordering: .relaxed)
            return
        }
        writer.enqueue(writes)
    }

    /// Transactions (group commits) since the log was opened.
    public var commits: Int { writer?.commits.load(ordering: .relaxed) ?? 0 }

    /// Writes committed since the log was opened (each ``LogWrite`` counts as one).
    public var rowsWritten: Int { writer?.rowsWritten.load(ordering: .relaxed) ?? 0 }

    /// Seconds the writer has spent committing since the log was opened: ``rowsWritten`` over
    /// this is what the writer can take when it never waits for work.
    public var commitSeconds: Double { Double(writer?.commitNanos.load(ordering: .relaxed) ?? 0) / 1e9 }

    /// Writes queued with ``enqueue(_:)`` that failed and were dropped since the log was opened
    /// (each failed alone, in its own transaction, after its group failed; ``write(_:)`` throws
    /// instead).
    public var failedWrites: Int {
        (writer?.failedWrites.load(ordering: .relaxed) ?? 0) + readOnlyDropped.load(ordering: .relaxed)
    }

    /// The thread that checkpoints the WAL beside the writer.
    var checkpointer: OutcomeLogCheckpointer? { writer?.checkpointer }

    /// Flushes queued writes and stops the writer.
    public func close() {
        writer?.close()
        lock?.release()
    }

    deinit {
        writer?.close()
        lock?.release()
    }
}
