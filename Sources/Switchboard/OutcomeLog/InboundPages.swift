/// Pages of inbound messages from ``OutcomeLog/inboundMessages(filter:)``: each element is one
/// page (never empty), read fresh from the log when it is asked for.
public struct InboundPages: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = [InboundRecord]

    let log: OutcomeLog
    let filter: MessageFilter

    /// Starts reading pages.
    public func makeAsyncIterator() -> Iterator {
        Iterator(log: log, filter: filter)
    }

    /// Reads the pages one by one.
    public struct Iterator: AsyncIteratorProtocol {
        let log: OutcomeLog
        let filter: MessageFilter
        var cursor: Int64?
        var bound: Int64?
        var finished = false

        /// The next page, or nil after the last.
        public mutating func next() async throws -> [InboundRecord]? {
            guard !finished else { return nil }
            let (filter, cursor, bound) = (self.filter, self.cursor, self.bound)
            let (page, end) = try await log.pool.read { db in
                // An ascending listing ends at the newest inbound message present when it starts.
                let end = try bound ?? (filter.sort == .ascending ? OutcomeLog.newestInboundID(db) : nil)
                return (try OutcomeLog.inboundPage(db, filter: filter, after: cursor, upTo: end), end)
            }
            self.bound = end
            self.cursor = page.next
            finished = page.next == nil
            return page.records.isEmpty ? nil : page.records
        }
    }
}
