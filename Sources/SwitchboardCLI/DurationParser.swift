import Foundation

/// Parses the time bounds `--since` and `--until` accept: a duration back from now (`30m`,
/// `24h`, `7d`, `2w`, `90s`, or combined: `1d12h`) or an ISO-8601 date or time
/// (`2026-11-01`, `2026-11-01T08:00`, `2026-11-01T08:00:00Z`, `2026-11-01T08:00:00.5+01:00`).
/// Dates and times without a zone are UTC.
enum DurationParser {
    /// Seconds per unit letter.
    static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// The length of a duration such as `7d` or `1h30m`, in seconds; nil when `text` is not one.
    static func seconds(_ text: String) -> Double? {
        var total = 0.0
        var number = ""
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
            } else if let unit = units[Character(character.lowercased())], let value = Double(number) {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        return sawUnit && number.isEmpty ? total : nil
    }

    /// The moment `text` names: `now` minus a duration, or an ISO-8601 date or time.
    static func date(_ text: String, now: Date = Date()) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let seconds = seconds(text) { return now.addingTimeInterval(-seconds) }
        return iso8601(text)
    }

    /// An ISO-8601 date (`yyyy-MM-dd`, midnight UTC) or date and time (zone optional, UTC when absent).
    static func iso8601(_ text: String) -> Date? {
        var text = text
        if text.count == 10 { text += "T00:00:00" }
        if text.count == 16 { text += ":00" }  // yyyy-MM-ddTHH:mm
        let hasZone = text.hasSuffix("Z") || text.dropFirst(19).contains { $0 == "+" || $0 == "-" }
        if !hasZone { text += "Z" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
