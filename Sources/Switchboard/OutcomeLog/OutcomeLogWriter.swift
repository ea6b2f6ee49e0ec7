import Foundation
import GRDB
import Synchronization

/// The single writer: callers enqueue writes; one thread drains everything queued, writes it in
/// one transaction (group commit) through ``OutcomeLogStatements``, commits, then wakes the
/// callers. WAL checkpoints run beside it (``OutcomeLogCheckpointer``), not inside its commits.
///
/// If a group fails (a constraint, say a duplicate idempotency key), it is rolled back and each
/// caller's writes are retried in their own transaction, so one bad write fails only its own
/// caller. Enqueued writes that fail on their own are dropped and counted in ``failedWrites``.
final class OutcomeLogWriter: Sendable {
    /// One caller's writes and, for `write`, its waiting continuation.
    private struct Entry {
        var writes: [LogWrite]
        var waiter: CheckedContinuation<Void, any Error>?
    }

    private struct Queue {
        var entries: [Entry] = []
        /// Writes in `entries`.
        var rows = 0
        /// Some entry in `entries` has a caller waiting for its commit.
        var waited = false
        /// The writer is letting writes accumulate (``linger``): a first entry does not wake it.
        var lingering = false
        var closed = false

        /// Something that must be committed now: a waiting caller, enough rows, or closing.
        var urgent: Bool { closed || waited || rows >= OutcomeLogWriter.lingerRows }
    }

    /// How long the writer lets writes nobody waits for (outcomes, attempts, receipts)
    /// accumulate before it commits them, unless a waited write or ``lingerRows`` rows arrive
    /// first.
    ///
    /// Committing every time something was queued made transactions of ~3 messages' rows at
    /// high volume (9,144 commits for 31,000 messages in `bench e2e`), and a commit rewrites
    /// every page it touched into the WAL. Outcomes are queued after the provider answered,
    /// so a crash in this window leaves those messages `pending`, reported as `unknown` on
    /// the next start — never re-sent — as a crash during the request itself would.
    static let linger: Double = 0.004
    /// Rows that end the linger at once.
    static let lingerRows = 2048

    private let pool: DatabasePool
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Writes committed so far (all tables).
    let rowsWritten = Atomic<Int>(0)
    /// Transactions committed so far.
    let commits = Atomic<Int>(0)
    /// Nanoseconds the writer thread spent in transactions (its busy time, for capacity figures).
    let commitNanos = Atomic<UInt64>(0)
    /// Enqueued writes dropped because they failed (a caller of `write` gets its error instead).
    let failedWrites = Atomic<Int>(0)

    /// Checkpoints the WAL beside this writer.
    let checkpointer: OutcomeLogCheckpointer

    init(pool: DatabasePool) {
        self.pool = pool
        checkpointer = OutcomeLogCheckpointer(path: pool.path)
        pool.writeWithoutTransaction { db in
            checkpointer.install(on: db)
            // 16 MiB of page cache for the writer connection (SQLite's default is 2 MiB): a
            // group of a few thousand messages dirties more pages than 2 MiB holds, and SQLite
            // then spills pages to the WAL mid-transaction and writes them again at commit.
            try? db.execute(sql: "PRAGMA cache_size = -16384")
        }
        let thread = Thread { [self] in self.run() }
        thread.name = "switchboard.outcome-log"
        thread.start()
    }

    /// Enqueues writes and returns once they are committed.
    func write(_ writes: [LogWrite]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            if !add(Entry(writes: writes, waiter: continuation)) {
                continuation.resume(throwing: OutcomeLogError.closed)
            }
        }
    }

    /// Enqueues writes without waiting for the commit.
    func enqueue(_ writes: [LogWrite]) {
        guard !writes.isEmpty else { return }
        _ = add(Entry(writes: writes, waiter: nil))
    }

    private func add(_ entry: Entry) -> Bool {
        queue.withLock { queue -> Bool in
            guard !queue.closed else { return false }
            let before = queue.rows
            queue.entries.append(entry)
            queue.rows += entry.writes.count
            // Wake the writer when the queue fills from empty, and again (to end a linger)
            // when a caller waits or the rows reach `lingerRows`. A surplus signal only makes
            // the writer look at the queue once more.
            if (queue.entries.count == 1 && !queue.lingering)
                || (entry.waiter != nil && !queue.waited)
                || (before < Self.lingerRows && queue.rows >= Self.lingerRows) {
                wake.signal()
            }
            if entry.waiter != nil { queue.waited = true }
            return true
        }
    }

    /// Writer thread: moves the queued entries to the end of `group`.
    /// - Returns: whether the log is closing, and whether some entry of `group` has a waiter.
    private func take(into group: inout [Entry]) -> (closed: Bool, waited: Bool) {
        queue.withLock { queue in
            let waited = queue.waited
            if group.isEmpty {
                swap(&group, &queue.entries)
            } else {
                group += queue.entries
                queue.entries.removeAll(keepingCapacity: true)
            }
            queue.rows = 0
            queue.waited = false
            return (queue.closed, waited)
        }
    }

    /// Flushes what is queued and stops the thread.
    func close() {
        let first = queue.withLock { queue -> Bool in
            defer { queue.closed = true }
            return !queue.closed
        }
        guard first else { return }
        wake.signal()
        done.wait()
        pool.writeWithoutTransaction { checkpointer.uninstall(from: $0) }
        checkpointer.close()
    }

    private func run() {
        var group: [Entry] = []
        while true {
            wake.wait()
            while true {
                let (closed, waited) = take(into: &group)
                if group.isEmpty {
                    if closed {
                        done.signal()
                        return
                    }
                    break
                }
                if !closed, !waited, group.reduce(0, { $0 + $1.writes.count }) < Self.lingerRows {
                    // Nobody waits for these: let more join them (see `linger`).
                    linger()
                    _ = take(into: &group)
                }
                commit(group)
                group.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Writer thread: waits up to ``linger`` for more writes, or less when something urgent
    /// is queued (a waiting caller, ``lingerRows`` rows, closing).
    private func linger() {
        guard queue.withLock({ queue in
            guard !queue.urgent else { return false }
            queue.lingering = true
            return true
        }) else { return }
        // Signals left from entries queued during the last commit are spent first, so they do
        // not cut the linger short; then what is queued decides.
        while wake.wait(timeout: .now()) == .success {}
        if !queue.withLock({ $0.urgent }) {
            _ = wake.wait(timeout: .now() + Self.linger)
        }
        queue.withLock { $0.lingering = false }
    }

    /// Writes a group in one transaction; when that fails, each entry in its own.
    private func commit(_ group: [Entry]) {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { commitNanos.add(DispatchTime.now().uptimeNanoseconds &- started, ordering: .relaxed) }
        do {
            let count = try write(group[...])
            rowsWritten.add(count, ordering: .relaxed)
            commits.add(1, ordering: .relaxed)
            for entry in group { entry.waiter?.resume() }
        } catch {
            for entry in group {
                do {
                    rowsWritten.add(try write(CollectionOfOne(entry)), ordering: .relaxed)
                    commits.add(1, ordering: .relaxed)
                    entry.waiter?.resume()
                } catch {
                    if let waiter = entry.waiter {
                        waiter.resume(throwing: error)
                    } else {
                        failedWrites.add(entry.writes.count, ordering: .relaxed)
                    }
                }
            }
        }
    }

    private func write(_ entries: some Collection<Entry>) throws -> Int {
        try pool.writeWithoutTransaction { db in
            var count = 0
            try db.inTransaction(.immediate) {
                let statements = try OutcomeLogStatements(db)
                for entry in entries {
                    for write in entry.writes { try Self.apply(write, statements, db) }
                    count += entry.writes.count
                }
                return .commit
            }
            return count
        }
    }

    /// A JSON array of strings (JSONEncoder costs microseconds per call on this hot path).
    static func jsonArray(_ items: [String]) -> String {
        var out = "["
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            JSONString.append(item, to: &out)
        }
        return out + "]"
    }

    private static func apply(_ write: LogWrite, _ statements: OutcomeLogStatements, _ db: Database) throws {
        switch write {
        case .message(let m):
            try statements.insert(m)
        case .attempt(let a):
            try statements.insert(a)
        case .finish(let f):
            try statements.finish(f)
        case .receipt(let provider, let r, let at):
            let messageID = try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT message_id FROM provider_message_ids WHERE provider = ? AND provider_message_id = ?
                """), arguments: [provider, r.providerMessageID])
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO receipts (message_id, provider, provider_message_id, state, provider_status, error_code, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [messageID, provider, r.providerMessageID, r.state.rawValue, r.providerStatus,
                                          r.errorCode, r.timestamp?.timeIntervalSince1970 ?? at])
            // A redelivered receipt (same part, status and error code) changes nothing.
            if let messageID, db.changesCount > 0 {
                // A multipart message is delivered when every part is; any failed part fails it.
                try db.cachedStatement(sql: """
                    UPDATE messages SET updated_at = :at, delivery_state = CASE
                        WHEN :state = 'failed' OR delivery_state = 'failed' THEN 'failed'
                        WHEN :state = 'delivered' AND
                             (SELECT COUNT(DISTINCT provider_message_id) FROM receipts
                               WHERE message_id = :id AND state = 'delivered')
                             >= (SELECT COUNT(*) FROM provider_message_ids WHERE message_id = :id)
                            THEN 'delivered'
                        ELSE COALESCE(delivery_state, 'pending') END
                    WHERE id = :id
                    """).execute(arguments: ["at": at, "state": r.state.rawValue, "id": messageID])
            }
        case .inbound(let provider, let m, let at):
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO inbound (provider, provider_message_id, sender, recipient, text, at)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [provider, m.providerMessageID, m.from, m.to, m.text,
                                          m.timestamp?.timeIntervalSince1970 ?? at])
        case .optOut(let number, let source, let at):
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO opt_outs (number, created_at, source) VALUES (?, ?, ?)")
                .execute(arguments: [number, at, source])
        case .removeOptOut(let number):
            try db.cachedStatement(sql: "DELETE FROM opt_outs WHERE number = ?").execute(arguments: [number])
        case .health(let provider, let state, let reason, let at):
            try db.cachedStatement(sql: "INSERT INTO health_events (provider, at, state, reason) VALUES (?, ?, ?, ?)")
                .execute(arguments: [provider, at, state, reason])
        }
    }
}

/// Errors of the outcome log.
public enum OutcomeLogError: Error, Sendable, CustomStringConvertible {
    /// The log was closed.
    case closed
    /// The log was opened read-only (``OutcomeLog/init(readingFrom:)``).
    case readOnly
    /// The file is not an outcome log this version can read.
    case notALog(path: String, reason: String)
    /// Another process (a router, `switchboard serve`, the demo) has the log open for writing.
    case inUse(path: String, pid: Int32?)
    /// The lock file beside the log could not be opened.
    case lockFailed(path: String, reason: String)

    /// What went wrong, in words.
    public var description: String {
        switch self {
        case .closed: "the outcome log is closed"
        case .readOnly: "the outcome log is open read-only"
        case .notALog(let path, let reason): "\(path) is not a Switchboard outcome log: \(reason)"
        case .inUse(let path, let pid):
            "\(path) is being written by another Switchboard process\(pid.map { " (pid \($0))" } ?? "") — a router, "
                + "`switchboard serve` or the demo; one process writes a log at a time. Read it with `switchboard messages` "
                + "or `switchboard report` (read-only), send through that process (e.g. the server's REST API), or use another --db"
        case .lockFailed(let path, let reason):
            "cannot open the lock file \(path): \(reason); check that its directory is writable"
        }
    }
}
