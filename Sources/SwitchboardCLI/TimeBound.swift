import ArgumentParser
import Foundation

/// A `--since` / `--until` value: a duration back from now (`7d`, `24h`, `30m`) or an ISO-8601
/// date or time (see ``DurationParser``).
struct TimeBound: ExpressibleByArgument, CustomStringConvertible, Sendable {
    /// The moment it names.
    var date: Date
    /// As given.
    var description: String

    init?(argument: String) {
        guard let date = DurationParser.date(argument) else { return nil }
        self.date = date
        description = argument
    }
}
