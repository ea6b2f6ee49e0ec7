import GRDB
import GRDBSQLite

/// The writer's hot-path statements (message insert, attempt insert, finish update, provider
/// message id insert), prepared once per group commit and bound straight through the SQLite C API.
///
/// GRDB's `execute(arguments:)` builds a `StatementArguments` array of boxed values and converts
/// each to a `DatabaseValue` for every row, and `cachedStatement(sql:)` hashes the SQL text on
/// every call; together that was about half of the writer thread's time. Here a row costs the
/// `sqlite3_bind_*` calls and one `sqlite3_step`. Text is copied into an arena that lives as long
/// as the statements and bound `SQLITE_STATIC` (no malloc and free inside SQLite per value);
/// bindings are cleared after every step, so no statement keeps pointers into the arena.
///
/// Only valid inside the database access that prepared them (the writer's transaction).
final class OutcomeLogStatements {
    private let insertMessage: Statement
    private let insertAttempt: Statement
    private let finishMessage: Statement
    private let insertProviderMessageID: Statement
    private let db: Database
    private var arena: UnsafeMutableRawPointer
    private var arenaCapacity = 16_384
    private var arenaUsed = 0

    init(_ db: Database) throws {
        self.db = db
        arena = .allocate(byteCount: arenaCapacity, alignment: 16)
        insertMessage = try db.cachedStatement(sql: """
            INSERT INTO messages (id, created_at, updated_at, recipient, country, sender, channel, tag, text,
                                  encoding, segments, idempotency_key, route, state)
            VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'pending')
            """)
        insertAttempt = try db.cachedStatement(sql: """
            INSERT INTO attempts (message_id, seq, provider, started_at, finished_at, outcome, code, detail,
                                  unit_price, cost, trace)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        finishMessage = try db.cachedStatement(sql: """
            UPDATE messages SET state = ?1, provider = ?2, provider_message_ids = ?3, cost = ?4, currency = ?5,
                remaining_balance = ?6, attempt_count = ?7, error = ?8, updated_at = ?9, trace = ?10,
                delivery_state = CASE WHEN ?1 IN ('accepted', 'partial') THEN 'pending' ELSE delivery_state END
            WHERE id = ?11
            """)
        insertProviderMessageID = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO provider_message_ids (provider, provider_message_id, message_id, part)
            VALUES (?1, ?2, ?3, ?4)
            """)
    }

    deinit {
        arena.deallocate()
    }

    func insert(_ m: LoggedMessage) throws {
        let s = insertMessage.sqliteStatement
        reserve(length(m.recipient) + length(m.country) + length(m.sender) + length(m.channel) + length(m.tag)
                    + length(m.text) + length(m.encoding) + length(m.idempotencyKey) + length(m.route))
        try bind(s, 1, m.id.rawValue)
        try bind(s, 2, m.createdAt)
        try bind(s, 3, m.recipient)
        try bind(s, 4, m.country)
        try bind(s, 5, m.sender)
        try bind(s, 6, m.channel)
        try bind(s, 7, m.tag)
        try bind(s, 8, m.text)
        try bind(s, 9, m.encoding)
        try bind(s, 10, Int64(m.segments))
        try bind(s, 11, m.idempotencyKey)
        try bind(s, 12, m.route)
        try step(insertMessage)
    }

    func insert(_ a: LoggedAttempt) throws {
        let s = insertAttempt.sqliteStatement
        reserve(length(a.provider) + length(a.outcome) + length(a.code) + length(a.detail) + length(a.trace))
        try bind(s, 1, a.messageID.rawValue)
        try bind(s, 2, Int64(a.seq))
        try bind(s, 3, a.provider)
        try bind(s, 4, a.startedAt)
        try bind(s, 5, a.finishedAt)
        try bind(s, 6, a.outcome)
        try bind(s, 7, a.code)
        try bind(s, 8, a.detail)
        try bind(s, 9, a.unitPrice)
        try bind(s, 10, a.cost)
        try bind(s, 11, a.trace)
        try step(insertAttempt)
    }

    func finish(_ f: MessageFinish) throws {
        let s = finishMessage.sqliteStatement
        let ids = OutcomeLogWriter.jsonArray(f.providerMessageIDs)
        reserve(length(f.state) + length(f.provider) + length(ids) + length(f.currency) + length(f.error)
                    + length(f.trace))
        try bind(s, 1, f.state)
        try bind(s, 2, f.provider)
        try bind(s, 3, ids)
        try bind(s, 4, f.cost)
        try bind(s, 5, f.currency)
        try bind(s, 6, f.remainingBalance)
        try bind(s, 7, Int64(f.attemptCount))
        try bind(s, 8, f.error)
        try bind(s, 9, f.at)
        try bind(s, 10, f.trace)
        try bind(s, 11, f.id.rawValue)
        try step(finishMessage)
        guard let provider = f.provider else { return }
        let p = insertProviderMessageID.sqliteStatement
        for (part, id) in f.providerMessageIDs.enumerated() {
            reserve(length(provider) + length(id))
            try bind(p, 1, provider)
            try bind(p, 2, id)
            try bind(p, 3, f.id.rawValue)
            try bind(p, 4, Int64(part + 1))
            try step(insertProviderMessageID)
        }
    }

    private func bind(_ s: OpaquePointer, _ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(s, index, value), s)
    }

    private func bind(_ s: OpaquePointer, _ index: Int32, _ value: Double) throws {
        try check(sqlite3_bind_double(s, index, value), s)
    }

    private func bind(_ s: OpaquePointer, _ index: Int32, _ value: Double?) throws {
        try check(value.map { sqlite3_bind_double(s, index, $0) } ?? sqlite3_bind_null(s, index), s)
    }

    /// Makes room in the arena for one row's text (before any of it is bound: growing moves it).
    private func reserve(_ needed: Int) {
        arenaUsed = 0
        guard needed > arenaCapacity else { return }
        arena.deallocate()
        arenaCapacity = max(needed, arenaCapacity * 2)
        arena = .allocate(byteCount: arenaCapacity, alignment: 16)
    }

    private func length(_ value: String?) -> Int {
        value?.utf8.count ?? 0
    }

    /// Copies text into the arena (room made by `reserve`) and binds it without SQLite copying it.
    private func bind(_ s: OpaquePointer, _ index: Int32, _ value: String?) throws {
        guard var value else {
            try check(sqlite3_bind_null(s, index), s)
            return
        }
        let start = arena + arenaUsed
        let count = value.withUTF8 { utf8 -> Int in
            if let base = utf8.baseAddress { start.copyMemory(from: base, byteCount: utf8.count) }
            return utf8.count
        }
        precondition(arenaUsed + count <= arenaCapacity, "text bound without reserving room for it")
        arenaUsed += count
        guard count <= Int(Int32.max) else { throw DatabaseError(resultCode: .SQLITE_TOOBIG, message: "text too long") }
        // SQLITE_STATIC (nil): the bytes outlive the step; a non-null pointer binds '' for count 0.
        try check(sqlite3_bind_text(s, index, start.assumingMemoryBound(to: CChar.self), Int32(count), nil), s)
    }

    private func check(_ code: Int32, _ s: OpaquePointer) throws {
        guard code != SQLITE_OK else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage,
                            sql: sqlite3_sql(s).map { String(cString: $0) })
    }

    /// Runs a bound insert or update to completion and resets it (releasing its locks).
    private func step(_ statement: Statement) throws {
        let s = statement.sqliteStatement
        let code = sqlite3_step(s)
        let message = code == SQLITE_DONE ? nil : db.lastErrorMessage
        sqlite3_reset(s)
        sqlite3_clear_bindings(s)  // no pointers into the arena outlive the step
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
