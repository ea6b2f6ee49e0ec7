public import Foundation

/// A loaded and fully validated rules directory (`providers.yaml`, `routes.yaml`, price files).
///
/// Build one with ``load(directory:environment:plugins:now:)``; compile it into a
/// ``RoutingTable`` to route messages.
public struct RuleSet: Sendable {
    /// Providers in file order.
    public var providers: [ProviderDefinition]
    /// Routes in file order (first match wins).
    public var routes: [RouteDefinition]
    /// The currency every cost is compared and reported in.
    public var currency: String
    /// Exchange rates: one unit of the key currency is worth this much of ``currency``.
    public var exchangeRates: [String: Double]
    /// Warnings found while loading (the set is valid despite them).
    public var warnings: [RuleDiagnostic]
    /// The directory it came from.
    public var directory: String

    /// The plugin kinds shipped with Switchboard.
    public static let builtinPlugins: Set<String> = ["vonage", "smscx", "kpn", "bandwidth"]

    /// The price of one segment with `provider` to `country`, in the rules currency.
    public func price(of provider: ProviderDefinition, to country: CountryCode) -> Double? {
        guard let table = provider.prices, let price = table.price(for: country) else { return nil }
        return convert(price, from: table.currency)
    }

    /// Converts an amount into the rules currency (nil when no rate is known).
    public func convert(_ amount: Double, from currency: String) -> Double? {
        if currency == self.currency { return amount }
        return exchangeRates[currency].map { amount * $0 }
    }
}

extension RuleSet {
    /// Loads, validates and cross-checks a rules directory, reporting every problem at once.
    ///
    /// - Parameters:
    ///   - directory: the rules directory (holds `providers.yaml` and `routes.yaml`).
    ///   - environment: where `${VAR}` references are resolved from.
    ///   - plugins: the plugin kinds that exist (`plugin:` values are checked against it).
    ///   - now: the moment used to pick price rows by `effective_from`.
    /// - Throws: ``RuleSetError`` with every diagnostic when any error is found.
    public static func load(directory: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            plugins: Set<String> = builtinPlugins,
                            now: Date = Date()) throws(RuleSetError) -> RuleSet {
        var loader = RuleSetLoader(directory: directory, environment: environment, plugins: plugins, now: now)
        return try loader.load()
    }

    /// Loads rules from in-memory file contents (for tests and tools); names are relative paths.
    public static func load(files: [String: String], directory: String = "rules",
                            environment: [String: String] = [:],
                            plugins: Set<String> = builtinPlugins,
                            now: Date = Date()) throws(RuleSetError) -> RuleSet {
        var loader = RuleSetLoader(directory: directory, environment: environment, plugins: plugins, now: now)
        loader.files = files
        return try loader.load()
    }
}
