public import Foundation

/// A daily time window in a time zone, optionally limited to some weekdays (`when.time`).
public struct TimeWindow: Sendable, Hashable {
    /// Start, minutes after local midnight (inclusive).
    public var start: Int
    /// End, minutes after local midnight (exclusive); smaller than `start` wraps past midnight.
    public var end: Int
    /// Allowed weekdays, 1 = Monday … 7 = Sunday; empty means every day.
    public var days: Set<Int>
    /// The time zone the window is written in.
    public var timeZone: TimeZone

    /// Whether `date` falls inside the window.
    public func contains(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute, .weekday], from: date)
        let minute = (c.hour ?? 0) * 60 + (c.minute ?? 0)
        let weekday = ((c.weekday ?? 1) + 5) % 7 + 1  // Calendar: 1 = Sunday → ours: 7
        let inTime = start <= end ? (minute >= start && minute < end) : (minute >= start || minute < end)
        // A window that wraps past midnight belongs to the day it started on.
        let day = (start > end && minute < end) ? (weekday + 5) % 7 + 1 : weekday
        return inTime && (days.isEmpty || days.contains(day))
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Parses `HH:MM-HH:MM`.
    static func parseRange(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let a = minutes(parts[0].trimmingSpaces()), let b = minutes(parts[1].trimmingSpaces()),
              a != b
        else { return nil }
        return (a, b)
    }

    private static func minutes(_ text: String) -> Int? {
        let p = text.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), (0...59).contains(m),
              h * 60 + m <= 1440
        else { return nil }
        return h * 60 + m
    }

    /// Parses `mon-fri`, `sat`, … into weekday numbers.
    static func parseDays(_ text: String) -> [Int]? {
        let lower = text.lowercased()
        let ends = lower.split(separator: "-").map(String.init)
        guard let first = ends.first.flatMap({ dayNames.firstIndex(of: $0) }) else { return nil }
        if ends.count == 1 { return [first + 1] }
        guard ends.count == 2, let last = dayNames.firstIndex(of: ends[1]) else { return nil }
        var result: [Int] = []
        var d = first
        while true {
            result.append(d + 1)
            if d == last { break }
            d = (d + 1) % 7
        }
        return result
    }
}
