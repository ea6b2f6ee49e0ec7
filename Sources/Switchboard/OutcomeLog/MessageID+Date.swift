public import Foundation

extension MessageID {
    /// The id made at `milliseconds` since 1970 with per-millisecond `sequence` (0 ..< 2²⁰).
    ///
    /// Useful for id bounds and for building data sets at known times; ``next()`` is what makes
    /// ids for new messages.
    public init(milliseconds: Int64, sequence: Int64 = 0) {
        precondition((0 ..< 1 << 20).contains(sequence), "a message id sequence is 0 ..< 2^20")
        self.init(rawValue: milliseconds << 20 | sequence)
    }

    /// The smallest id made in the millisecond that contains `date`: every message created at or
    /// after that millisecond has an id ≥ this one, every message created before it an id below.
    ///
    /// This is how time ranges become id ranges (the id is the SQLite rowid, so a range of them
    /// is a range scan, not a full scan). Precision is one millisecond. Dates before 1970 give
    /// the smallest id (0), dates after the last one ids can hold (year 2248) the largest.
    public static func lowerBound(of date: Date) -> MessageID {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard milliseconds > 0 else { return MessageID(rawValue: 0) }
        guard milliseconds < Double(Int64.max >> 20) else { return MessageID(rawValue: Int64.max) }
        return MessageID(milliseconds: Int64(milliseconds))
    }

    /// When the id was made (millisecond precision).
    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
