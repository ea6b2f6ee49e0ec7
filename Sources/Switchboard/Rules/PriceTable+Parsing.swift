import Foundation

extension PriceTable {
    /// Parses a price CSV: `country[,network],price,currency[,effective_from]`, one row per line.
    ///
    /// An optional header row names the columns (`country,network,price,currency,effective_from`);
    /// without one the layout is inferred per row. `#` starts a comment line. `*` as country sets
    /// the default price. Of several rows for the same country and network, the one with the
    /// latest `effective_from` (YYYY-MM-DD, UTC) not after `now` applies; rows dated in the future
    /// are ignored until then.
    static func parseCSV(_ text: String, file: String, now: Date, reader: RuleFileReader) -> PriceTable? {
        var currency: String?
        var table = PriceTable(currency: "", location: .init(file: file, line: 1, column: 1))
        var columns: [String]?
        var effective: [String: Date] = [:]
        var lineNumber = 0
        var networkOnly: Set<CountryCode> = []
        let today = now
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            let node = YAMLNode(.scalar(line, plain: true), line: lineNumber, column: 1)
            if columns == nil, cells.first?.lowercased() == "country" {
                columns = cells.map { $0.lowercased() }
                let unknown = columns!.filter { !["country", "network", "price", "currency", "effective_from"].contains($0) }
                for name in unknown {
                    reader.report(.badPrice, at: node, "unknown column '\(name)' in price file header",
                                  hint: Suggestion.hint(for: name, in: ["country", "network", "price", "currency", "effective_from"], noun: "columns"))
                }
                continue
            }
            guard let row = Row(cells: cells, columns: columns) else {
                reader.report(.badPrice, at: node, "price row has \(cells.count) columns; expected country[,network],price,currency[,effective_from]",
                              hint: "for example: NL,0.071,EUR or NL,20408,0.069,EUR,2026-01-01")
                continue
            }
            guard let price = Double(row.price), price.isFinite, price >= 0 else {
                reader.report(.badPrice, at: node, "'\(row.price)' is not a price", hint: "write a decimal number such as 0.071")
                continue
            }
            guard RuleValues.isCurrency(row.currency) else {
                reader.report(.badPrice, at: node, "'\(row.currency)' is not a currency code", hint: "use an ISO 4217 code such as EUR or USD")
                continue
            }
            let code = row.currency.uppercased()
            if let currency, currency != code {
                reader.report(.badPrice, at: node, "price file mixes currencies (\(currency) and \(code))",
                              hint: "use one currency per price file")
                continue
            }
            currency = code
            var date = Date.distantPast
            if let text = row.effectiveFrom, !text.isEmpty {
                guard let parsed = Self.parseDay(text) else {
                    reader.report(.badPrice, at: node, "'\(text)' is not a date", hint: "write effective_from as YYYY-MM-DD")
                    continue
                }
                if parsed > today { continue }
                date = parsed
            }
            if row.country == "*" {
                let key = "*"
                if let seen = effective[key], seen > date { continue }
                effective[key] = date
                table.defaultPrice = price
                continue
            }
            guard let country = reader.country(row.country, at: node) else { continue }
            let key = "\(country.alpha2)/\(row.network ?? "")"
            if let seen = effective[key], seen > date { continue }
            effective[key] = date
            let location = RuleLocation(file: file, line: lineNumber, column: 1)
            if let network = row.network, !network.isEmpty {
                var entry = table.countries[country] ?? Entry(price: price, networks: [:], location: location)
                entry.networks[network] = price
                if table.countries[country] == nil { networkOnly.insert(country) }
                if networkOnly.contains(country) { entry.price = entry.networks.values.max() ?? price }
                table.countries[country] = entry
            } else {
                networkOnly.remove(country)
                var entry = table.countries[country] ?? Entry(price: price, networks: [:], location: location)
                entry.price = price
                entry.location = location
                table.countries[country] = entry
            }
        }
        guard let currency else {
            if table.countries.isEmpty && table.defaultPrice == nil {
                reader.report(.badPrice, at: YAMLNode(.scalar("", plain: true), line: 1, column: 1),
                              "price file has no prices", hint: "add rows like NL,0.071,EUR")
            }
            return nil
        }
        table.currency = currency
        return table
    }

    /// Parses the inline form `{ currency: EUR, default: 0.065, countries: { NL: 0.071 } }`.
    static func parseInline(_ node: YAMLNode, reader: RuleFileReader, defaultCurrency: String) -> PriceTable? {
        guard let fields = reader.fields(of: node, allowed: ["currency", "default", "countries"], what: "prices") else { return nil }
        var currency = defaultCurrency
        if let c = fields["currency"], let text = reader.string(c, what: "currency") {
            if RuleValues.isCurrency(text) {
                currency = text.uppercased()
            } else {
                reader.report(.badPrice, at: c, "'\(text)' is not a currency code", hint: "use an ISO 4217 code such as EUR or USD")
            }
        }
        var table = PriceTable(currency: currency, location: reader.location(node))
        if let d = fields["default"] { table.defaultPrice = price(d, reader: reader) }
        if let countries = fields["countries"] {
            guard let pairs = countries.mapping else {
                reader.report(.invalidValue, at: countries, "countries must map country codes to prices",
                              hint: "for example: countries: { NL: 0.071, DE: 0.078 }")
                return table
            }
            for (key, value) in pairs {
                guard let name = key.scalar, let country = reader.country(name, at: key),
                      let amount = price(value, reader: reader)
                else { continue }
                table.countries[country] = Entry(price: amount, networks: [:], location: reader.location(key))
            }
        }
        return table
    }

    private static func price(_ node: YAMLNode, reader: RuleFileReader) -> Double? {
        guard let text = reader.string(node, what: "price") else { return nil }
        guard let value = Double(text), value.isFinite, value >= 0 else {
            reader.report(.badPrice, at: node, "'\(text)' is not a price", hint: "write a decimal number such as 0.071")
            return nil
        }
        return value
    }

    /// Parses `YYYY-MM-DD` as midnight UTC.
    static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        var components = DateComponents()
        components.year = y
        components.month = m
        components.day = d
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}

/// One CSV row, with its layout resolved from the header or the cell shapes.
private struct Row {
    var country: String
    var network: String?
    var price: String
    var currency: String
    var effectiveFrom: String?

    init?(cells: [String], columns: [String]?) {
        if let columns {
            guard cells.count == columns.count else { return nil }
            var map: [String: String] = [:]
            for (name, cell) in zip(columns, cells) { map[name] = cell }
            guard let country = map["country"], let price = map["price"], let currency = map["currency"] else { return nil }
            self.country = country
            self.network = map["network"].flatMap { $0.isEmpty ? nil : $0 }
            self.price = price
            self.currency = currency
            self.effectiveFrom = map["effective_from"]
            return
        }
        switch cells.count {
        case 3:
            (country, price, currency) = (cells[0], cells[1], cells[2])
        case 4 where RuleValues.isCurrency(cells[3]):
            (country, network, price, currency) = (cells[0], cells[1], cells[2], cells[3])
        case 4:
            (country, price, currency, effectiveFrom) = (cells[0], cells[1], cells[2], cells[3])
        case 5:
            (country, network, price, currency, effectiveFrom) = (cells[0], cells[1], cells[2], cells[3], cells[4])
        default:
            return nil
        }
        if network?.isEmpty == true { network = nil }
    }
}
