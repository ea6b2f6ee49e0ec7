import Switchboard
import SwitchboardKPN
import Synchronization
import Testing

/// Token caching and early refresh (§3.1: ~1 h tokens, re-mint 5 minutes early).
@Suite("KPN token store")
struct KPNTokenStoreTests {
    final class Clock: ProviderClock {
        let seconds = Mutex(0.0)
        func now() -> Double { seconds.withLock { $0 } }
        func set(_ value: Double) { seconds.withLock { $0 = value } }
    }

    final class Counter: Sendable {
        let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }

    static func store(clock: Clock, counter: Counter, lifetime: Double = 3599) -> KPNTokenStore {
        KPNTokenStore(refreshMargin: 300, clock: clock) { () async throws(ProviderError) -> KPNToken in
            let n = counter.next()
            return KPNToken(accessToken: "t\(n)", expiresAt: clock.now() + lifetime, status: "approved", mintedAt: clock.now())
        }
    }

    @Test func cachedUntilFiveMinutesBeforeExpiry() async throws {
        let clock = Clock()
        let counter = Counter()
        let store = Self.store(clock: clock, counter: counter)
        #expect(try await store.token().accessToken == "t1")
        clock.set(3000)
        #expect(try await store.token().accessToken == "t1")
        clock.set(3300)
        #expect(try await store.token().accessToken == "t2")
        #expect(await store.mintCount == 2)
    }

    @Test func invalidateDropsOnlyThatToken() async throws {
        let clock = Clock()
        let store = Self.store(clock: clock, counter: Counter())
        let first = try await store.token()
        await store.invalidate("not-the-cached-one")
        #expect(try await store.token() == first)
        await store.invalidate(first.accessToken)
        #expect(try await store.token().accessToken == "t2")
    }

    @Test func cachedTokenIsReadableWithoutTheActorUntilItIsDue() async throws {
        let clock = Clock()
        let counter = Counter()
        let store = Self.store(clock: clock, counter: counter)
        #expect(store.usableCachedToken() == nil)  // nothing minted yet: the caller must mint
        let first = try await store.token()
        #expect(store.usableCachedToken() == first)
        clock.set(3300)  // within the refresh margin: not usable, token() re-mints
        #expect(store.usableCachedToken() == nil)
        let second = try await store.token()
        #expect(second.accessToken == "t2")
        #expect(store.usableCachedToken() == second)
        await store.invalidate(second.accessToken)
        #expect(store.usableCachedToken() == nil)
        #expect(await store.mintCount == 2)
    }

    @Test func shortLivedTokensAreStillUsed() async throws {
        let clock = Clock()
        let store = Self.store(clock: clock, counter: Counter(), lifetime: 120)
        _ = try await store.token()
        clock.set(50)
        #expect(try await store.token().accessToken == "t1")
    }

    @Test func failedMintIsNotCached() async throws {
        let counter = Counter()
        let store = KPNTokenStore(refreshMargin: 300, clock: Clock()) { () async throws(ProviderError) -> KPNToken in
            if counter.next() == 1 { throw ProviderError(.unavailable, message: "down") }
            return KPNToken(accessToken: "ok", expiresAt: 3599, mintedAt: 0)
        }
        await #expect(throws: ProviderError.self) { try await store.token() }
        #expect(try await store.token().accessToken == "ok")
    }
}
