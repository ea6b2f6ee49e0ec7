import Foundation
public import Logging

/// How a ``MessageRouter`` behaves beyond what the rules say.
public struct RouterOptions: Sendable {
    /// The most time one message may take across all its attempts. Each provider request is
    /// also capped by the provider's `timeout:` from providers.yaml.
    public var deadline: Duration = .seconds(30)
    /// Messages `send(batch:)` dispatches at once (bulk requests count as one).
    public var batchConcurrency: Int = 512
    /// Messages `send(batch:)` plans and logs per step (at least `batchConcurrency`): the next
    /// window is planned and logged while the one before is being sent.
    public var batchWindow: Int = 2048
    /// When every candidate's local token bucket is empty, wait at most this long for a token
    /// before failing with ``SendFailure/Kind/rateLimited`` (never an unbounded queue).
    public var rateLimitWait: Duration = .seconds(2)
    /// Circuit-breaker tuning.
    public var breaker = BreakerPolicy()
    /// Run providers' free health probes (`probe_every`, half-open checks) in the background.
    public var activeProbes = true
    /// How often the background health task looks for due probes.
    public var probeTick: Duration = .milliseconds(250)
    /// Base URL of the webhook server (`https://hooks.example.com`); when set, each message
    /// asks its provider to post receipts to `<base>/webhooks/<provider id>/receipts`.
    public var callbackBaseURL: String?
    /// How often per provider × country delivery ratios are re-read from the outcome log (in
    /// the background, whether or not ``activeProbes`` is on; also at start-up and on every
    /// rules reload). Zero or less: only at start-up, on reloads and by
    /// ``MessageRouter/refreshDeliveryStats()``.
    public var deliveryStatsRefresh: Duration = .seconds(60)
    /// Final receipts needed before a delivery ratio counts (`quality_floor`).
    public var minDeliverySamples = 20
    /// Environment for `${VAR}` references in the rules.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// The logger (label `switchboard.router` by default). Secrets are never logged.
    public var logger = Logger(label: "switchboard.router")
    /// The HTTP transport shared by every provider; nil = a new ``CurlTransport`` that logs
    /// through ``logger`` (metadata `component: http`).
    public var transport: (any HTTPTransport)?

    /// Default options.
    public init() {}
}
