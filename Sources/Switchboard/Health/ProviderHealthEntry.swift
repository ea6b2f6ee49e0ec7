/// One provider's health state inside ``ProviderHealthBoard``: breaker, token bucket, pause,
/// unhealthy mark and probe bookkeeping. A value type; the board keeps all entries under one mutex.
///
/// Every mutating method appends the state changes it makes to `changes` (stamped with `now`) so
/// the board can report them after unlocking. Appending to an empty array only allocates when
/// something actually changed, so the hot path does not allocate.
struct ProviderHealthEntry: Sendable {
    /// Re-check an unhealthy provider at least this often (seconds), even without `probe_every`.
    static let unhealthyRecheck: Double = 30

    let provider: ProviderID
    private(set) var settings: ProviderHealthSettings
    private(set) var breaker: CircuitBreaker
    private(set) var bucket: TokenBucket
    /// Why the provider is unhealthy; nil = healthy.
    private(set) var unhealthyReason: String?
    /// When it became unhealthy.
    private(set) var unhealthySince: Double = -.infinity
    /// Paused by a provider hint until then.
    private(set) var pausedUntil: Double = -.infinity
    /// Why it is paused.
    private(set) var pauseReason = ""
    /// When the last probe result came in.
    private(set) var lastProbeAt: Double?
    /// When the probe in progress was handed out; nil = none in progress.
    private(set) var probeStartedAt: Double?
    /// The breaker went half-open and no probe has been handed out since.
    private(set) var halfOpenProbePending = false
    /// The last balance a probe or send reported.
    private(set) var lastBalance: Double?

    init(provider: ProviderID, settings: ProviderHealthSettings, policy: BreakerPolicy) {
        self.provider = provider
        self.settings = settings
        breaker = CircuitBreaker(policy: policy)
        bucket = TokenBucket(rate: settings.rateLimit, burst: settings.burst)
    }

    /// This entry's state under new settings (rules reload): the bucket is resized, everything else kept.
    func carried(settings: ProviderHealthSettings) -> ProviderHealthEntry {
        var next = self
        next.settings = settings
        next.bucket = bucket.resized(rate: settings.rateLimit, burst: settings.burst)
        return next
    }

    private var policy: BreakerPolicy { breaker.policy }

    // MARK: Gate

    /// Whether the provider cannot take traffic at `now` (an empty bucket does not count).
    func isUnavailable(now: Double) -> Bool {
        unhealthyReason != nil || now < pausedUntil || breaker.isBlocking(now: now)
    }

    /// Asks for `count` (> 0) sends; see ``ProviderHealthBoard/acquire(_:count:now:)``.
    mutating func acquire(_ count: Int, now: Double, changes: inout [ProviderHealthChange]) -> (granted: Int, gate: ProviderGate) {
        if let unhealthyReason { return (0, .unhealthy(reason: unhealthyReason)) }
        if now < pausedUntil { return (0, .paused(until: pausedUntil, reason: pauseReason)) }
        advanceBreaker(now: now, changes: &changes)
        let allowance = breaker.allowance(now: now)
        if allowance == 0 { return (0, .circuitOpen(until: breaker.openUntil)) }
        let wanted = min(count, allowance)
        let granted = bucket.take(wanted, now: now)
        breaker.admit(granted, now: now)
        if granted == count { return (granted, .open) }
        if granted < wanted { return (granted, .rateLimited(nextTokenAt: bucket.nextTokenAt(now: now))) }
        return (granted, .circuitOpen(until: breaker.openUntil))
    }

    // MARK: Outcomes

    /// The outcome of a send made after an open gate; see ``ProviderHealthBoard/record(_:outcome:balance:now:)``.
    mutating func record(_ outcome: ProviderOutcome, balance: Double?, now: Double, changes: inout [ProviderHealthChange]) {
        switch outcome {
        case .accepted, .rejected, .routeRejected:
            note(breaker.recordSuccess(now: now, trial: true), now: now, changes: &changes)
        case .unavailable, .ambiguous:
            note(breaker.recordFailure(outcome.name, now: now, trial: true), now: now, changes: &changes)
        case .throttled(let retryAfter):
            breaker.recordNeutral()
            pause(retryAfter: retryAfter, now: now, changes: &changes)
        case .accountProblem:
            breaker.recordNeutral()
            markUnhealthy("account problem reported by a send", now: now, changes: &changes)
        }
        if let balance {
            lastBalance = balance
            if let reason = lowBalance(balance) { markUnhealthy(reason, now: now, changes: &changes) }
        }
    }

    /// A probe result; see ``ProviderHealthBoard/recordProbe(_:_:now:)``.
    mutating func recordProbe(_ health: ProviderHealth, now: Double, changes: inout [ProviderHealthChange]) {
        probeStartedAt = nil
        lastProbeAt = now
        if let balance = health.balance { lastBalance = balance }
        advanceBreaker(now: now, changes: &changes)
        halfOpenProbePending = false
        switch health.status {
        case .down:
            var reason = "probe down"
            if let outcome = health.outcome { reason += " (\(outcome.name))" }
            if !health.detail.isEmpty { reason += ": \(health.detail)" }
            markUnhealthy(reason, now: now, changes: &changes)
            if breaker.state == .halfOpen {
                note(breaker.recordFailure("probe down", now: now, trial: false), now: now, changes: &changes)
            }
        case .healthy, .degraded:
            if let balance = health.balance, let reason = lowBalance(balance) {
                markUnhealthy(reason, now: now, changes: &changes)
                return
            }
            if unhealthyReason != nil {
                unhealthyReason = nil
                unhealthySince = -.infinity
                var reason = health.status == .healthy ? "probe ok" : "probe ok (degraded)"
                if !health.detail.isEmpty { reason += ": \(health.detail)" }
                changes.append(ProviderHealthChange(provider: provider, state: "healthy", reason: reason, at: now))
            }
            if breaker.state == .halfOpen {
                note(breaker.recordSuccess(now: now, trial: false), now: now, changes: &changes)
            }
        }
    }

    // MARK: Probes

    /// Whether a probe should run now; when it should, marks it in progress.
    mutating func takeProbeIfDue(now: Double, changes: inout [ProviderHealthChange]) -> Bool {
        if let started = probeStartedAt, now - started < policy.probeTimeout { return false }
        advanceBreaker(now: now, changes: &changes)
        var due = halfOpenProbePending && breaker.state == .halfOpen
        if let every = settings.probeEvery, every > 0 {
            if lastProbeAt.map({ now - $0 >= every }) ?? true { due = true }
        }
        if unhealthyReason != nil {
            let every = settings.probeEvery.flatMap { $0 > 0 ? $0 : nil } ?? Self.unhealthyRecheck
            let since = max(lastProbeAt ?? -.infinity, unhealthySince)
            if now - since >= min(every, Self.unhealthyRecheck) { due = true }
        }
        guard due else { return false }
        probeStartedAt = now
        halfOpenProbePending = false
        return true
    }

    // MARK: Snapshot

    /// The state at `now` (moves a due breaker to half-open first, like every other look).
    mutating func status(now: Double, changes: inout [ProviderHealthChange]) -> ProviderHealthStatus {
        advanceBreaker(now: now, changes: &changes)
        return ProviderHealthStatus(
            provider: provider,
            breaker: breaker.state.rawValue,
            openUntil: breaker.state == .closed ? nil : breaker.openUntil,
            cooldown: breaker.cooldown(now: now),
            consecutiveFailures: breaker.consecutiveFailures,
            unhealthyReason: unhealthyReason,
            pausedUntil: now < pausedUntil ? pausedUntil : nil,
            pauseReason: now < pausedUntil ? pauseReason : nil,
            tokens: bucket.isLimited ? bucket.available(now: now) : nil,
            lastBalance: lastBalance,
            lastProbeAt: lastProbeAt,
            available: !isUnavailable(now: now))
    }

    // MARK: Internals

    private mutating func advanceBreaker(now: Double, changes: inout [ProviderHealthChange]) {
        guard let transition = breaker.advance(now: now) else { return }
        halfOpenProbePending = true
        note(transition, now: now, changes: &changes)
    }

    private func note(_ transition: CircuitBreaker.Transition?, now: Double, changes: inout [ProviderHealthChange]) {
        guard let transition else { return }
        changes.append(ProviderHealthChange(provider: provider, state: transition.state.rawValue,
                                            reason: transition.reason, at: now))
    }

    private func lowBalance(_ balance: Double) -> String? {
        guard let minimum = settings.minBalance, balance < minimum else { return nil }
        return "balance \(HealthFormat.amount(balance)) below min_balance \(HealthFormat.number(minimum))"
    }

    private mutating func markUnhealthy(_ reason: String, now: Double, changes: inout [ProviderHealthChange]) {
        let wasHealthy = unhealthyReason == nil
        unhealthyReason = reason
        guard wasHealthy else { return }
        unhealthySince = now
        changes.append(ProviderHealthChange(provider: provider, state: "unhealthy", reason: reason, at: now))
    }

    private mutating func pause(retryAfter: Double?, now: Double, changes: inout [ProviderHealthChange]) {
        let hinted = retryAfter.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        let duration = hinted ?? policy.defaultPause
        let until = now + duration
        guard until > now, until > pausedUntil else { return }
        let wasPaused = now < pausedUntil
        pausedUntil = until
        pauseReason = hinted != nil
            ? "throttled by the provider; retry after \(HealthFormat.seconds(duration))"
            : "throttled by the provider without retry-after; pausing \(HealthFormat.seconds(duration))"
        guard !wasPaused else { return }
        changes.append(ProviderHealthChange(provider: provider, state: "paused", reason: pauseReason, at: now))
    }
}
