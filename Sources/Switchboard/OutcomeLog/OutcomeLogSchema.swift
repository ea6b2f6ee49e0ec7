import GRDB

/// The outcome log's tables, as forward-only named migrations (DESIGN §6).
///
/// Never edit a registered migration: add a new one. Message states are
/// `pending | accepted | partial | failed | unknown` (`partial`: some parts of a long message were
/// accepted, others not); delivery states `pending | delivered | failed | unknown`.
enum OutcomeLogSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-messages-attempts") { db in
            try db.execute(sql: """
                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY,              -- MessageID: time-ordered
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    direction TEXT NOT NULL DEFAULT 'outbound',
                    recipient TEXT NOT NULL,             -- E.164
                    country TEXT,
                    sender TEXT,
                    channel TEXT NOT NULL,
                    tag TEXT,
                    text TEXT NOT NULL,
                    encoding TEXT,
                    segments INTEGER,
                    idempotency_key TEXT UNIQUE,
                    state TEXT NOT NULL,                 -- pending | accepted | failed | unknown
                    provider TEXT,
                    provider_message_ids TEXT,           -- JSON array, per part
                    cost REAL,
                    currency TEXT,
                    remaining_balance REAL,
                    delivery_state TEXT,                 -- pending | delivered | failed | unknown
                    route TEXT,
                    attempt_count INTEGER NOT NULL DEFAULT 0,
                    error TEXT
                );
                CREATE INDEX messages_in_flight ON messages(state) WHERE state = 'pending';
                CREATE INDEX messages_recipient ON messages(recipient, id);
                CREATE TABLE attempts (
                    id INTEGER PRIMARY KEY,
                    message_id INTEGER NOT NULL REFERENCES messages(id),
                    seq INTEGER NOT NULL,
                    provider TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    outcome TEXT NOT NULL,               -- accepted | rejected | routeRejected | throttled | …
                    code TEXT,
                    detail TEXT,
                    unit_price REAL,
                    cost REAL,
                    trace TEXT                           -- JSON decision trace (route, candidates, exclusions)
                );
                CREATE INDEX attempts_message ON attempts(message_id);
                CREATE TABLE provider_message_ids (
                    provider TEXT NOT NULL,
                    provider_message_id TEXT NOT NULL,
                    message_id INTEGER NOT NULL REFERENCES messages(id),
                    part INTEGER NOT NULL,
                    PRIMARY KEY (provider, provider_message_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v1-receipts-inbound-optouts-health") { db in
            try db.execute(sql: """
                CREATE TABLE receipts (
                    id INTEGER PRIMARY KEY,
                    message_id INTEGER,
                    provider TEXT NOT NULL,
                    provider_message_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    provider_status TEXT NOT NULL,
                    error_code TEXT,
                    at REAL NOT NULL
                );
                CREATE INDEX receipts_message ON receipts(message_id);
                CREATE TABLE inbound (
                    id INTEGER PRIMARY KEY,
                    provider TEXT NOT NULL,
                    provider_message_id TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    text TEXT NOT NULL,
                    at REAL NOT NULL,
                    UNIQUE (provider, provider_message_id)
                );
                CREATE TABLE opt_outs (
                    number TEXT PRIMARY KEY,
                    created_at REAL NOT NULL,
                    source TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE health_events (
                    id INTEGER PRIMARY KEY,
                    provider TEXT NOT NULL,
                    at REAL NOT NULL,
                    state TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-message-trace") { db in
            // The decision trace of the whole dispatch (route, candidates, exclusions, what
            // happened at each candidate). Attempts keep their own outcome, code and detail.
            try db.execute(sql: "ALTER TABLE messages ADD COLUMN trace TEXT")
        }
        migrator.registerMigration("v3-listing-indexes") { db in
            // Listing filters by sender, recipient (messages_recipient, v1) or state, in id order
            // (ids are time-ordered, so time ranges are rowid ranges). (state, id) also serves the
            // crash-recovery lookup of pending messages, so the partial index it replaces goes.
            try db.execute(sql: """
                CREATE INDEX messages_sender ON messages(sender, id);
                CREATE INDEX messages_state ON messages(state, id);
                DROP INDEX messages_in_flight;
                CREATE INDEX inbound_sender ON inbound(sender, id);
                CREATE INDEX inbound_recipient ON inbound(recipient, id);
                CREATE INDEX inbound_at ON inbound(at);
                """)
        }
        migrator.registerMigration("v4-receipt-dedupe") { db in
            // Providers redeliver webhooks (Vonage for 24 h until it gets a 2xx; SMS.CX batches
            // are deduplicated on msgId + status): one row per provider, part id, status and error
            // code. Duplicates an older version stored are dropped first.
            try db.execute(sql: """
                DELETE FROM receipts WHERE id NOT IN (
                    SELECT MIN(id) FROM receipts
                    GROUP BY provider, provider_message_id, provider_status, IFNULL(error_code, ''));
                CREATE UNIQUE INDEX receipts_dedupe
                    ON receipts(provider, provider_message_id, provider_status, IFNULL(error_code, ''));
                """)
        }
        return migrator
    }
}
