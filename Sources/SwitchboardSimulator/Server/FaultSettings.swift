/// Fault settings for one simulated provider; changeable while the simulator runs
/// (``ProviderSimulator/setFaults(_:for:)`` or the control API's `POST /control/{kind}/faults`).
///
/// Order per request: latency → hang draw → garbage draw → for sends only: forced faults
/// (``ProviderSimulator/failNext(_:count:for:)``), rate limit, error-rate draw.
///
/// JSON form: `{"latency": {"shape": "fixed", "milliseconds": 5}, "error_rates": {"throttled": 0.1},
/// "hang_rate": 0, "garbage_rate": 0, "rate_limit_per_second": 30}` (every key optional).
public struct FaultSettings: Sendable, Hashable, Codable {
    /// Added latency before each answer.
    public var latency: LatencyDistribution
    /// Probability per send of each injected fault (drawn in ``InjectedFault/allCases`` order).
    public var errorRates: [InjectedFault: Double]
    /// Probability per request that the simulator never answers (the client times out: ambiguous).
    public var hangRate: Double
    /// Probability per request of an HTTP 200 with an unparseable body.
    public var garbageRate: Double
    /// Sends per second the provider accepts (token bucket, burst = one second's worth);
    /// above it the simulation's throttled answer. Nil = unlimited.
    public var rateLimitPerSecond: Double?

    private enum CodingKeys: String, CodingKey {
        case latency
        case errorRates = "error_rates"
        case hangRate = "hang_rate"
        case garbageRate = "garbage_rate"
        case rateLimitPerSecond = "rate_limit_per_second"
    }

    /// Creates settings; the defaults inject nothing.
    public init(latency: LatencyDistribution = .none, errorRates: [InjectedFault: Double] = [:], hangRate: Double = 0,
                garbageRate: Double = 0, rateLimitPerSecond: Double? = nil) {
        self.latency = latency
        self.errorRates = errorRates
        self.hangRate = hangRate
        self.garbageRate = garbageRate
        self.rateLimitPerSecond = rateLimitPerSecond
    }

    /// Decodes, with every key optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        latency = try container.decodeIfPresent(LatencyDistribution.self, forKey: .latency) ?? .none
        errorRates = try container.decodeIfPresent([InjectedFault: Double].self, forKey: .errorRates) ?? [:]
        hangRate = try container.decodeIfPresent(Double.self, forKey: .hangRate) ?? 0
        garbageRate = try container.decodeIfPresent(Double.self, forKey: .garbageRate) ?? 0
        rateLimitPerSecond = try container.decodeIfPresent(Double.self, forKey: .rateLimitPerSecond)
    }

    /// No faults, no latency, no rate limit.
    public static let none = FaultSettings()
}

extension InjectedFault: CodingKeyRepresentable {}
