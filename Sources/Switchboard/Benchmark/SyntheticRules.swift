import Foundation

/// Generates large, valid rules directories for benchmarks (`switchboard bench`) and tests.
///
/// Prices are random but seeded, so two runs with the same seed produce the same files.
public struct SyntheticRules: Sendable {
    /// Number of providers (each with a price for every country).
    public var providers: Int
    /// Number of routes, the last one a catch-all.
    public var routes: Int
    /// Seed for prices and route shapes.
    public var seed: UInt64

    /// Creates a generator.
    public init(providers: Int = 5, routes: Int = 1000, seed: UInt64 = 42) {
        self.providers = providers
        self.routes = routes
        self.seed = seed
    }

    /// The provider ids.
    public var providerIDs: [String] { (0..<providers).map { "p\($0)" } }

    /// The tags routes use (route i matches tag `t<i % tags>`).
    public static let tagCount = 40

    /// The files, by path relative to the rules directory.
    public func files() -> [String: String] {
        var rng = SeededGenerator(seed: seed)
        let countries = CountryCode.all
        var files: [String: String] = [:]
        var providersYAML = "providers:\n"
        for id in providerIDs {
            providersYAML += "  - id: \(id)\n    plugin: vonage\n    config: { api_key: \"${BENCH_KEY:-k}\" }\n"
            providersYAML += "    channels: [sms, viber]\n    rate_limit: 100/s\n    timeout: 5s\n    prices: prices/\(id).csv\n"
            var csv = "country,price,currency\n"
            for c in countries {
                csv += "\(c.alpha2),\(String(format: "%.4f", Double.random(in: 0.005...0.12, using: &rng))),EUR\n"
            }
            files["prices/\(id).csv"] = csv
        }
        files["providers.yaml"] = providersYAML
        var routesYAML = "currency: EUR\ndefaults: { strategy: least_cost, max_attempts: 3, on_ambiguous: stop }\nroutes:\n"
        let strategies = ["least_cost", "priority", "weighted"]
        for r in 0..<(routes - 1) {
            let picks = (0..<3).map { _ in countries[Int.random(in: 0..<countries.count, using: &rng)].alpha2 }
            let strategy = strategies[r % 3]
            let shuffled = providerIDs.shuffled(using: &rng)
            routesYAML += "  - name: route-\(r)\n"
            routesYAML += "    when:\n      country: [\(Array(Set(picks)).sorted().joined(separator: ", "))]\n"
            routesYAML += "      tag: t\(r % Self.tagCount)-\(r / Self.tagCount)\n      channel: sms\n"
            routesYAML += "    strategy: \(strategy)\n"
            if strategy == "weighted" {
                routesYAML += "    providers:\n"
                for (i, id) in shuffled.prefix(3).enumerated() { routesYAML += "      - { id: \(id), weight: \(60 - i * 20) }\n" }
                routesYAML += "    fallback: [\(shuffled.suffix(2).joined(separator: ", "))]\n"
            } else {
                routesYAML += "    providers: [\(shuffled.prefix(4).joined(separator: ", "))]\n"
                routesYAML += "    fallback: [\(shuffled[4 % shuffled.count])]\n"
            }
            routesYAML += "    max_price: 0.15 EUR\n    max_attempts: 3\n"
        }
        routesYAML += "  - name: everything-else\n    providers: all\n"
        files["routes.yaml"] = routesYAML
        return files
    }

    /// Writes the files under `directory` (created when missing).
    public func write(to directory: String) throws {
        for (path, text) in files() {
            let full = (directory as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }
}

/// A small deterministic random generator (SplitMix64).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }
    /// The next value.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
