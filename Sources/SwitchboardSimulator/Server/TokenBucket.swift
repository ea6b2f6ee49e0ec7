/// A token bucket: `rate` tokens per second, burst of `max(1, rate)`.
struct TokenBucket: Sendable {
    private var tokens: Double
    private var last: ContinuousClock.Instant
    private var rate: Double

    init(rate: Double, now: ContinuousClock.Instant) {
        self.rate = rate
        tokens = max(1, rate)
        last = now
    }

    /// Takes one token if available.
    mutating func take(rate newRate: Double, now: ContinuousClock.Instant) -> Bool {
        if newRate != rate {
            rate = newRate
            tokens = min(tokens, max(1, rate))
        }
        let elapsed = now - last
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        last = now
        tokens = min(max(1, rate), tokens + seconds * rate)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
