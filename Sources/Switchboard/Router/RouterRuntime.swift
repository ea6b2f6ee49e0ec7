import Logging

/// Everything the router uses for one rule set: the compiled table, one plugin instance per
/// provider (indexed like the table), the health board and metric handles. Immutable; a rules
/// reload builds a new one and swaps it in.
final class RouterRuntime: Sendable {
    let table: RoutingTable
    let providers: [any MessageProvider]
    let board: ProviderHealthBoard
    let metrics: RouterMetrics
    /// Largest bulk request per provider (1 = no bulk endpoint).
    let maxBatch: [Int]
    /// Providers whose retries with the same idempotency key can never send twice.
    let idempotent: [Bool]

    init(table: RoutingTable, registry: ProviderRegistry, transport: any HTTPTransport, logger: Logger,
         policy: BreakerPolicy, previous: ProviderHealthBoard?,
         onHealthChange: @escaping @Sendable (ProviderHealthChange) -> Void) throws {
        self.table = table
        let definitions = table.rules.providers
        var built: [any MessageProvider] = []
        built.reserveCapacity(definitions.count)
        for definition in definitions {
            var providerLogger = logger
            providerLogger[metadataKey: "provider"] = "\(definition.id.rawValue)"
            let context = ProviderContext(
                transport: DeadlineTransport(base: transport, cap: .milliseconds(Int64(definition.timeout * 1000))),
                logger: providerLogger)
            built.append(try registry.make(definition, context: context))
        }
        providers = built
        maxBatch = built.map { max(1, $0.capabilities.maxBatchSize) }
        idempotent = built.map(\.capabilities.idempotentRetries)
        let ids = definitions.map(\.id)
        let settings = definitions.map {
            ProviderHealthSettings(rateLimit: $0.rateLimit, probeEvery: $0.health.probeEvery, minBalance: $0.health.minBalance)
        }
        if let previous {
            board = previous.rebuilt(providers: ids, settings: settings)
        } else {
            board = ProviderHealthBoard(providers: ids, settings: settings, policy: policy, onChange: onHealthChange)
        }
        metrics = RouterMetrics(providers: ids)
    }
}
