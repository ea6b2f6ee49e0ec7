import Logging
import ServiceLifecycle
import Switchboard
import UnixSignals

/// Reloads the rules on SIGHUP: validate the whole directory, then swap (``MessageRouter/reloadRules()``).
/// A broken edit keeps the running rules and logs each problem with `file:line:column`.
struct RulesReloader: Service {
    let router: MessageRouter
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = Self.reload(router, logger: logger)
        }
    }

    /// One reload; returns whether the new rules are in use.
    static func reload(_ router: MessageRouter, logger: Logger) -> Bool {
        do {
            let warnings = try router.reloadRules()
            for warning in warnings { logger.warning("rules: \(warning.description)") }
            logger.notice("rules reloaded from \(router.rulesDirectory)")
            return true
        } catch let error as RuleSetError {
            logger.error("rules not reloaded: \(error.diagnostics.count) problem(s); the previous rules stay in use")
            for diagnostic in error.diagnostics { logger.error("rules: \(diagnostic.description)") }
            return false
        } catch {
            logger.error("rules not reloaded; the previous rules stay in use: \(error)")
            return false
        }
    }
}
