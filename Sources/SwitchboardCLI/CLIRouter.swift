import ArgumentParser
import Foundation
import Logging
import Switchboard
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardVonage

/// Builds the router `send` and `estimate` use: the rules, every provider plugin, and a log.
enum CLIRouter {
    /// Every plugin the CLI ships.
    static let registry = ProviderRegistry.builtin

    /// Loads the rules, or prints every problem and exits 5.
    static func loadRules(_ directory: String) throws -> RuleSet {
        do throws(RuleSetError) {
            return try RuleSet.load(directory: directory, plugins: registry.kinds)
        } catch {
            for diagnostic in error.diagnostics { StandardError.print(diagnostic.description) }
            StandardError.print(
                "\(directory): rules are invalid; run `switchboard validate --rules \(directory)` (or pass --rules DIR)")
            throw ExitCode(CLIExitCode.setup)
        }
    }

    /// Builds a router on `rules` and `log`: no background probes (one command, one message);
    /// warnings (such as messages a crashed process left in flight) to stderr.
    static func make(rules: RuleSet, log: OutcomeLog) throws -> MessageRouter {
        var options = RouterOptions()
        options.activeProbes = false
        var logger = Logger(label: "switchboard") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        options.logger = logger
        do {
            return try MessageRouter(rules: rules, registry: registry, log: log, options: options)
        } catch let error as ProviderConfigurationError {
            StandardError.print("\(error)")
            StandardError.print(
                "\(rules.directory)/providers.yaml: fix the provider's config: block (credentials come from the environment)")
            throw ExitCode(CLIExitCode.setup)
        } catch {
            StandardError.print("cannot start the router: \(error)")
            throw ExitCode(CLIExitCode.setup)
        }
    }

    /// Opens (or creates) the log at `path` for writing, or prints why not and exits 5.
    static func openLog(_ path: String) throws -> OutcomeLog {
        do {
            return try OutcomeLog(path: path)
        } catch {
            StandardError.print("cannot open the log at \(path): \(error); pass --db FILE with a writable path")
            throw ExitCode(CLIExitCode.setup)
        }
    }
}
