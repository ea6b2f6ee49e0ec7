import Foundation
import GRDB
import Synchronization

/// The single writer: callers enqueue writes; one thread drains everything queued, writes it in
/// one transaction with cached statements, commits, then wakes the callers (group commit).
final class OutcomeLogWriter: Sendable {
    private struct Batch {
        var writes: [LogWrite] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var closed = false
    }

    private let pool: DatabasePool
    private let queue = Mutex(Batch())
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Rows written so far (all tables).
    let rowsWritten = Atomic<Int>(0)

    init(pool: DatabasePool) {
        self.pool = pool
        let thread = Thread { [self] in self.run() }
        thread.name = "switchboard.outcome-log"
        thread.start()
    }

    /// Enqueues writes and returns once they are committed.
    func write(_ writes: [LogWrite]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = queue.withLock { batch -> Bool in
                guard !batch.closed else { return false }
                let wasEmpty = batch.writes.isEmpty && batch.waiters.isEmpty
                batch.writes.append(contentsOf: writes)
                batch.waiters.append(continuation)
                if wasEmpty { wake.signal() }
                return true
            }
            if !accepted { continuation.resume(throwing: OutcomeLogError.closed) }
        }
    }

    /// Enqueues writes without waiting for the commit.
    func enqueue(_ writes: [LogWrite]) {
        queue.withLock { batch in
            guard !batch.closed else { return }
            let wasEmpty = batch.writes.isEmpty && batch.waiters.isEmpty
            batch.writes.append(contentsOf: writes)
            if wasEmpty { wake.signal() }
        }
    }

    /// Flushes what is queued and stops the thread.
    func close() {
        let first = queue.withLock { batch -> Bool in
            defer { batch.closed = true }
            return !batch.closed
        }
        guard first else { return }
        wake.signal()
        done.wait()
    }

    private func run() {
        while true {
            wake.wait()
            while true {
                let (writes, waiters, closed) = queue.withLock { batch in
                    defer {
                        batch.writes.removeAll(keepingCapacity: true)
                        batch.waiters.removeAll(keepingCapacity: true)
                    }
                    return (batch.writes, batch.waiters, batch.closed)
                }
                if writes.isEmpty && waiters.isEmpty {
                    if closed {
                        done.signal()
                        return
                    }
                    break
                }
                do {
                    try pool.writeWithoutTransaction { db in
                        try db.inTransaction {
                            for write in writes { try Self.apply(write, db) }
                            return .commit
                        }
                    }
                    rowsWritten.add(writes.count, ordering: .relaxed)
                    for w in waiters { w.resume() }
                } catch {
                    for w in waiters { w.resume(throwing: error) }
                }
            }
        }
    }

    /// A JSON array of strings (JSONEncoder costs microseconds per call on this hot path).
    static func jsonArray(_ items: [String]) -> String {
        var out = "["
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for scalar in item.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        return out + "]"
    }

    private static func apply(_ write: LogWrite, _ db: Database) throws {
        switch write {
        case .message(let m):
            try db.cachedStatement(sql: """
                INSERT INTO messages (id, created_at, updated_at, recipient, country, sender, channel, tag, text,
                                      encoding, segments, idempotency_key, route, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')
                """).execute(arguments: [m.id.rawValue, m.createdAt, m.createdAt, m.recipient, m.country, m.sender,
                                          m.channel, m.tag, m.text, m.encoding, m.segments, m.idempotencyKey, m.route])
        case .attempt(let a):
            try db.cachedStatement(sql: """
                INSERT INTO attempts (message_id, seq, provider, started_at, finished_at, outcome, code, detail,
                                      unit_price, cost, trace)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [a.messageID.rawValue, a.seq, a.provider, a.startedAt, a.finishedAt, a.outcome,
                                          a.code, a.detail, a.unitPrice, a.cost, a.trace])
        case .finish(let f):
            let ids = Self.jsonArray(f.providerMessageIDs)
            try db.cachedStatement(sql: """
                UPDATE messages SET state = ?, provider = ?, provider_message_ids = ?, cost = ?, currency = ?,
                    remaining_balance = ?, attempt_count = ?, error = ?, updated_at = ?, trace = ?,
                    delivery_state = CASE WHEN ? = 'accepted' THEN 'pending' ELSE delivery_state END
                WHERE id = ?
                """).execute(arguments: [f.state, f.provider, ids, f.cost, f.currency, f.remainingBalance, f.attemptCount,
                                          f.error, f.at, f.trace, f.state, f.id.rawValue])
            if let provider = f.provider {
                for (part, pid) in f.providerMessageIDs.enumerated() {
                    try db.cachedStatement(sql: """
                        INSERT OR REPLACE INTO provider_message_ids (provider, provider_message_id, message_id, part)
                        VALUES (?, ?, ?, ?)
                        """).execute(arguments: [provider, pid, f.id.rawValue, part + 1])
                }
            }
        case .receipt(let provider, let r, let at):
            let messageID = try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT message_id FROM provider_message_ids WHERE provider = ? AND provider_message_id = ?
                """), arguments: [provider, r.providerMessageID])
            try db.cachedStatement(sql: """
                INSERT INTO receipts (message_id, provider, provider_message_id, state, provider_status, error_code, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [messageID, provider, r.providerMessageID, r.state.rawValue, r.providerStatus,
                                          r.errorCode, r.timestamp?.timeIntervalSince1970 ?? at])
            if let messageID {
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

    public var description: String { "the outcome log is closed" }
}
