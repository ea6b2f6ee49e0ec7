import Synchronization

/// Per-provider health, circuit breaker and token bucket: what the router asks before every send
/// and tells after it (DESIGN §5).
///
/// Providers are addressed by their index in `providers`: the same index the ``RoutingTable`` uses
/// (``ProviderMask`` bit i). Time is always passed in (`now`, seconds; the router passes wall-clock
/// seconds since 1970) so behaviour is deterministic under test.
///
/// Thread-safe: all state sits under one `Mutex`; nothing in here is async, and ``onChange`` is
/// called after the lock is released, once per state transition, in order. ``acquire(_:now:)``,
/// ``record(_:outcome:balance:now:)`` and ``unavailable(now:)`` are O(1) / O(providers) and do not
/// allocate unless a state changes.
public final class ProviderHealthBoard: Sendable {
    /// The providers, in index order.
    public let providers: [ProviderID]
    /// Their settings, in index order.
    public let settings: [ProviderHealthSettings]
    /// Breaker and probe tuning.
    public let policy: BreakerPolicy
    private let onChange: @Sendable (ProviderHealthChange) -> Void
    private let entries: Mutex<[ProviderHealthEntry]>

    /// Creates a board with every provider closed, healthy and with a full bucket.
    ///
    /// - Parameters:
    ///   - providers: The provider ids in routing-table order (at most ``RoutingTable/maxProviders``).
    ///   - settings: One entry per provider, same order.
    ///   - policy: Breaker tuning.
    ///   - onChange: Called once per state transition (outside the lock), e.g. to write the
    ///     outcome log's health events and to log.
    public init(providers: [ProviderID], settings: [ProviderHealthSettings], policy: BreakerPolicy = BreakerPolicy(),
                onChange: @escaping @Sendable (ProviderHealthChange) -> Void = { _ in }) {
        precondition(providers.count == settings.count, "one ProviderHealthSettings per provider")
        precondition(providers.count <= RoutingTable.maxProviders, "at most \(RoutingTable.maxProviders) providers")
        self.providers = providers
        self.settings = settings
        self.policy = policy
        self.onChange = onChange
        entries = Mutex(zip(providers, settings).map { ProviderHealthEntry(provider: $0, settings: $1, policy: policy) })
    }

    /// The index of a provider id, if the board has it.
    public func index(of provider: ProviderID) -> Int? {
        providers.firstIndex(of: provider)
    }

    /// Providers that cannot take traffic now: circuit open (and not yet due for half-open) or
    /// half-open with every trial slot taken, paused, unhealthy. An empty token bucket is not in
    /// the mask: the router spills per attempt.
    public func unavailable(now: Double) -> ProviderMask {
        entries.withLock { entries in
            var mask = ProviderMask.none
            for i in entries.indices where entries[i].isUnavailable(now: now) { mask.insert(i) }
            return mask
        }
    }

    /// Asks to send one message through provider `index`.
    ///
    /// Checks, in order: unhealthy, paused, breaker (open → ``ProviderGate/circuitOpen(until:)``;
    /// once the cooldown has passed the breaker goes half-open and admits up to
    /// ``BreakerPolicy/halfOpenTrials`` concurrent trials), token bucket. Returns
    /// ``ProviderGate/open`` only when the caller may send now; then a token (and, when half-open,
    /// a trial slot) has been taken, and the caller must report the outcome with
    /// ``record(_:outcome:balance:now:)``.
    public func acquire(_ index: Int, now: Double) -> ProviderGate {
        acquire(index, count: 1, now: now).gate
    }

    /// Like ``acquire(_:now:)`` for `count` messages at once (bulk endpoints): returns how many may
    /// go now (`0...count`, each holding a token and, when half-open, a trial slot to be reported
    /// with ``record(_:outcome:balance:now:)`` one by one) and the gate for the rest
    /// (``ProviderGate/open`` when all were granted). A `count` of 0 or less grants nothing and
    /// answers ``ProviderGate/open``.
    public func acquire(_ index: Int, count: Int, now: Double) -> (granted: Int, gate: ProviderGate) {
        guard count > 0 else { return (0, .open) }
        var changes: [ProviderHealthChange] = []
        let result = entries.withLock { $0[index].acquire(count, now: now, changes: &changes) }
        emit(changes)
        return result
    }

    /// Reports the outcome of a send made after an open gate.
    ///
    /// `accepted`, `rejected`, `routeRejected`: the provider answered (breaker success).
    /// `unavailable`, `ambiguous`: breaker failure. `throttled(retryAfter)`: pause the provider for
    /// `retryAfter` (or ``BreakerPolicy/defaultPause`` when missing or not positive); not a breaker
    /// failure. `accountProblem`: unhealthy until a probe reports healthy. `balance`, when the
    /// provider reported one, is compared with ``ProviderHealthSettings/minBalance``.
    public func record(_ index: Int, outcome: ProviderOutcome, balance: Double? = nil, now: Double) {
        var changes: [ProviderHealthChange] = []
        entries.withLock { $0[index].record(outcome, balance: balance, now: now, changes: &changes) }
        emit(changes)
    }

    /// Reports a result of the provider's free health probe (`checkHealth()`).
    ///
    /// `down` → unhealthy (and, while half-open, a failed trial: the breaker re-opens with the
    /// cooldown doubled). `healthy`/`degraded` with a balance below
    /// ``ProviderHealthSettings/minBalance`` → unhealthy ("balance X below min_balance Y").
    /// Otherwise it clears unhealthy and, while half-open, counts as a success toward closing.
    /// Also ends the probe's in-progress mark set by ``probesDue(now:)``.
    public func recordProbe(_ index: Int, _ health: ProviderHealth, now: Double) {
        var changes: [ProviderHealthChange] = []
        entries.withLock { $0[index].recordProbe(health, now: now, changes: &changes) }
        emit(changes)
    }

    /// Providers whose probe should run now: periodic (`probeEvery` elapsed since the last probe,
    /// or never probed), half-open due (the cooldown is over: probe with the free health check
    /// alongside the first trial), or unhealthy (re-checked every `min(probeEvery ?? 30, 30)` s).
    ///
    /// Marks the returned providers in progress, so another caller does not get them again until
    /// ``recordProbe(_:_:now:)`` (or until ``BreakerPolicy/probeTimeout`` has passed).
    public func probesDue(now: Double) -> [Int] {
        var changes: [ProviderHealthChange] = []
        let due = entries.withLock { entries in
            var due: [Int] = []
            for i in entries.indices where entries[i].takeProbeIfDue(now: now, changes: &changes) { due.append(i) }
            return due
        }
        emit(changes)
        return due
    }

    /// Every provider's state at `now`, in index order (a breaker whose cooldown is over is moved
    /// to half-open first, as any other look at it would).
    public func snapshot(now: Double) -> [ProviderHealthStatus] {
        var changes: [ProviderHealthChange] = []
        let statuses = entries.withLock { entries in
            entries.indices.map { entries[$0].status(now: now, changes: &changes) }
        }
        emit(changes)
        return statuses
    }

    /// A board for a new provider list (rules reload) with the same policy and `onChange`.
    ///
    /// Providers with an id this board has keep their state (breaker, cooldown, pause, unhealthy
    /// mark, probe times, balance, tokens capped at the new burst); new ones start fresh. Outcomes
    /// of sends started on this board should be recorded on the new one (by the new index).
    public func rebuilt(providers: [ProviderID], settings: [ProviderHealthSettings]) -> ProviderHealthBoard {
        let board = ProviderHealthBoard(providers: providers, settings: settings, policy: policy, onChange: onChange)
        let old = entries.withLock { $0 }
        var byID: [ProviderID: ProviderHealthEntry] = [:]
        for entry in old where byID[entry.provider] == nil { byID[entry.provider] = entry }
        board.entries.withLock { entries in
            for i in entries.indices {
                if let previous = byID[providers[i]] { entries[i] = previous.carried(settings: settings[i]) }
            }
        }
        return board
    }

    private func emit(_ changes: [ProviderHealthChange]) {
        for change in changes { onChange(change) }
    }
}
