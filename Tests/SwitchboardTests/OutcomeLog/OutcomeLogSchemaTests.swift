import Foundation
import GRDB
import Testing
@testable import Switchboard

@Suite struct OutcomeLogSchemaTests {
    static func indexes(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"))
    }

    /// A log file made before v3 (only the v1 and v2 migrations, a message left in flight) opens,
    /// migrates, recovers the message through the new index, and opens again without change.
    @Test func migratesAVersion2FileAndReopens() async throws {
        let path = NSTemporaryDirectory() + "sb-v2-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let inFlight = MessageID.next()
        do {
            let pool = try DatabasePool(path: path)
            try OutcomeLogSchema.migrator.migrate(pool, upTo: "v2-message-trace")
            try await pool.write { db in
                #expect(try Self.indexes(db).contains("messages_in_flight"))
                #expect(try !Self.indexes(db).contains("messages_state"))
                try db.execute(sql: """
                    INSERT INTO messages (id, created_at, updated_at, recipient, channel, text, state, trace)
                    VALUES (?, 1, 1, '+31612345678', 'sms', 'hi', 'pending', NULL)
                    """, arguments: [inFlight.rawValue])
            }
            try pool.close()
        }
        let log = try OutcomeLog(path: path)
        #expect(log.recoveredInFlight == [inFlight])
        #expect(try log.message(id: inFlight)?.state == "unknown")
        try await log.pool.read { db in
            let names = try Self.indexes(db)
            #expect(names.isSuperset(of: ["messages_sender", "messages_state", "messages_recipient", "inbound_sender",
                                          "inbound_recipient", "inbound_at"]))
            #expect(!names.contains("messages_in_flight"))
            #expect(try OutcomeLogSchema.migrator.appliedIdentifiers(db)
                == ["v1-messages-attempts", "v1-receipts-inbound-optouts-health", "v2-message-trace", "v3-listing-indexes", "v4-receipt-dedupe"])
        }
        log.close()
        let again = try OutcomeLog(path: path)
        #expect(again.recoveredInFlight.isEmpty)
        #expect(try again.message(id: inFlight)?.state == "unknown")
        #expect(try await again.pool.read { try OutcomeLogSchema.migrator.hasCompletedMigrations($0) })
        again.close()
    }

    /// A v3 file that stored a redelivered receipt twice keeps one row after v4, and later
    /// redeliveries are ignored (the same part, status and error code).
    @Test func v4DropsDuplicateReceiptsAndIgnoresRedeliveries() async throws {
        let path = NSTemporaryDirectory() + "sb-v3-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let pool = try DatabasePool(path: path)
            try OutcomeLogSchema.migrator.migrate(pool, upTo: "v3-listing-indexes")
            try await pool.write { db in
                for (status, code) in [("delivered", "0"), ("delivered", "0"), ("accepted", nil), ("failed", "3")] as [(String, String?)] {
                    try db.execute(sql: """
                        INSERT INTO receipts (message_id, provider, provider_message_id, state, provider_status, error_code, at)
                        VALUES (NULL, 'vonage', 'part-1', 'delivered', ?, ?, 1)
                        """, arguments: [status, code])
                }
            }
            try pool.close()
        }
        let log = try OutcomeLog(path: path)
        #expect(try log.counts()["receipts"] == 3)
        let receipt = DeliveryReceipt(providerMessageID: "part-1", state: .delivered, providerStatus: "delivered", errorCode: "0")
        try await log.write([.receipt(provider: "vonage", receipt, at: 2), .receipt(provider: "vonage", receipt, at: 3)])
        let other = DeliveryReceipt(providerMessageID: "part-2", state: .delivered, providerStatus: "delivered", errorCode: "0")
        try await log.write([.receipt(provider: "vonage", other, at: 4)])
        #expect(try log.counts()["receipts"] == 4)
        log.close()
    }
}

@Suite struct OutcomeLogForeignKeyTests {
    /// Keys are declared, not enforced on the hot path: an orphan row is accepted, and
    /// `foreignKeyViolations()` finds it.
    @Test func orphanRowsAreFoundByTheCheck() async throws {
        let path = NSTemporaryDirectory() + "sb-fk-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let log = try OutcomeLog(path: path)
        defer { log.close() }
        let id = MessageID.next()
        try await log.write([.message(LoggedMessage(
            id: id, createdAt: 1.8e9, recipient: "+31612345678", country: "NL", sender: "Switchboard", channel: "sms",
            tag: nil, text: "hi", encoding: "GSM-7", segments: 1, idempotencyKey: nil, route: "r"))])
        try await log.write([.attempt(LoggedAttempt(messageID: id, seq: 1, provider: "kpn", startedAt: 1.8e9,
                                                    finishedAt: 1.8e9, outcome: "accepted"))])
        #expect(try log.foreignKeyViolations() == 0)
        try await log.write([.attempt(LoggedAttempt(messageID: MessageID.next(), seq: 1, provider: "kpn", startedAt: 1.8e9,
                                                    finishedAt: 1.8e9, outcome: "accepted"))])
        #expect(try log.foreignKeyViolations() == 1)
    }
}
