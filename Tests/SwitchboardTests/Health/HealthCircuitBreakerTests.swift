import Testing
@testable import Switchboard

@Suite struct HealthCircuitBreakerTests {
    let policy = BreakerPolicy(
        consecutiveFailures: 3, failureRate: 0.5, window: 10, minimumRequests: 10, cooldown: 5,
        maxCooldown: 20, successesToClose: 2, halfOpenTrials: 1, cooldownResetAfter: 60)

    @Test func opensAfterConsecutiveFailuresAndASuccessResetsTheCount() {
        var breaker = CircuitBreaker(policy: policy)
        #expect(breaker.recordFailure("unavailable", now: 0, trial: true) == nil)
        #expect(breaker.recordFailure("unavailable", now: 0, trial: true) == nil)
        #expect(breaker.recordSuccess(now: 0, trial: true) == nil)
        #expect(breaker.consecutiveFailures == 0)
        #expect(breaker.recordFailure("ambiguous", now: 1, trial: true) == nil)
        #expect(breaker.recordFailure("ambiguous", now: 1, trial: true) == nil)
        let opened = breaker.recordFailure("ambiguous", now: 1, trial: true)
        #expect(opened == .init(state: .open, reason: "3 consecutive failures (ambiguous); cooldown 5s"))
        #expect(breaker.state == .open)
        #expect(breaker.openUntil == 6)
        #expect(breaker.isBlocking(now: 5.99))
        #expect(!breaker.isBlocking(now: 6))
    }

    @Test func failureRateCountsOnlyTheWindow() {
        var breaker = CircuitBreaker(policy: policy)
        // Success, failure, … (never 3 failures in a row): opens on the 10th request, 5 of 10 failed.
        for t in 0..<5 {
            _ = breaker.recordSuccess(now: Double(t), trial: true)
            if t < 4 { _ = breaker.recordFailure("unavailable", now: Double(t), trial: true) }
        }
        #expect(breaker.state == .closed)
        #expect(breaker.windowCounts(now: 4) == (requests: 9, failures: 4))
        #expect(breaker.recordFailure("unavailable", now: 4, trial: true)
            == .init(state: .open, reason: "failure rate 50% over 10s (5 of 10 failed); cooldown 5s"))

        // The same pattern spread out: requests older than the window no longer count.
        var fresh = CircuitBreaker(policy: policy)
        for t in 0..<4 {
            _ = fresh.recordSuccess(now: Double(t), trial: true)
            _ = fresh.recordFailure("unavailable", now: Double(t), trial: true)
        }
        #expect(fresh.windowCounts(now: 3) == (requests: 8, failures: 4))
        for _ in 0..<3 {
            _ = fresh.recordSuccess(now: 12, trial: true)
            _ = fresh.recordFailure("unavailable", now: 12, trial: true)
        }
        // 14 requests with 7 failures overall, but only t=3 and t=12 are in the window at t=12.
        #expect(fresh.windowCounts(now: 12) == (requests: 8, failures: 4))
        #expect(fresh.state == .closed)
        #expect(fresh.windowCounts(now: 30) == (requests: 0, failures: 0))
    }

    @Test func failureRateNeedsMinimumRequests() {
        var breaker = CircuitBreaker(policy: policy)
        // 4 of 9 fail (never 3 in a row): under minimumRequests, stays closed.
        for _ in 0..<4 {
            _ = breaker.recordFailure("unavailable", now: 0, trial: true)
            _ = breaker.recordSuccess(now: 0, trial: true)
        }
        _ = breaker.recordSuccess(now: 0, trial: true)
        #expect(breaker.state == .closed)
        #expect(breaker.windowCounts(now: 0) == (requests: 9, failures: 4))
        let opened = breaker.recordFailure("unavailable", now: 0.5, trial: true)
        #expect(opened == .init(state: .open, reason: "failure rate 50% over 10s (5 of 10 failed); cooldown 5s"))
    }

    @Test func halfOpenTrialsAndHysteresis() {
        var breaker = CircuitBreaker(policy: policy)
        for _ in 0..<3 { _ = breaker.recordFailure("unavailable", now: 0, trial: true) }
        #expect(breaker.advance(now: 4) == nil)
        #expect(breaker.allowance(now: 4) == 0)
        #expect(breaker.advance(now: 5) == .init(state: .halfOpen, reason: "cooldown 5s over"))
        #expect(breaker.advance(now: 5) == nil)
        #expect(breaker.allowance(now: 5) == 1)
        breaker.admit(1, now: 5)
        #expect(breaker.allowance(now: 5) == 0)
        #expect(breaker.isBlocking(now: 5))
        #expect(breaker.recordSuccess(now: 6, trial: true) == nil)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.allowance(now: 6) == 1)
        #expect(breaker.recordSuccess(now: 7, trial: false) == .init(state: .closed, reason: "2 successes in a row"))
        #expect(breaker.state == .closed)
        #expect(breaker.allowance(now: 7) == .max)
    }

    @Test func reopenDoublesUpToTheCapAndResetsAfterAQuietClosedPeriod() {
        var breaker = CircuitBreaker(policy: policy)
        for _ in 0..<3 { _ = breaker.recordFailure("unavailable", now: 0, trial: true) }
        #expect(breaker.cooldown(now: 0) == 5)
        _ = breaker.advance(now: 5)
        #expect(breaker.recordFailure("unavailable", now: 5, trial: true)
            == .init(state: .open, reason: "unavailable while half-open; cooldown 10s"))
        #expect(breaker.openUntil == 15)
        _ = breaker.advance(now: 15)
        _ = breaker.recordFailure("unavailable", now: 15, trial: true)
        #expect(breaker.openUntil == 35)  // 20: capped
        _ = breaker.advance(now: 35)
        _ = breaker.recordFailure("unavailable", now: 35, trial: true)
        #expect(breaker.openUntil == 55)  // still 20
        _ = breaker.advance(now: 55)
        _ = breaker.recordSuccess(now: 55, trial: true)
        _ = breaker.recordSuccess(now: 55, trial: true)
        #expect(breaker.state == .closed)
        #expect(breaker.cooldown(now: 114) == 20)
        #expect(breaker.cooldown(now: 115) == 5)
    }
}
