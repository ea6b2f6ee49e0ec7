import ArgumentParser
import Switchboard

/// `switchboard validate`: load and check a rules directory; every problem on stderr.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a rules directory and report every problem with file:line:column.")

    @OptionGroup var options: RulesOption

    func run() throws {
        do {
            let rules = try RuleSet.load(directory: options.rules)
            for warning in rules.warnings { StandardError.print(warning.description) }
            let table = RoutingTable(rules)
            print("\(options.rules): OK — \(rules.providers.count) providers, \(rules.routes.count) routes, "
                + "currency \(rules.currency), \(table.providerIDs.count) provider ids"
                + (rules.warnings.isEmpty ? "" : ", \(rules.warnings.count) warning(s)"))
        } catch {
            for diagnostic in error.diagnostics { StandardError.print(diagnostic.description) }
            StandardError.print("\(options.rules): \(error.errors.count) error(s)")
            throw ExitCode(1)
        }
    }
}
