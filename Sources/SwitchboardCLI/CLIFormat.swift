import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Number and table formatting for the human-readable output of `send`, `estimate`,
/// `messages` and `report`.
enum CLIFormat {
    /// A price or cost: 4 decimals.
    static func price(_ value: Double) -> String { String(format: "%.4f", value) }

    /// A ratio as a percentage with one decimal (`97.5%`), or `-`.
    static func percent(_ ratio: Double?) -> String { ratio.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }

    /// A duration in seconds as milliseconds (`12 ms`) or seconds (`1.25 s`), or `-`.
    static func latency(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        return seconds < 1 ? String(format: "%.0f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }

    /// `2026-11-23 08:00:00` (UTC).
    static func time(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// Rows as columns padded to their widest cell; `rightAligned` columns (by index) align right.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                if i > 0 { text += "  " }
                if rightAligned.contains(i) {
                    text += pad + cell
                } else {
                    text += cell
                    if i < cells.count - 1 { text += pad }  // no trailing spaces
                }
            }
            return text
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
