/// Delivery ratios per provider × destination country, for routes with a `quality_floor`.
///
/// A ratio is `delivered / (delivered + failed)`, counted from final delivery receipts. It is
/// *known* only with at least ``minSamples`` receipts for that provider and country; an unknown
/// ratio counts as 1 (no penalty) and never excludes a provider.
///
/// The values are a flat provider-index × dense-country-index array laid out like the
/// ``RoutingTable``'s prices, so a plan reads one `Double` per candidate. They belong to the
/// table they were built for: a plan on another table (after a reload provider indices may
/// differ) ignores them, as if none were given. Build new ratios for each new table.
public struct DeliveryRatios: Sendable {
    /// One provider × country count of final delivery receipts.
    public typealias Sample = (provider: ProviderID, country: CountryCode, delivered: Int, failed: Int)

    /// The default ``minSamples``.
    public static let defaultMinSamples = 20

    /// Receipts needed before a ratio counts as known.
    public let minSamples: Int
    /// ``RoutingTable/serial`` of the table the indices belong to.
    let tableSerial: UInt64
    /// Providers in the table.
    let providerCount: Int
    /// Dense countries in the table.
    let countryCount: Int
    /// The table's letter-pair → dense country index map (shared storage, not a copy).
    let countrySlots: [Int32]
    /// `ratios[provider * countryCount + country]`; NaN = unknown.
    let ratios: [Double]

    /// Builds the ratios for `table` from receipt counts.
    ///
    /// - Parameters:
    ///   - table: the table whose provider indices and countries the ratios are laid out for.
    ///   - samples: receipt counts; several samples for one provider and country are added up.
    ///     Providers the table does not know are ignored; negative counts count as 0.
    ///   - minSamples: receipts (`delivered + failed`) needed for a ratio to be known; at least 1.
    public init(table: RoutingTable, samples: [Sample], minSamples: Int = defaultMinSamples) {
        let providerCount = table.providerIDs_.count
        let countryCount = table.countryCount
        let size = providerCount * countryCount
        var delivered = [Int](repeating: 0, count: size)
        var total = [Int](repeating: 0, count: size)
        var providerIndex: [ProviderID: Int] = [:]
        for (i, id) in table.providerIDs_.enumerated() where providerIndex[id] == nil { providerIndex[id] = i }
        for sample in samples {
            guard let p = providerIndex[sample.provider], let c = table.denseIndex(sample.country) else { continue }
            let d = max(0, sample.delivered)
            delivered[p * countryCount + c] += d
            total[p * countryCount + c] += d + max(0, sample.failed)
        }
        let needed = max(1, minSamples)
        var ratios = [Double](repeating: .nan, count: max(1, size))
        for i in 0..<size where total[i] >= needed {
            ratios[i] = Double(delivered[i]) / Double(total[i])
        }
        self.minSamples = needed
        self.tableSerial = table.serial
        self.providerCount = providerCount
        self.countryCount = countryCount
        self.countrySlots = table.countrySlots
        self.ratios = ratios
    }

    /// The known delivery ratio of the provider at `provider` (an index in
    /// ``RoutingTable/providerIDs``) to `country`; nil when unknown or out of range.
    public func ratio(provider: Int, country: CountryCode) -> Double? {
        guard provider >= 0, provider < providerCount else { return nil }
        let c = countrySlots[RoutingTable.slot(country)]
        guard c >= 0 else { return nil }
        let value = ratios[provider * countryCount + Int(c)]
        return value.isNaN ? nil : value
    }

    /// Whether these ratios were built for `table`.
    public func belongs(to table: RoutingTable) -> Bool {
        tableSerial == table.serial
    }
}
