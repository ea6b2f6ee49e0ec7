import Foundation
import GRDB
import MetricsTestKit

/// Reads back the places a secret could end up, as text a test can search.
enum SecretScan {
    /// Every value of every column of every table in the SQLite database at `path`, as
    /// `table.column: value` (blobs decoded as UTF-8), and the number of rows per table.
    static func sqliteValues(at path: String) throws -> (values: [String], rows: [String: Int]) {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            var values: [String] = []
            var rows: [String: Int] = [:]
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            for table in tables {
                let all = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)")
                rows[table] = all.count
                for row in all {
                    for (column, value) in row {
                        switch value.storage {
                        case .string(let text): values.append("\(table).\(column): \(text)")
                        case .blob(let data): values.append("\(table).\(column): \(String(decoding: data, as: UTF8.self))")
                        case .int64, .double, .null: continue
                        }
                    }
                }
            }
            return (values, rows)
        }
    }

    /// The label and dimensions of every metric `metrics` has made, one line each.
    static func metricKeys(_ metrics: TestMetrics) -> [String] {
        func line(_ label: String, _ dimensions: [(String, String)]) -> String {
            label + " " + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        }
        return metrics.counters.map { line($0.label, $0.dimensions) } + metrics.meters.map { line($0.label, $0.dimensions) }
            + metrics.recorders.map { line($0.label, $0.dimensions) } + metrics.timers.map { line($0.label, $0.dimensions) }
    }

    /// `value` as `dump` prints it (every stored property its mirror shows).
    static func dumped(_ value: Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
