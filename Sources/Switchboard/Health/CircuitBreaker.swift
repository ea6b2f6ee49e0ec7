/// A circuit breaker as a value-type state machine: closed → open → half-open → closed (or back to open).
///
/// - closed: every request goes. Opens after `consecutiveFailures` failures in a row, or when the
///   failure share over the last `window` seconds reaches `failureRate` with at least
///   `minimumRequests` requests in it (a ring of per-slot counters, no allocation per request).
/// - open: nothing goes until `openUntil`; then the first caller to look moves it to half-open.
/// - half-open: at most `halfOpenTrials` concurrent trial sends; `successesToClose` successes in a
///   row (trial sends and probes) close it, any failure re-opens it with the cooldown doubled.
///
/// Hysteresis: each open period is twice the previous one (capped at `maxCooldown`) until the
/// breaker has stayed closed for `cooldownResetAfter` seconds, so a flapping provider backs off.
/// Outcomes reported while open are ignored (they are sends started before it opened).
struct CircuitBreaker: Sendable, Hashable {
    /// The breaker position.
    enum State: String, Sendable, Hashable {
        case closed
        case open
        case halfOpen = "half-open"
    }

    /// A change of position, with its reason.
    struct Transition: Sendable, Hashable {
        var state: State
        var reason: String
    }

    /// One slot of the failure-rate window.
    struct WindowSlot: Sendable, Hashable {
        var slot: Int64 = .min
        var requests: Int32 = 0
        var failures: Int32 = 0
    }

    let policy: BreakerPolicy
    private(set) var state: State = .closed
    /// When the open period ends (meaningful while open or half-open).
    private(set) var openUntil: Double = -.infinity
    /// The length of the current or last open period; nil = never opened since the last reset.
    private(set) var lastCooldown: Double?
    /// When the breaker last closed.
    private(set) var closedSince: Double = -.infinity
    /// Breaker failures in a row (any state); a success resets it.
    private(set) var consecutiveFailures = 0
    /// Successes in a row since going half-open.
    private(set) var halfOpenSuccesses = 0
    /// Trial sends admitted while half-open and not reported yet.
    private(set) var trialsInFlight = 0
    /// When the last trial slot was taken.
    private(set) var lastTrialAt: Double = -.infinity
    private var window: [WindowSlot]
    private let slotWidth: Double

    init(policy: BreakerPolicy) {
        self.policy = policy
        let span = policy.window.isFinite && policy.window > 0 ? policy.window : 1
        let count = min(60, max(1, Int(span.rounded(.up))))
        window = Array(repeating: WindowSlot(), count: count)
        slotWidth = span / Double(count)
    }

    // MARK: Queries

    /// Whether the breaker keeps all traffic out at `now`: open and not yet due, or half-open with
    /// every trial slot taken (and not expired).
    func isBlocking(now: Double) -> Bool {
        switch state {
        case .closed: false
        case .open: now < openUntil
        case .halfOpen: freeTrialSlots(now: now) == 0
        }
    }

    /// How many sends the breaker lets through at `now`, given its current state (call
    /// ``advance(now:)`` first): `Int.max` when closed, the free trial slots when half-open, 0 when open.
    func allowance(now: Double) -> Int {
        switch state {
        case .closed: .max
        case .open: 0
        case .halfOpen: freeTrialSlots(now: now)
        }
    }

    /// Free half-open trial slots; slots whose outcome never came back expire after `trialTimeout`.
    func freeTrialSlots(now: Double) -> Int {
        let limit = max(0, policy.halfOpenTrials)
        if trialsInFlight > 0, now - lastTrialAt >= policy.trialTimeout { return limit }
        return max(0, limit - trialsInFlight)
    }

    /// The open period in force: the current or last one, or `policy.cooldown` once reset.
    func cooldown(now: Double) -> Double {
        guard let lastCooldown else { return policy.cooldown }
        if state == .closed, now - closedSince >= policy.cooldownResetAfter { return policy.cooldown }
        return lastCooldown
    }

    /// Requests and failures in the window ending at `now`.
    func windowCounts(now: Double) -> (requests: Int, failures: Int) {
        let current = slot(now)
        let oldest = current - Int64(window.count) + 1
        var requests = 0
        var failures = 0
        for entry in window where entry.slot >= oldest && entry.slot <= current {
            requests += Int(entry.requests)
            failures += Int(entry.failures)
        }
        return (requests, failures)
    }

    // MARK: Transitions

    /// Moves open → half-open once the cooldown is over.
    mutating func advance(now: Double) -> Transition? {
        guard state == .open, now >= openUntil else { return nil }
        state = .halfOpen
        halfOpenSuccesses = 0
        trialsInFlight = 0
        return Transition(state: .halfOpen, reason: "cooldown \(HealthFormat.seconds(lastCooldown ?? policy.cooldown)) over")
    }

    /// Takes `count` trial slots when half-open (call after ``allowance(now:)`` allowed them).
    mutating func admit(_ count: Int, now: Double) {
        guard state == .halfOpen, count > 0 else { return }
        if trialsInFlight > 0, now - lastTrialAt >= policy.trialTimeout { trialsInFlight = 0 }
        trialsInFlight += count
        lastTrialAt = now
    }

    /// The provider answered (accepted / rejected / routeRejected, or a probe said healthy).
    /// `trial` = a send (gives back a half-open trial slot); false for a probe.
    mutating func recordSuccess(now: Double, trial: Bool) -> Transition? {
        consecutiveFailures = 0
        switch state {
        case .closed:
            count(failure: false, now: now)
            return nil
        case .open:
            return nil
        case .halfOpen:
            if trial { releaseTrial() }
            halfOpenSuccesses += 1
            guard halfOpenSuccesses >= max(1, policy.successesToClose) else { return nil }
            let successes = halfOpenSuccesses
            close(now: now)
            return Transition(state: .closed, reason: "\(successes) \(successes == 1 ? "success" : "successes") in a row")
        }
    }

    /// A breaker failure (`what`: the outcome or probe verdict, for the reason text).
    mutating func recordFailure(_ what: String, now: Double, trial: Bool) -> Transition? {
        switch state {
        case .open:
            return nil
        case .halfOpen:
            consecutiveFailures += 1
            if trial { releaseTrial() }
            let cooldown = open(now: now)
            return Transition(state: .open, reason: "\(what) while half-open; cooldown \(HealthFormat.seconds(cooldown))")
        case .closed:
            consecutiveFailures += 1
            count(failure: true, now: now)
            if consecutiveFailures >= max(1, policy.consecutiveFailures) {
                let failures = consecutiveFailures
                let cooldown = open(now: now)
                let reason = "\(failures) consecutive failures (\(what)); cooldown \(HealthFormat.seconds(cooldown))"
                return Transition(state: .open, reason: reason)
            }
            let (requests, failures) = windowCounts(now: now)
            if requests >= max(1, policy.minimumRequests), Double(failures) >= policy.failureRate * Double(requests) {
                let percent = Int((Double(failures) * 100 / Double(requests)).rounded())
                let cooldown = open(now: now)
                let over = "over \(HealthFormat.seconds(policy.window)) (\(failures) of \(requests) failed)"
                let reason = "failure rate \(percent)% \(over); cooldown \(HealthFormat.seconds(cooldown))"
                return Transition(state: .open, reason: reason)
            }
            return nil
        }
    }

    /// An outcome that is neither success nor failure for the breaker (throttled, account problem):
    /// only gives back a half-open trial slot.
    mutating func recordNeutral() {
        if state == .halfOpen { releaseTrial() }
    }

    // MARK: Internals

    private mutating func releaseTrial() {
        trialsInFlight = max(0, trialsInFlight - 1)
    }

    /// Opens for the next cooldown; returns its length.
    private mutating func open(now: Double) -> Double {
        let base = max(0, policy.cooldown)
        let next: Double
        if let last = lastCooldown, state != .closed || now - closedSince < policy.cooldownResetAfter {
            next = min(max(base, last * 2), max(base, policy.maxCooldown))
        } else {
            next = base
        }
        lastCooldown = next
        state = .open
        openUntil = now + next
        halfOpenSuccesses = 0
        trialsInFlight = 0
        return next
    }

    private mutating func close(now: Double) {
        state = .closed
        closedSince = now
        consecutiveFailures = 0
        halfOpenSuccesses = 0
        trialsInFlight = 0
        for i in window.indices { window[i] = WindowSlot() }
    }

    private func slot(_ now: Double) -> Int64 {
        let value = (now / slotWidth).rounded(.down)
        return value.isFinite ? Int64(clamping: Int(exactly: value) ?? 0) : 0
    }

    private mutating func count(failure: Bool, now: Double) {
        let current = slot(now)
        let count = Int64(window.count)
        let index = Int(((current % count) + count) % count)
        if window[index].slot != current { window[index] = WindowSlot(slot: current) }
        window[index].requests &+= 1
        if failure { window[index].failures &+= 1 }
    }
}
