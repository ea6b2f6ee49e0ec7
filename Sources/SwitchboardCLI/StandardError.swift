import Foundation
import ArgumentParser
import Switchboard

/// Writing to stderr.
enum StandardError {
    static func print(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Loads a routing table or prints the diagnostics and exits 1.
func loadTable(_ directory: String) throws -> Switchboard.RoutingTable {
    do {
        return Switchboard.RoutingTable(try Switchboard.RuleSet.load(directory: directory))
    } catch {
        for diagnostic in error.diagnostics { StandardError.print(diagnostic.description) }
        StandardError.print("\(directory): rules are invalid; run `switchboard validate --rules \(directory)`")
        throw ArgumentParser.ExitCode(1)
    }
}
