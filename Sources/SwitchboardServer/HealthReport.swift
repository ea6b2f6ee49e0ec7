import Switchboard

/// `/healthz`: every provider's health, breaker and rate-limit state.
///
/// `status` is `ok` when every provider is usable, `degraded` when some are, `down` when none is;
/// the HTTP status is 200 unless none is usable (503).
struct HealthReport: Sendable {
    let providers: [ProviderHealthStatus]

    var usable: Int { providers.filter(\.available).count }

    var status: String {
        if usable == 0 { return "down" }
        return usable == providers.count ? "ok" : "degraded"
    }

    var json: JSONValue {
        .object([
            "status": .string(status),
            "usable": .int(Int64(usable)),
            "providers": .array(providers.map { JSONValue(encoding: $0) ?? .string($0.provider.rawValue) }),
        ])
    }
}
