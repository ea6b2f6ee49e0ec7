/// What one provider charges per SMS segment, by destination country (and optionally network).
public struct PriceTable: Sendable {
    /// A price for one country.
    public struct Entry: Sendable, Hashable {
        /// Price per segment for the country, in ``PriceTable/currency``; when only network prices
        /// are known this is the highest of them (we cannot know the network before sending).
        public var price: Double
        /// Per-network prices (MCCMNC → price), when the file lists them.
        public var networks: [String: Double]
        /// Where the row is.
        public var location: RuleLocation
    }

    /// The table's currency (ISO 4217, upper case).
    public var currency: String
    /// The price for countries not listed, if any.
    public var defaultPrice: Double?
    /// Prices by country.
    public var countries: [CountryCode: Entry]
    /// Where the table was defined (file or inline mapping).
    public var location: RuleLocation

    /// Creates a table.
    public init(currency: String, defaultPrice: Double? = nil, countries: [CountryCode: Entry] = [:],
                location: RuleLocation) {
        self.currency = currency
        self.defaultPrice = defaultPrice
        self.countries = countries
        self.location = location
    }

    /// The per-segment price for a country (network-agnostic), falling back to the default.
    public func price(for country: CountryCode) -> Double? {
        countries[country]?.price ?? defaultPrice
    }
}
