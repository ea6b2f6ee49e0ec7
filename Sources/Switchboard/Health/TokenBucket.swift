/// A token bucket: continuous refill at `rate` tokens per second up to `burst`; one token per message.
///
/// A value type with no locking; ``ProviderHealthBoard`` keeps one per provider under its mutex.
/// Time is passed in (`now`, seconds); a clock that steps backwards refills nothing.
struct TokenBucket: Sendable, Hashable {
    /// Slack for floating-point refill: a bucket this close to a whole token has one.
    static let epsilon = 1e-9

    /// Tokens per second; nil = unlimited.
    let rate: Double?
    /// Bucket size (at least 1).
    let burst: Double
    /// Tokens in the bucket as of `updatedAt`.
    private(set) var tokens: Double
    /// When `tokens` was last brought up to date; nil until the first use (the bucket starts full).
    private(set) var updatedAt: Double?

    /// A full bucket. A missing, non-positive or non-finite rate means unlimited.
    init(rate: Double?, burst: Double? = nil) {
        let rate = rate.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        self.rate = rate
        let size = burst.flatMap { $0.isFinite ? $0 : nil } ?? max(1, rate ?? 1)
        self.burst = max(1, size)
        tokens = self.burst
        updatedAt = nil
    }

    /// The same bucket under new settings: keeps its tokens (capped at the new size), or starts
    /// full when it was unlimited before.
    func resized(rate: Double?, burst: Double?) -> TokenBucket {
        var next = TokenBucket(rate: rate, burst: burst)
        guard self.rate != nil, next.rate != nil else { return next }
        next.tokens = min(next.burst, tokens)
        next.updatedAt = updatedAt
        return next
    }

    /// Whether the bucket limits anything.
    var isLimited: Bool { rate != nil }

    /// Tokens available at `now` (infinity when unlimited); does not change the bucket.
    func available(now: Double) -> Double {
        guard let rate else { return .infinity }
        guard let updatedAt, now > updatedAt else { return tokens }
        return min(burst, tokens + (now - updatedAt) * rate)
    }

    /// Brings `tokens` up to `now`.
    mutating func refill(now: Double) {
        guard rate != nil else { return }
        tokens = available(now: now)
        if updatedAt.map({ now > $0 }) ?? true { updatedAt = now }
    }

    /// How many whole tokens of `count` can be taken at `now`, without taking them.
    func grantable(_ count: Int, now: Double) -> Int {
        guard count > 0 else { return 0 }
        guard rate != nil else { return count }
        let whole = (available(now: now) + Self.epsilon).rounded(.down)
        return whole >= Double(count) ? count : max(0, Int(whole))
    }

    /// Takes up to `count` whole tokens at `now`; returns how many were taken.
    mutating func take(_ count: Int, now: Double) -> Int {
        guard rate != nil else { return max(0, count) }
        refill(now: now)
        let granted = grantable(count, now: now)
        if granted > 0 { tokens = max(0, tokens - Double(granted)) }
        return granted
    }

    /// When the next whole token will be there (`now` when one already is).
    func nextTokenAt(now: Double) -> Double {
        guard let rate else { return now }
        let have = available(now: now)
        if have + Self.epsilon >= 1 { return now }
        return max(now, updatedAt ?? now) + (1 - have) / rate
    }
}
