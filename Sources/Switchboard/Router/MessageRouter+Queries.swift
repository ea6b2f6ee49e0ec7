public import Foundation

extension MessageRouter {
    /// Messages matching `filter` (from/to/time range/direction/state/delivery state, sorted,
    /// paged), as an async sequence of pages read from the outcome log.
    public func messages(filter: MessageFilter) -> MessagePages { log.messages(filter: filter) }

    /// Counts, cost, delivery ratio, fallbacks and latency grouped by provider, country or day.
    public func report(since: Date? = nil, until: Date? = nil, by grouping: ReportGrouping) throws -> [ReportRow] {
        try log.report(since: since, until: until, by: grouping)
    }
}
