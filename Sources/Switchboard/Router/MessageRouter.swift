import Foundation
import Logging
import Synchronization

/// The library apps call: routes messages by the rules, sends them through provider plugins
/// with fallback, health and rate limits, and records every decision and outcome in SQLite.
///
/// ```swift
/// var registry = ProviderRegistry()
/// registry.register(VonageProvider.self)
/// let router = try MessageRouter(rulesDirectory: "rules", registry: registry, logPath: "switchboard.sqlite")
/// let result = try await router.send(Message(to: "+31 6 1234 5678", text: "Your code is 481516", tag: "otp"))
/// print(result.provider, result.providerMessageIDs, result.cost ?? 0, result.currency)
/// ```
///
/// The flow of one message (DESIGN §1): normalise → guard (opt-outs, idempotency key) → plan
/// (route, candidates, exclusions) → log the message → per candidate: health gate and rate
/// token → plugin send → classify → done or fall back → log attempts and the outcome.
public final class MessageRouter: Sendable {
    /// The outcome log.
    public let log: OutcomeLog
    /// Where the rules were loaded from (reloads read it again).
    public let rulesDirectory: String
    let registry: ProviderRegistry
    let options: RouterOptions
    let transport: any HTTPTransport
    private let ownedTransport: CurlTransport?
    private let runtimeBox: Mutex<RouterRuntime>
    let optOuts: OptOutList
    let idempotency = IdempotencyRegistry()
    let delivery = Mutex<DeliveryRatios?>(nil)
    let logger: Logger
    private let background = Mutex<[Task<Void, Never>]>([])
    private let closed = Atomic<Bool>(false)

    /// Loads and validates the rules directory, builds every provider, and opens (or creates)
    /// the outcome log at `logPath`. Messages a previous process left mid-flight are marked
    /// `unknown` and reported (``recoveredInFlight``), never re-sent.
    ///
    /// - Throws: ``RuleSetError`` with every problem in the rules, ``ProviderConfigurationError``
    ///   for a provider's `config:` block, or the log's error when it cannot be opened.
    public convenience init(rulesDirectory: String, registry: ProviderRegistry, logPath: String,
                            options: RouterOptions = RouterOptions()) throws {
        let rules = try RuleSet.load(directory: rulesDirectory, environment: options.environment, plugins: registry.kinds)
        let log = try OutcomeLog(path: logPath)
        try self.init(rules: rules, registry: registry, log: log, options: options)
    }

    /// Builds a router from an already loaded rule set and an open log.
    public init(rules: RuleSet, registry: ProviderRegistry, log: OutcomeLog, options: RouterOptions = RouterOptions()) throws {
        self.log = log
        self.rulesDirectory = rules.directory
        self.registry = registry
        self.options = options
        self.logger = options.logger
        if let transport = options.transport {
            self.transport = transport
            ownedTransport = nil
        } else {
            // The transport the router owns logs through the router's logger (one place to
            // capture, filter and check everything the router logs).
            var transportLogger = options.logger
            transportLogger[metadataKey: "component"] = "http"
            let curl = try CurlTransport(configuration: CurlTransport.Configuration(logger: transportLogger))
            self.transport = curl
            ownedTransport = curl
        }
        optOuts = OptOutList(try log.optOuts())
        let table = RoutingTable(rules)
        let runtime = try RouterRuntime(
            table: table, registry: registry, transport: transport, logger: options.logger, policy: options.breaker,
            previous: nil, onHealthChange: MessageRouter.healthHandler(log: log, logger: options.logger))
        runtimeBox = Mutex(runtime)
        if !log.recoveredInFlight.isEmpty {
            logger.warning("\(log.recoveredInFlight.count) message(s) were in flight when the previous process stopped; marked unknown, not re-sent",
                           metadata: ["ids": "\(log.recoveredInFlight.prefix(20).map(\.description).joined(separator: ","))"])
        }
        try refreshDeliveryStats()
        startBackgroundTasks()
    }

    /// The rule set, plugins and health board in use now.
    var runtime: RouterRuntime { runtimeBox.withLock { $0 } }

    /// The routing table in use now.
    public var table: RoutingTable { runtime.table }

    /// Messages the previous process left mid-flight, now marked `unknown` in the log.
    public var recoveredInFlight: [MessageID] { log.recoveredInFlight }

    /// Reloads the rules directory: validates the whole new set first and swaps it in only when
    /// it is valid (providers are rebuilt; health state carries over by provider id). On error
    /// the current rules keep serving and every problem is thrown.
    @discardableResult
    public func reloadRules() throws -> [RuleDiagnostic] {
        let rules = try RuleSet.load(directory: rulesDirectory, environment: options.environment, plugins: registry.kinds)
        let current = runtime
        let next = try RouterRuntime(
            table: RoutingTable(rules), registry: registry, transport: transport, logger: logger, policy: options.breaker,
            previous: current.board, onHealthChange: MessageRouter.healthHandler(log: log, logger: logger))
        runtimeBox.withLock { $0 = next }
        try refreshDeliveryStats()
        logger.notice("rules reloaded", metadata: ["routes": "\(rules.routes.count)", "providers": "\(rules.providers.count)"])
        return rules.warnings
    }

    /// Every provider's health, breaker and rate-limit state now.
    public var providerHealth: [ProviderHealthStatus] { runtime.board.snapshot(now: Self.now()) }

    /// A message from the log, by id.
    public func message(id: MessageID) throws -> MessageRecord? { try log.message(id: id) }

    /// Stops background probes, flushes the log and shuts the transport down. In-flight sends
    /// finish first when the caller awaits them before calling this.
    public func shutdown() async {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        let tasks = background.withLock { tasks in
            defer { tasks.removeAll() }
            return tasks
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        log.close()
        await ownedTransport?.shutdown()
    }

    /// Wall-clock seconds since 1970 (what the health board and the log use).
    static func now() -> Double { SystemProviderClock().now() }

    /// Records health changes in the log and the logger.
    static func healthHandler(log: OutcomeLog, logger: Logger) -> @Sendable (ProviderHealthChange) -> Void {
        { change in
            log.enqueue([.health(provider: change.provider.rawValue, state: change.state, reason: change.reason, at: change.at)])
            RouterMetrics.providerState(change.provider, state: change.state)
            let level: Logger.Level = change.state == "closed" || change.state == "healthy" ? .notice : .warning
            logger.log(level: level, "provider \(change.provider.rawValue) is \(change.state): \(change.reason)",
                       metadata: ["provider": "\(change.provider.rawValue)", "state": "\(change.state)"])
        }
    }

    func track(_ task: Task<Void, Never>) {
        background.withLock { $0.append(task) }
    }
}
