import Foundation
import Switchboard

/// Caches the OAuth2 access token (client credentials), refreshes it before it expires and
/// runs at most one refresh at a time: concurrent sends wait for the same request.
actor SMSCXTokenCache {
    private struct Token {
        var value: String
        var refreshAt: Double  // .infinity for tokens that never expire
    }

    private let fetch: @Sendable () async -> Result<(token: String, expiresIn: Int?), ProviderError>
    private let clock: any ProviderClock
    private var token: Token?
    private var refresh: Task<Result<String, ProviderError>, Never>?

    init(clock: any ProviderClock,
         fetch: @escaping @Sendable () async -> Result<(token: String, expiresIn: Int?), ProviderError>) {
        self.clock = clock
        self.fetch = fetch
    }

    /// A valid token, fetching one if there is none or it is about to expire.
    func current() async -> Result<String, ProviderError> {
        if let token, clock.now() < token.refreshAt { return .success(token.value) }
        if let refresh { return await refresh.value }
        let task = Task { [fetch, clock] () -> Result<(String, Double), ProviderError> in
            switch await fetch() {
            case .success(let answer):
                // Refresh a tenth of the lifetime (at most a minute) early; tokens without an
                // expiry ("never") are kept until the API refuses them.
                let refreshAt: Double
                if let lifetime = answer.expiresIn, lifetime > 0 {
                    refreshAt = clock.now() + Double(lifetime) - min(60, Double(lifetime) / 10)
                } else {
                    refreshAt = .infinity
                }
                return .success((answer.token, refreshAt))
            case .failure(let error):
                return .failure(error)
            }
        }
        let wrapped = Task { () -> Result<String, ProviderError> in
            let result = await task.value
            return result.map(\.0)
        }
        refresh = wrapped
        let result = await task.value
        refresh = nil
        if case .success(let (value, refreshAt)) = result { token = Token(value: value, refreshAt: refreshAt) }
        return result.map(\.0)
    }

    /// Forgets `value` (the API refused it) so the next call fetches a new token.
    func invalidate(_ value: String) {
        if token?.value == value { token = nil }
    }
}
