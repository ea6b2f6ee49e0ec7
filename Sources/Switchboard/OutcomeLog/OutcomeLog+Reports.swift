public import Foundation
import GRDB

extension OutcomeLog {
    /// Cost and delivery report over the outbound messages created in `since ..< until` (either
    /// open), one row per group, sorted by group.
    ///
    /// Time bounds are id bounds (millisecond precision), so a report over a time range reads only
    /// that range. Percentiles are exact (nearest rank over every latency in the group, see
    /// ``ReportRow/percentile(_:ofSorted:)``); a message's send latency runs from its first
    /// attempt's start to its accepting attempt's finish, from the attempt rows.
    public func report(since: Date?, until: Date?, by grouping: ReportGrouping) throws -> [ReportRow] {
        let (low, high) = Self.idRange(since: since, until: until)
        let keys = Self.groupKeys(grouping)
        return try pool.read { db in
            var rows: [ReportGroupKey: ReportRow] = [:]
            let counts = try Row.fetchCursor(db, sql: """
                SELECT \(keys), COUNT(*) AS messages,
                    COUNT(CASE WHEN state = 'accepted' THEN 1 END) AS accepted,
                    COUNT(CASE WHEN state = 'partial' THEN 1 END) AS partial,
                    COUNT(CASE WHEN state = 'failed' THEN 1 END) AS failed,
                    COUNT(CASE WHEN state = 'unknown' THEN 1 END) AS unknown,
                    COUNT(CASE WHEN state = 'pending' THEN 1 END) AS pending,
                    COUNT(CASE WHEN delivery_state = 'delivered' THEN 1 END) AS delivered,
                    COUNT(CASE WHEN delivery_state = 'failed' THEN 1 END) AS delivery_failed,
                    COUNT(CASE WHEN state = 'accepted' AND attempt_count > 1 THEN 1 END) AS fallbacks
                FROM messages WHERE id >= ? AND id < ? AND direction = 'outbound'
                GROUP BY 1, 2, 3
                """, arguments: [low, high])
            while let row = try counts.next() {
                let key = ReportGroupKey(row: row)
                rows[key] = ReportRow(provider: key.provider, country: key.country, day: key.day,
                                      messages: row["messages"], accepted: row["accepted"], partial: row["partial"],
                                      failed: row["failed"], unknown: row["unknown"], pending: row["pending"],
                                      delivered: row["delivered"], deliveryFailed: row["delivery_failed"],
                                      fallbacks: row["fallbacks"])
            }
            var costs: [ReportGroupKey: [String: Double]] = [:]
            let costRows = try Row.fetchCursor(db, sql: """
                SELECT \(keys), COALESCE(currency, '') AS currency, SUM(cost) AS cost
                FROM messages WHERE id >= ? AND id < ? AND direction = 'outbound' AND cost IS NOT NULL
                GROUP BY 1, 2, 3, 4
                """, arguments: [low, high])
            while let row = try costRows.next() {
                costs[ReportGroupKey(row: row), default: [:]][row["currency"]] = row["cost"]
            }
            var latencies: [ReportGroupKey: [Double]] = [:]
            let latencyRows = try Row.fetchCursor(db, sql: """
                SELECT \(keys), a.done - a.first AS latency
                FROM messages
                JOIN (SELECT message_id, MIN(started_at) AS first,
                             MAX(CASE WHEN outcome = 'accepted' THEN finished_at END) AS done
                      FROM attempts WHERE message_id >= ? AND message_id < ? GROUP BY message_id) AS a
                  ON a.message_id = messages.id
                WHERE messages.state = 'accepted' AND messages.direction = 'outbound' AND a.done IS NOT NULL
                """, arguments: [low, high])
            while let row = try latencyRows.next() {
                latencies[ReportGroupKey(row: row), default: []].append(row["latency"])
            }
            return rows.keys.sorted().map { key in
                let row = rows[key]!
                let sorted = (latencies[key] ?? []).sorted()
                return ReportRow(provider: row.provider, country: row.country, day: row.day, messages: row.messages,
                                accepted: row.accepted, partial: row.partial, failed: row.failed, unknown: row.unknown,
                                pending: row.pending, delivered: row.delivered, deliveryFailed: row.deliveryFailed,
                                costs: costs[key] ?? [:], fallbacks: row.fallbacks,
                                p50SendLatency: ReportRow.percentile(50, ofSorted: sorted),
                                p99SendLatency: ReportRow.percentile(99, ofSorted: sorted))
            }
        }
    }

    /// Final delivery outcomes per provider × country of the messages created since `since`
    /// (all when nil), counting each message once: delivered when every part was, failed when any
    /// part failed. Messages without a final receipt are not counted.
    public func deliveryStats(since: Date?) throws -> [DeliveryStat] {
        let (low, _) = Self.idRange(since: since, until: nil)
        return try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT provider, country,
                    COUNT(CASE WHEN delivery_state = 'delivered' THEN 1 END) AS delivered,
                    COUNT(CASE WHEN delivery_state = 'failed' THEN 1 END) AS failed
                FROM messages
                WHERE id >= ? AND provider IS NOT NULL AND delivery_state IN ('delivered', 'failed')
                GROUP BY provider, country ORDER BY provider, country
                """, arguments: [low]).map {
                DeliveryStat(provider: $0["provider"], country: $0["country"], delivered: $0["delivered"], failed: $0["failed"])
            }
        }
    }

    /// `since ..< until` as a half-open range of message ids.
    static func idRange(since: Date?, until: Date?) -> (Int64, Int64) {
        (since.map { MessageID.lowerBound(of: $0).rawValue } ?? Int64.min,
         until.map { MessageID.lowerBound(of: $0).rawValue } ?? Int64.max)
    }

    /// The three group columns (provider, country, day) of a grouping; NULL where it does not group.
    static func groupKeys(_ grouping: ReportGrouping) -> String {
        let day = "strftime('%Y-%m-%d', messages.created_at, 'unixepoch')"
        switch grouping {
        case .provider: return "messages.provider AS g_provider, NULL AS g_country, NULL AS g_day"
        case .country: return "NULL AS g_provider, messages.country AS g_country, NULL AS g_day"
        case .day: return "NULL AS g_provider, NULL AS g_country, \(day) AS g_day"
        case .providerCountry: return "messages.provider AS g_provider, messages.country AS g_country, NULL AS g_day"
        case .providerDay: return "messages.provider AS g_provider, NULL AS g_country, \(day) AS g_day"
        }
    }
}

extension OutcomeLog {
/// A report group: provider, country, day (nil where the grouping does not use it, or NULL).
struct ReportGroupKey: Hashable, Comparable {
    var provider: String?
    var country: String?
    var day: String?

    init(row: Row) {
        provider = row["g_provider"]
        country = row["g_country"]
        day = row["g_day"]
    }

    static func < (a: ReportGroupKey, b: ReportGroupKey) -> Bool {
        func order(_ x: String?, _ y: String?) -> Bool? {
            switch (x, y) {
            case (nil, nil): return nil
            case (nil, _): return false  // nil groups sort last
            case (_, nil): return true
            case let (x?, y?): return x == y ? nil : x < y
            }
        }
        return order(a.day, b.day) ?? order(a.provider, b.provider) ?? order(a.country, b.country) ?? false
    }
}
}
