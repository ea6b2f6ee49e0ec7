/// Circuit-breaker and probe tuning. The defaults are what production uses; tests pass small numbers.
public struct BreakerPolicy: Sendable, Hashable {
    /// Open after this many breaker failures (`unavailable`, `ambiguous`) in a row.
    public var consecutiveFailures: Int
    /// …or when this share of the requests in the window failed (0...1).
    public var failureRate: Double
    /// The failure-rate window, in seconds.
    public var window: Double
    /// The failure rate only counts with at least this many requests in the window.
    public var minimumRequests: Int
    /// The first open period, in seconds.
    public var cooldown: Double
    /// The open period doubles on each re-open (from half-open, or from closed before
    /// `cooldownResetAfter`), capped here.
    public var maxCooldown: Double
    /// Half-open → closed after this many successes in a row (trial sends and probes both count).
    public var successesToClose: Int
    /// Concurrent real sends allowed while half-open (0 = only probes may close the breaker).
    public var halfOpenTrials: Int
    /// Closed this long without opening ⇒ the open period is back to `cooldown`.
    public var cooldownResetAfter: Double
    /// How long to pause a provider when a throttle answer carries no (usable) retry-after.
    public var defaultPause: Double
    /// A half-open trial slot whose outcome was never recorded is given back after this many
    /// seconds, so a lost outcome cannot keep a provider shut.
    public var trialTimeout: Double
    /// A probe handed out by ``ProviderHealthBoard/probesDue(now:)`` whose result was never
    /// recorded is handed out again after this many seconds.
    public var probeTimeout: Double

    /// Creates a policy; every value defaults to the production setting.
    public init(
        consecutiveFailures: Int = 5, failureRate: Double = 0.5, window: Double = 10, minimumRequests: Int = 20,
        cooldown: Double = 5, maxCooldown: Double = 300, successesToClose: Int = 3, halfOpenTrials: Int = 1,
        cooldownResetAfter: Double = 60, defaultPause: Double = 1, trialTimeout: Double = 60, probeTimeout: Double = 60
    ) {
        self.consecutiveFailures = consecutiveFailures
        self.failureRate = failureRate
        self.window = window
        self.minimumRequests = minimumRequests
        self.cooldown = cooldown
        self.maxCooldown = maxCooldown
        self.successesToClose = successesToClose
        self.halfOpenTrials = halfOpenTrials
        self.cooldownResetAfter = cooldownResetAfter
        self.defaultPause = defaultPause
        self.trialTimeout = trialTimeout
        self.probeTimeout = probeTimeout
    }
}
