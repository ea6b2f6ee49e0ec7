import ArgumentParser
import Foundation
import Switchboard

/// The `--db FILE` option: the outcome log (SQLite) the commands write and read.
struct LogOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The outcome log (SQLite).", valueName: "file"))
    var db: String = "switchboard.sqlite"

    /// Opens the existing log read-only (no rules or credentials needed, safe while a router in
    /// another process writes it), or prints what to do and exits 5.
    func openForReading() throws -> OutcomeLog {
        guard FileManager.default.fileExists(atPath: db) else {
            StandardError.print("no log at \(db): run `switchboard demo` or `switchboard send` first, or pass --db FILE")
            throw ExitCode(CLIExitCode.setup)
        }
        do {
            return try OutcomeLog(readingFrom: db)
        } catch {
            StandardError.print("cannot read the log at \(db): \(error)")
            throw ExitCode(CLIExitCode.setup)
        }
    }
}
