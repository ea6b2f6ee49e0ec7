import Foundation

/// Reads a rules directory into a ``RuleSet``, collecting diagnostics from every file.
struct RuleSetLoader {
    let directory: String
    let environment: [String: String]
    let plugins: Set<String>
    let now: Date
    /// In-memory files (relative name → text); when nil, files are read from disk.
    var files: [String: String]?
    private var diagnostics: [RuleDiagnostic] = []

    init(directory: String, environment: [String: String], plugins: Set<String>, now: Date) {
        self.directory = directory
        self.environment = environment
        self.plugins = plugins
        self.now = now
    }

    /// The path shown in diagnostics for a file in the directory.
    func display(_ name: String) -> String {
        directory.isEmpty || directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
    }

    func read(_ name: String) -> String? {
        if let files { return files[name] }
        return try? String(contentsOfFile: display(name), encoding: .utf8)
    }

    mutating func parse(_ name: String) -> (YAMLNode, RuleFileReader)? {
        let reader = RuleFileReader(file: display(name))
        guard let text = read(name) else {
            diagnostics.append(.init(.missingFile, at: .init(file: display(name), line: 1, column: 1),
                                     "cannot read \(display(name))",
                                     hint: "a rules directory needs providers.yaml and routes.yaml; pass --rules DIR to use another directory"))
            return nil
        }
        var found: [RuleDiagnostic] = []
        let root = YAMLComposer(file: display(name)).compose(text, diagnostics: &found)
        diagnostics.append(contentsOf: found)
        guard let root else { return nil }
        return (root, reader)
    }

    mutating func load() throws(RuleSetError) -> RuleSet {
        var set = RuleSet(providers: [], routes: [], currency: "EUR", exchangeRates: [:], warnings: [],
                          directory: directory)
        var readers: [RuleFileReader] = []
        var defaults = RouteDefaults()
        var routeNodes: [YAMLNode] = []
        var routesReader: RuleFileReader?

        // routes.yaml first: it sets the currency that inline prices default to.
        if let (root, reader) = parse("routes.yaml") {
            readers.append(reader)
            routesReader = reader
            if let f = reader.fields(of: root, allowed: ["currency", "exchange_rates", "defaults", "routes"],
                                     required: ["routes"], what: "routes.yaml") {
                if let c = f["currency"], let text = reader.string(c, what: "currency") {
                    if RuleValues.isCurrency(text) { set.currency = text.uppercased() } else {
                        reader.report(.invalidValue, at: c, "'\(text)' is not a currency code", hint: "use an ISO 4217 code such as EUR")
                    }
                }
                if let r = f["exchange_rates"] { set.exchangeRates = parseRates(r, reader: reader) }
                if let d = f["defaults"] { defaults = parseDefaults(d, reader: reader, currency: set.currency, rates: set.exchangeRates) }
                if let r = f["routes"] {
                    if let items = r.sequence { routeNodes = items } else {
                        reader.report(.invalidValue, at: r, "routes must be a list", hint: "start each route with `- name: …`")
                    }
                }
            }
        }
        if let (root, reader) = parse("providers.yaml") {
            readers.append(reader)
            let resolved = EnvironmentSubstitution(environment: environment).resolve(root, reader: reader)
            if let f = reader.fields(of: resolved, allowed: ["providers"], required: ["providers"], what: "providers.yaml"),
               let list = f["providers"] {
                if let items = list.sequence {
                    for item in items {
                        let provider = ProviderDefinition.parse(item, reader: reader, plugins: plugins) { node in
                            loadPrices(node, reader: reader, currency: set.currency, readers: &readers)
                        }
                        if let provider { set.providers.append(provider) }
                    }
                } else {
                    reader.report(.invalidValue, at: list, "providers must be a list", hint: "start each provider with `- id: …`")
                }
            }
        }
        if let reader = routesReader {
            for (index, node) in routeNodes.enumerated() {
                let route = RouteDefinition.parse(node, index: index, defaults: defaults, reader: reader) { n in
                    maxPrice(n, reader: reader, currency: set.currency, rates: set.exchangeRates)
                }
                if let route { set.routes.append(route) }
            }
            diagnostics += RuleSetValidator(set: set).validate()
        }
        for reader in readers { diagnostics.append(contentsOf: reader.diagnostics) }
        let sorted = diagnostics.sorted { $0.location < $1.location }
        if sorted.contains(where: { $0.severity == .error }) {
            throw RuleSetError(diagnostics: sorted)
        }
        set.warnings = sorted
        return set
    }

    private func loadPrices(_ node: YAMLNode, reader: RuleFileReader, currency: String,
                            readers: inout [RuleFileReader]) -> PriceTable? {
        guard let path = node.scalar else {
            return PriceTable.parseInline(node, reader: reader, defaultCurrency: currency)
        }
        let csvReader = RuleFileReader(file: display(path))
        readers.append(csvReader)
        guard let text = read(path) else {
            reader.report(.missingFile, at: node, "price file '\(path)' not found in \(directory)",
                          hint: "paths are relative to the rules directory, e.g. prices/vonage.csv")
            return nil
        }
        return PriceTable.parseCSV(text, file: display(path), now: now, reader: csvReader)
    }

    private func parseRates(_ node: YAMLNode, reader: RuleFileReader) -> [String: Double] {
        guard let pairs = node.mapping else {
            reader.report(.invalidValue, at: node, "exchange_rates must map currency codes to rates",
                          hint: "for example: exchange_rates: { USD: 0.92 } (1 USD = 0.92 of the rules currency)")
            return [:]
        }
        var rates: [String: Double] = [:]
        for (key, value) in pairs {
            guard let code = key.scalar, RuleValues.isCurrency(code) else {
                reader.report(.invalidValue, at: key, "'\(key.scalar ?? "")' is not a currency code", hint: "use an ISO 4217 code such as USD")
                continue
            }
            if let rate = reader.number(value, what: "exchange rate"), rate > 0 { rates[code.uppercased()] = rate }
        }
        return rates
    }

    private func parseDefaults(_ node: YAMLNode, reader: RuleFileReader, currency: String, rates: [String: Double]) -> RouteDefaults {
        var d = RouteDefaults()
        guard let f = reader.fields(of: node, allowed: ["strategy", "max_attempts", "on_ambiguous", "max_price", "quality_floor"],
                                   what: "defaults") else { return d }
        if let n = f["strategy"], let s = RouteDefinition.parseStrategy(n, reader: reader) { d.strategy = s }
        if let n = f["max_attempts"], let v = reader.int(n, what: "max_attempts", in: 1...20) { d.maxAttempts = v }
        if let n = f["on_ambiguous"], let p = RouteDefinition.parseAmbiguous(n, reader: reader) { d.onAmbiguous = p }
        if let n = f["max_price"] { d.maxPrice = maxPrice(n, reader: reader, currency: currency, rates: rates) }
        if let n = f["quality_floor"], let floor = RouteDefinition.parseQualityFloor(n, reader: reader) { d.qualityFloor = floor }
        return d
    }

    private func maxPrice(_ node: YAMLNode, reader: RuleFileReader, currency: String, rates: [String: Double]) -> Double? {
        guard let text = reader.string(node, what: "max_price") else { return nil }
        guard let (amount, code) = RuleValues.price(text) else {
            reader.report(.badPrice, at: node, "max_price '\(text)' is not a price", hint: "write an amount with an optional currency: 0.09 or 0.09 EUR")
            return nil
        }
        guard let code, code != currency else { return amount }
        guard let rate = rates[code] else {
            reader.report(.missingExchangeRate, at: node, "no exchange rate from \(code) to \(currency)",
                          hint: "add exchange_rates: { \(code): … } to routes.yaml, or write the price in \(currency)")
            return nil
        }
        return amount * rate
    }
}
