import GRDB

/// Pages of messages from ``OutcomeLog/messages(filter:)``.
public typealias MessagePages = LogPages<MessageRecord, MessageID>

/// Pages of inbound messages from ``OutcomeLog/inboundMessages(filter:)``.
public typealias InboundPages = LogPages<InboundRecord, Int64>

/// Pages of a keyset-paged listing of the outcome log: each element is one page (never empty),
/// read fresh from the log when it is asked for. An ascending listing ends at the newest row
/// present when it starts.
public struct LogPages<Record: Sendable, Cursor: Sendable>: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = [Record]

    /// Reads one page: after the cursor, up to the bound (nil: none).
    typealias Fetch = @Sendable (Database, MessageFilter, Cursor?, Int64?) throws -> (records: [Record], next: Cursor?)

    let log: OutcomeLog
    let filter: MessageFilter
    let fetch: Fetch
    /// The newest row id now (where an ascending listing ends).
    let newest: @Sendable (Database) throws -> Int64

    /// Starts reading pages.
    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: self)
    }

    /// Reads the pages one by one.
    public struct Iterator: AsyncIteratorProtocol {
        let pages: LogPages
        var cursor: Cursor?
        var bound: Int64?
        var finished = false

        init(pages: LogPages) { self.pages = pages }

        /// The next page, or nil after the last.
        public mutating func next() async throws -> [Record]? {
            guard !finished else { return nil }
            let (pages, cursor, bound) = (self.pages, self.cursor, self.bound)
            let (page, end) = try await pages.log.pool.read { db in
                let end = try bound ?? (pages.filter.sort == .ascending ? pages.newest(db) : nil)
                return (try pages.fetch(db, pages.filter, cursor, end), end)
            }
            self.bound = end
            self.cursor = page.next
            finished = page.next == nil
            return page.records.isEmpty ? nil : page.records
        }
    }
}
