import GRDB

extension OutcomeLog {
    /// A listing query: SQL and its arguments (internal so tests can check its query plan).
    struct ListingQuery {
        var sql: String
        var arguments: StatementArguments
    }

    /// The messages the filter selects, as pages of up to `filter.pageSize` records, in id
    /// (creation) order.
    ///
    /// Each page is a fresh read keyed on the last id of the one before (keyset pagination, never
    /// OFFSET), so listing while the router keeps writing neither skips nor repeats a row. The
    /// listing covers the messages that exist when it starts: in ascending order it stops at the
    /// newest id present at the first page (the filter's `until` permitting); in descending order
    /// newer messages sort before the first page anyway.
    public func messages(filter: MessageFilter) -> MessagePages {
        MessagePages(log: self, filter: filter, fetch: { try Self.messagePage($0, filter: $1, after: $2, upTo: $3) },
                     newest: { try Self.newestMessageID($0) })
    }

    /// One page of messages after `cursor` (the `next` of the page before; nil for the first), for
    /// REST APIs: `next` is nil when there is nothing after this page right now.
    public func messagePage(filter: MessageFilter, after cursor: MessageID?) throws
        -> (records: [MessageRecord], next: MessageID?) {
        try pool.read { db in
            let page = try Self.messagePage(db, filter: filter, after: cursor, upTo: nil)
            return (page.records, page.next)
        }
    }

    /// The inbound messages the filter selects, as pages (see ``MessageFilter`` for which fields
    /// apply), in arrival (row id) order.
    public func inboundMessages(filter: MessageFilter) -> InboundPages {
        InboundPages(log: self, filter: filter, fetch: { try Self.inboundPage($0, filter: $1, after: $2, upTo: $3) },
                     newest: { try Self.newestInboundID($0) })
    }

    /// One page of inbound messages after `cursor` (the `next` of the page before; nil for the
    /// first): `next` is nil when there is nothing after this page right now.
    public func inboundPage(filter: MessageFilter, after cursor: Int64?) throws
        -> (records: [InboundRecord], next: Int64?) {
        try pool.read { db in
            let page = try Self.inboundPage(db, filter: filter, after: cursor, upTo: nil)
            return (page.records, page.next)
        }
    }

    // MARK: - Shared by the page sequences and the single-page calls

    static func messagePage(_ db: Database, filter: MessageFilter, after cursor: MessageID?, upTo bound: Int64?) throws
        -> (records: [MessageRecord], next: MessageID?) {
        let query = messageQuery(filter, after: cursor, upTo: bound)
        var records = try Row.fetchAll(db, sql: query.sql, arguments: query.arguments).map(MessageRecord.init(row:))
        guard records.count > filter.pageSize else { return (records, nil) }
        records.removeLast(records.count - filter.pageSize)
        return (records, records.last?.id)
    }

    /// The newest message id now (the end of an ascending listing that has no `until`).
    static func newestMessageID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM messages") ?? 0
    }

    static func messageQuery(_ filter: MessageFilter, after cursor: MessageID?, upTo bound: Int64?) -> ListingQuery {
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ condition: String, _ value: some DatabaseValueConvertible) {
            conditions.append(condition)
            arguments += [value]
        }
        if let since = filter.since { add("id >= ?", MessageID.lowerBound(of: since).rawValue) }
        if let until = filter.until { add("id < ?", MessageID.lowerBound(of: until).rawValue) }
        if let bound { add("id <= ?", bound) }
        if let cursor { add(filter.sort == .ascending ? "id > ?" : "id < ?", cursor.rawValue) }
        if let from = filter.from { add("sender = ?", from) }
        if let to = filter.to { add("recipient = ?", to) }
        if let direction = filter.direction { add("direction = ?", direction.rawValue) }
        if let state = filter.state { add("state = ?", state) }
        if let deliveryState = filter.deliveryState { add("delivery_state = ?", deliveryState) }
        if let provider = filter.provider { add("provider = ?", provider) }
        if let country = filter.country { add("country = ?", country) }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let order = filter.sort == .ascending ? "ASC" : "DESC"
        return ListingQuery(sql: "SELECT * FROM messages\(whereClause) ORDER BY id \(order) LIMIT \(filter.pageSize + 1)",
                            arguments: arguments)
    }

    static func inboundPage(_ db: Database, filter: MessageFilter, after cursor: Int64?, upTo bound: Int64?) throws
        -> (records: [InboundRecord], next: Int64?) {
        guard let query = inboundQuery(filter, after: cursor, upTo: bound) else { return ([], nil) }
        var records = try Row.fetchAll(db, sql: query.sql, arguments: query.arguments).map(InboundRecord.init(row:))
        guard records.count > filter.pageSize else { return (records, nil) }
        records.removeLast(records.count - filter.pageSize)
        return (records, records.last?.id)
    }

    /// The newest inbound row id now.
    static func newestInboundID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM inbound") ?? 0
    }

    /// nil when the filter asks for something inbound messages do not have.
    static func inboundQuery(_ filter: MessageFilter, after cursor: Int64?, upTo bound: Int64?) -> ListingQuery? {
        guard filter.state == nil, filter.deliveryState == nil, filter.country == nil,
              filter.direction != .outbound else { return nil }
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ condition: String, _ value: some DatabaseValueConvertible) {
            conditions.append(condition)
            arguments += [value]
        }
        if let since = filter.since { add("at >= ?", since.timeIntervalSince1970) }
        if let until = filter.until { add("at < ?", until.timeIntervalSince1970) }
        if let bound { add("id <= ?", bound) }
        if let cursor { add(filter.sort == .ascending ? "id > ?" : "id < ?", cursor) }
        if let from = filter.from { add("sender = ?", from) }
        if let to = filter.to { add("recipient = ?", to) }
        if let provider = filter.provider { add("provider = ?", provider) }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let order = filter.sort == .ascending ? "ASC" : "DESC"
        return ListingQuery(sql: "SELECT * FROM inbound\(whereClause) ORDER BY id \(order) LIMIT \(filter.pageSize + 1)",
                            arguments: arguments)
    }
}
