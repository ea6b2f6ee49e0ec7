import Testing
@testable import Switchboard

@Suite struct ProviderHealthBoardTests {
    /// Small numbers so each scenario is a few lines: 3 failures in a row open, 5 s first cooldown,
    /// capped at 20 s, 2 successes close, 1 trial while half-open.
    static let policy = BreakerPolicy(
        consecutiveFailures: 3, failureRate: 0.5, window: 10, minimumRequests: 10, cooldown: 5, maxCooldown: 20,
        successesToClose: 2, halfOpenTrials: 1, cooldownResetAfter: 60, defaultPause: 1, trialTimeout: 30,
        probeTimeout: 45)

    let recorder = HealthChangeRecorder()

    func board(_ settings: [ProviderHealthSettings] = [ProviderHealthSettings()],
               policy: BreakerPolicy = Self.policy) -> ProviderHealthBoard {
        let ids = ["vonage", "smscx", "kpn", "bandwidth"].prefix(settings.count).map { ProviderID($0) }
        return ProviderHealthBoard(providers: Array(ids), settings: settings, policy: policy, onChange: recorder.callback)
    }

    func nextTokenAt(_ gate: ProviderGate) -> Double? {
        if case .rateLimited(let at) = gate { return at }
        return nil
    }

    func fail(_ board: ProviderHealthBoard, _ index: Int = 0, times: Int, at now: Double) {
        for _ in 0..<times { board.record(index, outcome: .unavailable, now: now) }
    }

    // MARK: Breaker

    @Test func opensOnConsecutiveFailures() {
        let board = board()
        fail(board, times: 2, at: 0)
        #expect(board.acquire(0, now: 0) == .open)
        #expect(board.unavailable(now: 0) == .none)
        board.record(0, outcome: .ambiguous, now: 1)
        #expect(recorder.take() == ["vonage open: 3 consecutive failures (ambiguous); cooldown 5s"])
        #expect(board.acquire(0, now: 1) == .circuitOpen(until: 6))
        #expect(board.unavailable(now: 5.9).contains(0))
        let status = board.snapshot(now: 2)[0]
        #expect(status.breaker == "open")
        #expect(status.openUntil == 6)
        #expect(status.consecutiveFailures == 3)
        #expect(!status.available)
    }

    @Test func successesAndNeutralOutcomesBetweenFailures() {
        let board = board()
        fail(board, times: 2, at: 0)
        board.record(0, outcome: .rejected, now: 0)  // the provider answered: a breaker success
        fail(board, times: 2, at: 0)
        board.record(0, outcome: .routeRejected, now: 0)
        fail(board, times: 2, at: 0)
        board.record(0, outcome: .throttled(retryAfter: nil), now: 0)  // neither
        #expect(board.snapshot(now: 0)[0].breaker == "closed")
        #expect(board.snapshot(now: 0)[0].consecutiveFailures == 2)
        board.record(0, outcome: .unavailable, now: 0)
        #expect(board.snapshot(now: 0)[0].breaker == "open")
    }

    @Test func opensOnFailureRate() {
        let board = board()
        for _ in 0..<4 {
            board.record(0, outcome: .accepted, now: 10)
            board.record(0, outcome: .unavailable, now: 10)
        }
        board.record(0, outcome: .accepted, now: 10.5)
        #expect(board.unavailable(now: 10.5) == .none)
        board.record(0, outcome: .unavailable, now: 11)
        #expect(recorder.take() == ["vonage open: failure rate 50% over 10s (5 of 10 failed); cooldown 5s"])
        #expect(board.acquire(0, now: 11) == .circuitOpen(until: 16))
    }

    @Test func halfOpenAfterCooldownAdmitsOnlyTheTrials() {
        let board = board()
        fail(board, times: 3, at: 0)
        #expect(board.acquire(0, now: 4.9) == .circuitOpen(until: 5))
        #expect(board.unavailable(now: 4.9).contains(0))
        #expect(!board.unavailable(now: 5).contains(0))  // due: the next acquire may try
        _ = recorder.take()
        #expect(board.acquire(0, now: 5) == .open)
        #expect(recorder.take() == ["vonage half-open: cooldown 5s over"])
        #expect(board.acquire(0, now: 5.1) == .circuitOpen(until: 5))
        #expect(board.unavailable(now: 5.1).contains(0))
        #expect(board.snapshot(now: 5.1)[0].breaker == "half-open")
        // The trial answers: the slot is free again, still half-open (needs 2 successes).
        board.record(0, outcome: .accepted, now: 6)
        #expect(board.snapshot(now: 6)[0].breaker == "half-open")
        #expect(board.acquire(0, now: 6) == .open)
        #expect(board.acquire(0, now: 6) == .circuitOpen(until: 5))
        #expect(recorder.take() == [])
    }

    @Test func halfOpenAdmitsSeveralTrialsWhenConfigured() {
        var policy = Self.policy
        policy.halfOpenTrials = 2
        let board = board(policy: policy)
        fail(board, times: 3, at: 0)
        #expect(board.acquire(0, now: 5) == .open)
        #expect(board.acquire(0, now: 5) == .open)
        #expect(board.acquire(0, now: 5) == .circuitOpen(until: 5))
        board.record(0, outcome: .throttled(retryAfter: 0.5), now: 5.2)  // neutral, but frees its slot
        #expect(board.acquire(0, now: 5.7) == .open)
    }

    @Test func closesOnlyAfterSuccessesToClose() {
        var policy = Self.policy
        policy.successesToClose = 3
        let board = board(policy: policy)
        fail(board, times: 3, at: 0)
        #expect(board.acquire(0, now: 5) == .open)
        board.record(0, outcome: .accepted, now: 5.5)
        #expect(board.acquire(0, now: 5.5) == .open)
        board.record(0, outcome: .rejected, now: 6)
        #expect(board.snapshot(now: 6)[0].breaker == "half-open")
        board.recordProbe(0, ProviderHealth(status: .healthy), now: 7)  // a good probe counts too
        #expect(board.snapshot(now: 7)[0].breaker == "closed")
        #expect(recorder.lines.suffix(1) == ["vonage closed: 3 successes in a row"])
        #expect(board.acquire(0, now: 7) == .open)
        #expect(board.acquire(0, now: 7) == .open)
    }

    @Test func failureInHalfOpenDoublesTheCooldownUpToTheCap() {
        let board = board()
        fail(board, times: 3, at: 0)  // 5 s
        #expect(board.acquire(0, now: 5) == .open)
        board.record(0, outcome: .unavailable, now: 5.5)  // 10 s
        #expect(board.acquire(0, now: 6) == .circuitOpen(until: 15.5))
        #expect(board.snapshot(now: 6)[0].cooldown == 10)
        #expect(board.acquire(0, now: 15.5) == .open)
        board.record(0, outcome: .ambiguous, now: 16)  // 20 s (cap)
        #expect(board.acquire(0, now: 16) == .circuitOpen(until: 36))
        #expect(board.acquire(0, now: 36) == .open)
        board.record(0, outcome: .unavailable, now: 36)  // still 20 s
        #expect(board.acquire(0, now: 36) == .circuitOpen(until: 56))
        #expect(board.snapshot(now: 37)[0].cooldown == 20)
        #expect(recorder.lines == [
            "vonage open: 3 consecutive failures (unavailable); cooldown 5s",
            "vonage half-open: cooldown 5s over",
            "vonage open: unavailable while half-open; cooldown 10s",
            "vonage half-open: cooldown 10s over",
            "vonage open: ambiguous while half-open; cooldown 20s",
            "vonage half-open: cooldown 20s over",
            "vonage open: unavailable while half-open; cooldown 20s",
        ])
    }

    /// Opens, re-opens once (10 s), then closes at t=17.
    func flappedAndClosed() -> ProviderHealthBoard {
        let board = board()
        fail(board, times: 3, at: 0)
        _ = board.acquire(0, now: 5)
        board.record(0, outcome: .unavailable, now: 5)  // open until 15 with 10 s
        _ = board.acquire(0, now: 15)
        board.record(0, outcome: .accepted, now: 16)
        _ = board.acquire(0, now: 16)
        board.record(0, outcome: .accepted, now: 17)
        return board
    }

    @Test func reopeningSoonAfterClosingKeepsBackingOff() {
        let board = flappedAndClosed()
        #expect(board.snapshot(now: 17)[0].breaker == "closed")
        #expect(board.snapshot(now: 17)[0].cooldown == 10)
        fail(board, times: 3, at: 76)  // 59 s after closing: not quiet long enough
        #expect(board.acquire(0, now: 76) == .circuitOpen(until: 96))
        #expect(recorder.lines.last == "vonage open: 3 consecutive failures (unavailable); cooldown 20s")
    }

    @Test func cooldownResetsAfterAQuietClosedPeriod() {
        let board = flappedAndClosed()
        #expect(board.snapshot(now: 76.9)[0].cooldown == 10)
        #expect(board.snapshot(now: 77)[0].cooldown == 5)
        fail(board, times: 3, at: 78)  // 61 s after closing
        #expect(board.acquire(0, now: 78) == .circuitOpen(until: 83))
        #expect(recorder.lines.last == "vonage open: 3 consecutive failures (unavailable); cooldown 5s")
    }

    @Test func outcomesWhileOpenAreIgnored() {
        let board = board()
        fail(board, times: 3, at: 0)
        board.record(0, outcome: .accepted, now: 1)  // a send started before it opened
        board.record(0, outcome: .unavailable, now: 2)
        #expect(board.acquire(0, now: 3) == .circuitOpen(until: 5))
        #expect(recorder.lines.count == 1)
    }

    @Test func lostTrialSlotIsGivenBackAfterTheTrialTimeout() {
        let board = board()
        fail(board, times: 3, at: 0)
        #expect(board.acquire(0, now: 5) == .open)  // never recorded
        #expect(board.acquire(0, now: 34.9) == .circuitOpen(until: 5))
        #expect(board.unavailable(now: 34.9).contains(0))
        #expect(!board.unavailable(now: 35).contains(0))
        #expect(board.acquire(0, now: 35) == .open)
        #expect(board.acquire(0, now: 35) == .circuitOpen(until: 5))
    }

    // MARK: Unhealthy and probes

    @Test func probeDownMarksUnhealthyAndAHealthyProbeClears() {
        let board = board()
        board.recordProbe(0, ProviderHealth(status: .down, outcome: .accountProblem, detail: "HTTP 401"), now: 10)
        let reason = "probe down (accountProblem): HTTP 401"
        #expect(board.acquire(0, now: 11) == .unhealthy(reason: reason))
        #expect(board.unavailable(now: 11).contains(0))
        #expect(board.snapshot(now: 11)[0].unhealthyReason == reason)
        board.recordProbe(0, ProviderHealth(status: .down, detail: "HTTP 401 again"), now: 12)  // no new event
        board.recordProbe(0, ProviderHealth(status: .healthy), now: 40)
        #expect(board.acquire(0, now: 40) == .open)
        #expect(board.unavailable(now: 40) == .none)
        #expect(recorder.lines == ["vonage unhealthy: \(reason)", "vonage healthy: probe ok"])
    }

    @Test func probeDownWhileHalfOpenReopensWithADoubledCooldown() {
        let board = board()
        fail(board, times: 3, at: 0)
        board.recordProbe(0, ProviderHealth(status: .down, outcome: .unavailable, detail: "connection refused"), now: 6)
        #expect(recorder.lines == [
            "vonage open: 3 consecutive failures (unavailable); cooldown 5s",
            "vonage half-open: cooldown 5s over",
            "vonage unhealthy: probe down (unavailable): connection refused",
            "vonage open: probe down while half-open; cooldown 10s",
        ])
        let status = board.snapshot(now: 6)[0]
        #expect(status.breaker == "open")
        #expect(status.openUntil == 16)
        // Unhealthy is checked before the breaker.
        #expect(board.acquire(0, now: 7) == .unhealthy(reason: "probe down (unavailable): connection refused"))
    }

    @Test func degradedProbeWithoutLowBalanceCountsAsHealthy() {
        let board = board()
        board.record(0, outcome: .accountProblem, now: 0)
        board.recordProbe(0, ProviderHealth(status: .degraded, detail: "slow"), now: 30)
        #expect(recorder.lines == [
            "vonage unhealthy: account problem reported by a send",
            "vonage healthy: probe ok (degraded): slow",
        ])
        #expect(board.acquire(0, now: 30) == .open)
    }

    @Test func lowBalanceFromAProbeIsUnhealthy() {
        let board = board([ProviderHealthSettings(minBalance: 5)])
        board.recordProbe(0, ProviderHealth(status: .healthy, balance: 3.2, currency: "EUR"), now: 0)
        #expect(board.acquire(0, now: 0) == .unhealthy(reason: "balance 3.20 below min_balance 5"))
        #expect(board.snapshot(now: 0)[0].lastBalance == 3.2)
        board.recordProbe(0, ProviderHealth(status: .degraded, balance: 4.99), now: 30)  // still low
        #expect(board.acquire(0, now: 30) == .unhealthy(reason: "balance 4.99 below min_balance 5"))
        board.recordProbe(0, ProviderHealth(status: .healthy, balance: 5), now: 60)  // topped up
        #expect(board.acquire(0, now: 60) == .open)
        #expect(board.snapshot(now: 60)[0].lastBalance == 5)
        #expect(recorder.lines == [
            "vonage unhealthy: balance 3.20 below min_balance 5",
            "vonage healthy: probe ok",
        ])
    }

    @Test func lowBalanceReportedWithASendIsUnhealthy() {
        let board = board([ProviderHealthSettings(minBalance: 2.5)])
        board.record(0, outcome: .accepted, balance: 2.5, now: 0)
        #expect(board.acquire(0, now: 0) == .open)
        board.record(0, outcome: .accepted, balance: 1.5, now: 1)
        #expect(board.acquire(0, now: 1) == .unhealthy(reason: "balance 1.50 below min_balance 2.5"))
        #expect(recorder.lines == ["vonage unhealthy: balance 1.50 below min_balance 2.5"])
        // Without min_balance a balance is only remembered.
        let plain = self.board()
        plain.record(0, outcome: .accepted, balance: 0.01, now: 0)
        #expect(plain.acquire(0, now: 0) == .open)
        #expect(plain.snapshot(now: 0)[0].lastBalance == 0.01)
    }

    @Test func accountProblemIsUnhealthyNotABreakerFailure() {
        let board = board()
        for t in 0..<5 { board.record(0, outcome: .accountProblem, now: Double(t)) }
        let status = board.snapshot(now: 5)[0]
        #expect(status.breaker == "closed")
        #expect(status.consecutiveFailures == 0)
        #expect(status.unhealthyReason == "account problem reported by a send")
        #expect(recorder.lines == ["vonage unhealthy: account problem reported by a send"])
    }

    @Test func probesDueOnTheirSchedule() {
        let board = board([ProviderHealthSettings(probeEvery: 30), ProviderHealthSettings()])
        #expect(board.probesDue(now: 0) == [0])  // never probed
        #expect(board.probesDue(now: 0) == [])  // in progress
        board.recordProbe(0, ProviderHealth(status: .healthy), now: 1)
        #expect(board.probesDue(now: 30.9) == [])
        #expect(board.probesDue(now: 31) == [0])
        // A probe whose result never comes is handed out again after probeTimeout (45 s).
        #expect(board.probesDue(now: 75.9) == [])
        #expect(board.probesDue(now: 76) == [0])
        #expect(recorder.lines == [])
    }

    @Test func unhealthyProvidersAreRecheckedEvenWithoutProbeEvery() {
        let board = board()
        #expect(board.probesDue(now: 0) == [])  // no probe_every, healthy
        board.record(0, outcome: .accountProblem, now: 100)
        #expect(board.probesDue(now: 129.9) == [])
        #expect(board.probesDue(now: 130) == [0])
        board.recordProbe(0, ProviderHealth(status: .down, detail: "suspended"), now: 131)
        #expect(board.probesDue(now: 160.9) == [])
        #expect(board.probesDue(now: 161) == [0])
        board.recordProbe(0, ProviderHealth(status: .healthy), now: 162)
        #expect(board.acquire(0, now: 162) == .open)
        #expect(board.probesDue(now: 1000) == [])
    }

    @Test func unhealthyRecheckIsTheShorterOfProbeEveryAndThirtySeconds() {
        let slow = board([ProviderHealthSettings(probeEvery: 120)])
        #expect(slow.probesDue(now: 0) == [0])
        slow.recordProbe(0, ProviderHealth(status: .down), now: 1)
        #expect(slow.probesDue(now: 30.9) == [])
        #expect(slow.probesDue(now: 31) == [0])

        let fast = board([ProviderHealthSettings(probeEvery: 10)])
        #expect(fast.probesDue(now: 0) == [0])
        fast.recordProbe(0, ProviderHealth(status: .down), now: 0)
        #expect(fast.probesDue(now: 9.9) == [])
        #expect(fast.probesDue(now: 10) == [0])
    }

    @Test func halfOpenDueProvidersGetAProbe() {
        let board = board()
        fail(board, times: 3, at: 0)
        #expect(board.probesDue(now: 4.9) == [])
        #expect(board.probesDue(now: 5) == [0])
        #expect(board.snapshot(now: 5)[0].breaker == "half-open")
        #expect(board.probesDue(now: 6) == [])
        // The probe and one trial both succeed: closed.
        #expect(board.acquire(0, now: 6) == .open)
        board.recordProbe(0, ProviderHealth(status: .healthy), now: 6.5)
        board.record(0, outcome: .accepted, now: 7)
        #expect(board.snapshot(now: 7)[0].breaker == "closed")
        #expect(board.probesDue(now: 100) == [])  // no probe_every
        #expect(recorder.lines == [
            "vonage open: 3 consecutive failures (unavailable); cooldown 5s",
            "vonage half-open: cooldown 5s over",
            "vonage closed: 2 successes in a row",
        ])
    }

    // MARK: Pauses

    @Test func throttledWithRetryAfterPausesThenResumes() {
        let board = board()
        board.record(0, outcome: .throttled(retryAfter: 2), now: 10)
        let reason = "throttled by the provider; retry after 2s"
        #expect(board.acquire(0, now: 11) == .paused(until: 12, reason: reason))
        #expect(board.unavailable(now: 11.9).contains(0))
        #expect(board.snapshot(now: 11)[0].pausedUntil == 12)
        #expect(board.unavailable(now: 12) == .none)
        #expect(board.acquire(0, now: 12) == .open)
        #expect(board.snapshot(now: 12)[0].pausedUntil == nil)
        #expect(board.snapshot(now: 12)[0].breaker == "closed")
        #expect(recorder.lines == ["vonage paused: \(reason)"])
    }

    @Test func throttledWithoutRetryAfterPausesForTheDefault() {
        let board = board()
        board.record(0, outcome: .throttled(retryAfter: nil), now: 10)
        let reason = "throttled by the provider without retry-after; pausing 1s"
        #expect(board.acquire(0, now: 10.5) == .paused(until: 11, reason: reason))
        #expect(board.acquire(0, now: 11) == .open)
        board.record(0, outcome: .throttled(retryAfter: 0), now: 20)  // no usable hint: the default too
        #expect(board.acquire(0, now: 20.5) == .paused(until: 21, reason: reason))
        #expect(recorder.lines == ["vonage paused: \(reason)", "vonage paused: \(reason)"])
    }

    @Test func aLaterThrottleExtendsThePauseWithoutANewEvent() {
        let board = board()
        board.record(0, outcome: .throttled(retryAfter: 1), now: 0)
        board.record(0, outcome: .throttled(retryAfter: 5), now: 0.5)
        board.record(0, outcome: .throttled(retryAfter: 1), now: 0.6)  // shorter: keeps 5.5
        #expect(board.acquire(0, now: 3) == .paused(until: 5.5, reason: "throttled by the provider; retry after 5s"))
        #expect(recorder.lines == ["vonage paused: throttled by the provider; retry after 1s"])
    }

    // MARK: Rate limit

    @Test func rateLimitGrantsTheBurstThenSpacesTokens() {
        let board = board([ProviderHealthSettings(rateLimit: 2)])
        #expect(board.acquire(0, now: 0) == .open)
        #expect(board.acquire(0, now: 0) == .open)
        #expect(board.acquire(0, now: 0) == .rateLimited(nextTokenAt: 0.5))
        #expect(board.unavailable(now: 0) == .none)  // the router spills per attempt
        #expect(board.acquire(0, now: 0.5) == .open)
        #expect(nextTokenAt(board.acquire(0, now: 0.6)).map { abs($0 - 1) < 1e-9 } == true)
        #expect(board.snapshot(now: 0.6)[0].tokens.map { abs($0 - 0.2) < 1e-9 } == true)
        #expect(board.snapshot(now: 0.6)[0].available)
        #expect(recorder.lines == [])
    }

    @Test func explicitBurst() {
        let board = board([ProviderHealthSettings(rateLimit: 10, burst: 3)])
        for _ in 0..<3 { #expect(board.acquire(0, now: 0) == .open) }
        #expect(board.acquire(0, now: 0) == .rateLimited(nextTokenAt: 0.1))
        #expect(board.snapshot(now: 100)[0].tokens == 3)
        #expect(self.board().snapshot(now: 0)[0].tokens == nil)
    }

    @Test func bulkAcquireGrantsPartialCounts() {
        let board = board([ProviderHealthSettings(rateLimit: 10, burst: 5)])
        #expect(board.acquire(0, count: 3, now: 0) == (3, .open))
        let partial = board.acquire(0, count: 4, now: 0)
        #expect(partial.granted == 2)
        #expect(partial.gate == .rateLimited(nextTokenAt: 0.1))
        let rest = board.acquire(0, count: 4, now: 0.25)  // 2.5 tokens
        #expect(rest.granted == 2)
        #expect(nextTokenAt(rest.gate).map { abs($0 - 0.3) < 1e-9 } == true)
        #expect(board.acquire(0, count: 0, now: 1) == (0, .open))

        let unlimited = self.board()
        #expect(unlimited.acquire(0, count: 10_000, now: 0) == (10_000, .open))
        unlimited.record(0, outcome: .throttled(retryAfter: 3), now: 0)
        let paused = ProviderGate.paused(until: 3, reason: "throttled by the provider; retry after 3s")
        #expect(unlimited.acquire(0, count: 2, now: 1) == (0, paused))
    }

    @Test func bulkAcquireWhileHalfOpenGrantsTheTrialSlots() {
        var policy = Self.policy
        policy.halfOpenTrials = 2
        let board = board([ProviderHealthSettings(rateLimit: 100)], policy: policy)
        fail(board, times: 3, at: 0)
        #expect(board.acquire(0, count: 5, now: 5) == (2, .circuitOpen(until: 5)))
        #expect(board.acquire(0, count: 5, now: 5) == (0, .circuitOpen(until: 5)))
    }

    @Test func anEmptyBucketDoesNotTakeTheHalfOpenTrialSlot() {
        let board = board([ProviderHealthSettings(rateLimit: 1)])
        #expect(board.acquire(0, now: 0) == .open)
        fail(board, times: 3, at: 0)
        _ = recorder.take()
        // Half-open at 5, and the bucket has refilled.
        #expect(board.acquire(0, count: 1, now: 5) == (1, .open))
        board.record(0, outcome: .accepted, now: 5)
        #expect(board.acquire(0, now: 5) == .rateLimited(nextTokenAt: 6))  // the slot is still free
        #expect(!board.unavailable(now: 5).contains(0))
        #expect(board.acquire(0, now: 6) == .open)
        board.record(0, outcome: .accepted, now: 6)
        #expect(recorder.take() == ["vonage half-open: cooldown 5s over", "vonage closed: 2 successes in a row"])
    }

    // MARK: Board-wide

    @Test func unavailableMaskNamesExactlyTheBlockedProviders() {
        let board = board([ProviderHealthSettings(), ProviderHealthSettings(), ProviderHealthSettings(),
                           ProviderHealthSettings(rateLimit: 1)])
        fail(board, 0, times: 3, at: 0)  // circuit open
        board.record(1, outcome: .throttled(retryAfter: 10), now: 0)  // paused
        board.record(2, outcome: .accountProblem, now: 0)  // unhealthy
        #expect(board.acquire(3, now: 0) == .open)  // bucket empty: not in the mask
        #expect(board.acquire(3, now: 0) == .rateLimited(nextTokenAt: 1))
        #expect(board.unavailable(now: 1) == ProviderMask(bits: 0b0111))
        #expect(board.unavailable(now: 5) == ProviderMask(bits: 0b0110))  // breaker due
        #expect(board.unavailable(now: 10) == ProviderMask(bits: 0b0100))  // pause over
        #expect(board.snapshot(now: 10).map(\.available) == [true, true, false, true])
    }

    @Test func onChangeFiresOncePerTransition() {
        let board = board([ProviderHealthSettings(probeEvery: 60, minBalance: 1)])
        fail(board, times: 5, at: 0)  // opens at the 3rd; the rest are ignored
        _ = board.unavailable(now: 6)  // a query: no transition
        _ = board.acquire(0, now: 6)  // half-open
        _ = board.acquire(0, now: 6)  // trial slot taken: no transition
        board.record(0, outcome: .accepted, now: 7)
        board.record(0, outcome: .accepted, now: 7)  // closed
        board.record(0, outcome: .throttled(retryAfter: 2), now: 8)  // paused
        board.record(0, outcome: .throttled(retryAfter: 2), now: 9)  // extended: no new event
        board.recordProbe(0, ProviderHealth(status: .healthy, balance: 0.5), now: 20)  // unhealthy
        board.record(0, outcome: .accountProblem, now: 21)  // already unhealthy
        board.recordProbe(0, ProviderHealth(status: .healthy, balance: 10), now: 50)  // healthy
        board.recordProbe(0, ProviderHealth(status: .healthy, balance: 10), now: 80)  // nothing changes
        let changes = recorder.all
        #expect(changes.map(\.state) == ["open", "half-open", "closed", "paused", "unhealthy", "healthy"])
        #expect(changes.map(\.at) == [0, 6, 7, 8, 20, 50])
        #expect(changes.allSatisfy { $0.provider == "vonage" })
        #expect(changes.map(\.reason) == [
            "3 consecutive failures (unavailable); cooldown 5s",
            "cooldown 5s over",
            "2 successes in a row",
            "throttled by the provider; retry after 2s",
            "balance 0.50 below min_balance 1",
            "probe ok",
        ])
    }

    @Test func rebuiltKeepsStateByProviderID() {
        let old = board([ProviderHealthSettings(rateLimit: 10), ProviderHealthSettings(), ProviderHealthSettings()])
        fail(old, 0, times: 3, at: 0)  // vonage: open until 5
        old.record(1, outcome: .accountProblem, now: 0)  // smscx: unhealthy
        old.record(2, outcome: .throttled(retryAfter: 4), now: 0)  // kpn: paused until 4
        _ = recorder.take()

        let settings = [ProviderHealthSettings(), ProviderHealthSettings(), ProviderHealthSettings(rateLimit: 2)]
        let new = old.rebuilt(providers: ["kpn", "bandwidth", "vonage"], settings: settings)
        #expect(new.providers == ["kpn", "bandwidth", "vonage"])
        #expect(new.index(of: "vonage") == 2)
        #expect(new.index(of: "smscx") == nil)
        #expect(new.unavailable(now: 1) == ProviderMask(bits: 0b101))
        #expect(new.acquire(0, now: 1) == .paused(until: 4, reason: "throttled by the provider; retry after 4s"))
        #expect(new.acquire(1, now: 1) == .open)
        #expect(new.acquire(2, now: 1) == .circuitOpen(until: 5))
        let vonage = new.snapshot(now: 1)[2]
        #expect(vonage.consecutiveFailures == 3)
        #expect(vonage.tokens == 2)  // 10 tokens capped at the new burst
        // The carried breaker goes on as before, and reports through the same onChange.
        #expect(new.acquire(2, now: 5) == .open)
        #expect(recorder.take() == ["vonage half-open: cooldown 5s over"])
        // The old board is untouched by the new one.
        #expect(old.unavailable(now: 1) == ProviderMask(bits: 0b111))
    }

    @Test func settingsFromAProviderDefinition() throws {
        let rules = try RuleFixtures.load()
        let settings = rules.providers.map(ProviderHealthSettings.init)
        #expect(settings.count == rules.providers.count)
        for (s, p) in zip(settings, rules.providers) {
            #expect(s.rateLimit == p.rateLimit)
            #expect(s.probeEvery == p.health.probeEvery)
            #expect(s.minBalance == p.health.minBalance)
            #expect(s.burst == nil)
        }
    }

    @Test func concurrentAcquiresNeverOverdrawTheBucket() async {
        let board = board([ProviderHealthSettings(rateLimit: 1, burst: 100)])
        let granted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var mine = 0
                    for _ in 0..<50 where board.acquire(0, now: 0) == .open { mine += 1 }
                    return mine
                }
            }
            return await group.reduce(0, +)
        }
        #expect(granted == 100)
    }
}
