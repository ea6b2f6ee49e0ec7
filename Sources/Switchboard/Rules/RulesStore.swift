public import Foundation
import Synchronization

/// Holds the routing table in use and swaps in reloaded rules atomically.
///
/// A reload loads and validates the whole directory first; only a fully valid set replaces the
/// current table. On any error the old table keeps serving and the errors are returned.
public final class RulesStore: Sendable {
    private let current: Mutex<RoutingTable>
    /// The directory rules are reloaded from.
    public let directory: String
    private let plugins: Set<String>

    /// Loads the directory; throws every diagnostic when it is invalid.
    public init(directory: String, plugins: Set<String> = RuleSet.builtinPlugins,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(RuleSetError) {
        self.directory = directory
        self.plugins = plugins
        let rules = try RuleSet.load(directory: directory, environment: environment, plugins: plugins)
        current = Mutex(RoutingTable(rules))
    }

    /// The table to route with now (a snapshot: later reloads don't change it).
    public var table: RoutingTable { current.withLock { $0 } }

    /// Reloads the directory. Returns the warnings of the new set, or throws and keeps the old one.
    @discardableResult
    public func reload(environment: [String: String] = ProcessInfo.processInfo.environment) throws(RuleSetError) -> [RuleDiagnostic] {
        let rules = try RuleSet.load(directory: directory, environment: environment, plugins: plugins)
        let table = RoutingTable(rules)
        current.withLock { $0 = table }
        return rules.warnings
    }
}
