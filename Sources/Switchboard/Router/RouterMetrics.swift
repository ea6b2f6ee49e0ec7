import Metrics

/// The router's metrics through swift-metrics (the app or `switchboard serve` bootstraps a
/// backend such as Prometheus; without one they cost almost nothing).
///
/// Handles are created once per provider and outcome, not per message.
struct RouterMetrics: Sendable {
    private let attempts: [[Counter]]          // [provider][outcome class]
    private let latency: [Timer]               // [provider]
    private let messages: [String: Counter]    // final state
    private let failures: [SendFailure.Kind: Counter]
    /// Receipts received by state, provider redeliveries included (webhook traffic); the log
    /// keeps one row per part, status and error code, so it counts each receipt once.
    private let receipts: [DeliveryState: Counter]
    private let spills: [Counter]              // [provider]: skipped because saturated or paused

    static let outcomeNames = ["accepted", "rejected", "routeRejected", "throttled", "unavailable", "ambiguous", "accountProblem"]

    init(providers: [ProviderID]) {
        attempts = providers.map { p in
            Self.outcomeNames.map { Counter(label: "switchboard_attempts_total", dimensions: [("provider", p.rawValue), ("outcome", $0)]) }
        }
        latency = providers.map { Timer(label: "switchboard_provider_latency_seconds", dimensions: [("provider", $0.rawValue)]) }
        spills = providers.map { Counter(label: "switchboard_spills_total", dimensions: [("provider", $0.rawValue)]) }
        var m: [String: Counter] = [:]
        for state in ["accepted", "partial", "failed", "unknown"] {
            m[state] = Counter(label: "switchboard_messages_total", dimensions: [("state", state)])
        }
        messages = m
        var f: [SendFailure.Kind: Counter] = [:]
        for kind in SendFailure.Kind.allCases {
            f[kind] = Counter(label: "switchboard_failures_total", dimensions: [("kind", kind.rawValue)])
        }
        failures = f
        var r: [DeliveryState: Counter] = [:]
        for state in DeliveryState.allCases {
            r[state] = Counter(label: "switchboard_receipts_total", dimensions: [("state", state.rawValue)])
        }
        receipts = r
    }

    static func outcomeIndex(_ outcome: ProviderOutcome) -> Int {
        switch outcome {
        case .accepted: 0
        case .rejected: 1
        case .routeRejected: 2
        case .throttled: 3
        case .unavailable: 4
        case .ambiguous: 5
        case .accountProblem: 6
        }
    }

    func attempt(provider: Int, outcome: ProviderOutcome, seconds: Double) {
        attempts[provider][Self.outcomeIndex(outcome)].increment()
        latency[provider].recordNanoseconds(Int64(seconds * 1e9))
    }

    func spill(provider: Int) { spills[provider].increment() }

    func finished(state: String) { messages[state]?.increment() }

    func failed(_ kind: SendFailure.Kind) { failures[kind]?.increment() }

    func receipt(_ state: DeliveryState) { receipts[state]?.increment() }

    /// Records a provider's health state: 0 closed/healthy, 1 half-open, 2 open, 3 unhealthy, 4 paused.
    static func providerState(_ provider: ProviderID, state: String) {
        let value: Double = switch state {
        case "half-open": 1
        case "open": 2
        case "unhealthy": 3
        case "paused": 4
        default: 0
        }
        Gauge(label: "switchboard_provider_state", dimensions: [("provider", provider.rawValue)]).record(value)
    }
}
