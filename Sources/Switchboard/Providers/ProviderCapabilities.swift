/// What a provider can do, as its plugin declares it.
public struct ProviderCapabilities: Sendable, Hashable {
    /// Channels the API can carry.
    public var channels: Set<MessageChannel>
    /// Messages per bulk request (1 = no bulk endpoint).
    public var maxBatchSize: Int
    /// True when a retry with the same idempotency key can never send twice (SMS.CX's
    /// `idempotencyId`), which makes failing over after an ambiguous outcome safe.
    public var idempotentRetries: Bool
    /// True when the provider reports a balance (health probes compare it with `min_balance`).
    public var reportsBalance: Bool

    /// Creates capabilities.
    public init(channels: Set<MessageChannel> = [.sms], maxBatchSize: Int = 1, idempotentRetries: Bool = false,
                reportsBalance: Bool = false) {
        self.channels = channels
        self.maxBatchSize = maxBatchSize
        self.idempotentRetries = idempotentRetries
        self.reportsBalance = reportsBalance
    }
}
