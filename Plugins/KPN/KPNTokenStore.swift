public import Switchboard
import Synchronization

/// Caches the OAuth token, refreshes it ``refreshMargin`` seconds before expiry, and lets many
/// concurrent sends share ONE token request in flight.
public actor KPNTokenStore {
    /// Mints a new token (the HTTP call).
    public typealias Minter = @Sendable () async throws(ProviderError) -> KPNToken

    private let mint: Minter
    private let clock: any ProviderClock
    /// Seconds before expiry at which a token is replaced (node-kpn uses 5 minutes).
    public let refreshMargin: Double
    private var cached: KPNToken? {
        didSet { snapshot.withLock { $0 = cached } }
    }
    /// `cached`, readable without a hop onto this actor (``usableCachedToken()``).
    private let snapshot = Mutex<KPNToken?>(nil)
    private var inFlight: Task<KPNToken, any Error>?
    /// Tokens minted so far (for diagnostics and tests).
    public private(set) var mintCount = 0

    /// Creates a store.
    public init(refreshMargin: Double = 300, clock: any ProviderClock, mint: @escaping Minter) {
        self.refreshMargin = refreshMargin
        self.clock = clock
        self.mint = mint
    }

    /// A valid token: the cached one, the one being minted, or a new one.
    public func token() async throws(ProviderError) -> KPNToken {
        if let cached, isFresh(cached) { return cached }
        return try await joinOrMint()
    }

    /// The cached token when it is still fresh, without waiting for this actor: every send
    /// asks for the token, and hopping onto the actor and back for a cached value costs a
    /// scheduling round trip per message. Nil means: call ``token()``.
    public nonisolated func usableCachedToken() -> KPNToken? {
        guard let token = snapshot.withLock({ $0 }), isFresh(token) else { return nil }
        return token
    }

    /// Not within the refresh margin of expiry — but never refreshed so early that a
    /// short-lived token is never used.
    private nonisolated func isFresh(_ token: KPNToken) -> Bool {
        let margin = min(refreshMargin, (token.expiresAt - token.mintedAt) / 2)
        return token.expiresAt - margin > clock.now()
    }

    /// Mints a fresh token even when the cached one is still valid (joins a mint in flight);
    /// the health probe uses this.
    public func refresh() async throws(ProviderError) -> KPNToken {
        cached = nil
        return try await joinOrMint()
    }

    /// Forgets `accessToken` if it is the cached one (the gateway said it is invalid or
    /// expired). A newer token minted meanwhile is kept.
    public func invalidate(_ accessToken: String) {
        if cached?.accessToken == accessToken { cached = nil }
    }

    private func joinOrMint() async throws(ProviderError) -> KPNToken {
        let task: Task<KPNToken, any Error>
        if let inFlight {
            task = inFlight
        } else {
            let mint = self.mint
            task = Task { () async throws -> KPNToken in try await mint() }
            inFlight = task
            mintCount += 1
        }
        do {
            let token = try await task.value
            if inFlight == task {
                inFlight = nil
                cached = token
            }
            return token
        } catch {
            if inFlight == task { inFlight = nil }
            if let error = error as? ProviderError { throw error }
            throw ProviderError(.unavailable, code: "token", message: "KPN OAuth token request failed")
        }
    }
}
