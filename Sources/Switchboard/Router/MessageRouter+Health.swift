import Foundation

extension MessageRouter {
    /// The background work: due health probes (periodic, half-open, unhealthy re-checks) when
    /// ``RouterOptions/activeProbes`` is on, and — always — the periodic refresh of delivery
    /// ratios from the log every ``RouterOptions/deliveryStatsRefresh``. ``shutdown()`` cancels
    /// both and waits for them.
    func startBackgroundTasks() {
        if options.activeProbes {
            let tick = options.probeTick
            track(Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: tick)
                    guard let self, !Task.isCancelled else { return }
                    self.runDueProbes()
                }
            })
        }
        let refreshEvery = options.deliveryStatsRefresh
        guard refreshEvery > .zero else { return }
        track(Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: refreshEvery)
                guard let self, !Task.isCancelled else { return }
                do { try self.refreshDeliveryStats() } catch {
                    self.logger.warning("could not refresh delivery ratios from the outcome log: \(error)")
                }
            }
        })
    }

    /// Starts the probes that are due now; each records its result on the health board.
    func runDueProbes() {
        let runtime = self.runtime
        for index in runtime.board.probesDue(now: Self.now()) {
            let provider = runtime.providers[index]
            Task {
                let health = await provider.checkHealth()
                runtime.board.recordProbe(index, health, now: Self.now())
            }
        }
    }

    /// Probes every provider now and waits for the results (for `switchboard serve` start-up,
    /// `/healthz` and tests).
    public func probeAll() async -> [ProviderID: ProviderHealth] {
        let runtime = self.runtime
        return await withTaskGroup(of: (Int, ProviderHealth).self) { group in
            for (index, provider) in runtime.providers.enumerated() {
                group.addTask { (index, await provider.checkHealth()) }
            }
            var out: [ProviderID: ProviderHealth] = [:]
            for await (index, health) in group {
                runtime.board.recordProbe(index, health, now: Self.now())
                out[runtime.table.providerIDs[index]] = health
            }
            return out
        }
    }

    /// Re-reads per provider × country delivery ratios (final receipts of the last 30 days)
    /// from the log; `least_cost` routes with a `quality_floor` use them.
    public func refreshDeliveryStats() throws {
        let since = Date().addingTimeInterval(-30 * 86_400)
        let stats = try log.deliveryStats(since: since)
        let table = runtime.table
        let samples = stats.compactMap { stat -> (provider: ProviderID, country: CountryCode, delivered: Int, failed: Int)? in
            guard let code = stat.country, let country = CountryCode(code) else { return nil }
            return (ProviderID(stat.provider), country, stat.delivered, stat.failed)
        }
        let ratios = DeliveryRatios(table: table, samples: samples, minSamples: options.minDeliverySamples)
        delivery.withLock { $0 = ratios }
    }
}
