import Testing
@testable import Switchboard

@Suite struct HealthTokenBucketTests {
    @Test func startsFullThenSpacesTokensAtTheRate() {
        var bucket = TokenBucket(rate: 10)
        #expect(bucket.burst == 10)
        #expect(bucket.take(10, now: 100) == 10)
        #expect(bucket.take(1, now: 100) == 0)
        #expect(abs(bucket.nextTokenAt(now: 100) - 100.1) < 1e-9)
        #expect(bucket.take(1, now: 100.05) == 0)
        #expect(abs(bucket.nextTokenAt(now: 100.05) - 100.1) < 1e-9)
        #expect(bucket.take(1, now: 100.1) == 1)
        #expect(bucket.take(1, now: 100.1) == 0)
        #expect(abs(bucket.nextTokenAt(now: 100.1) - 100.2) < 1e-9)
    }

    @Test func defaultBurstIsOneSecondButAtLeastOne() {
        #expect(TokenBucket(rate: 30).burst == 30)
        #expect(TokenBucket(rate: 0.5).burst == 1)
        #expect(TokenBucket(rate: 30, burst: 0.2).burst == 1)
        #expect(TokenBucket(rate: 30, burst: 4).burst == 4)
        var slow = TokenBucket(rate: 0.5)
        #expect(slow.take(1, now: 0) == 1)
        #expect(slow.nextTokenAt(now: 0) == 2)
        #expect(slow.take(1, now: 1.9) == 0)
        #expect(slow.take(1, now: 2) == 1)
    }

    @Test func refillIsContinuousAndCappedAtBurst() {
        var bucket = TokenBucket(rate: 4, burst: 2)
        #expect(bucket.take(2, now: 0) == 2)
        #expect(abs(bucket.available(now: 0.25) - 1) < 1e-9)
        #expect(abs(bucket.available(now: 0.375) - 1.5) < 1e-9)
        #expect(bucket.available(now: 60) == 2)
        #expect(bucket.take(5, now: 60) == 2)
    }

    @Test func bulkTakeGrantsWholeTokensOnly() {
        var bucket = TokenBucket(rate: 5, burst: 5)
        #expect(bucket.take(8, now: 0) == 5)
        #expect(bucket.take(4, now: 0.5) == 2)  // 2.5 tokens there
        #expect(abs(bucket.available(now: 0.5) - 0.5) < 1e-9)
        #expect(abs(bucket.nextTokenAt(now: 0.5) - 0.6) < 1e-9)
        #expect(bucket.take(0, now: 1) == 0)
    }

    @Test func unlimitedAlwaysGrants() {
        var bucket = TokenBucket(rate: nil)
        #expect(!bucket.isLimited)
        #expect(bucket.take(1_000_000, now: 0) == 1_000_000)
        #expect(bucket.nextTokenAt(now: 7) == 7)
        #expect(TokenBucket(rate: 0).isLimited == false)
        #expect(TokenBucket(rate: -3).isLimited == false)
    }

    @Test func clockSteppingBackRefillsNothing() {
        var bucket = TokenBucket(rate: 1, burst: 1)
        #expect(bucket.take(1, now: 10) == 1)
        #expect(bucket.take(1, now: 5) == 0)
        #expect(bucket.nextTokenAt(now: 5) == 11)
        #expect(bucket.take(1, now: 11) == 1)
    }

    @Test func resizedKeepsTokensCappedAtTheNewBurst() {
        var bucket = TokenBucket(rate: 10)
        #expect(bucket.take(3, now: 0) == 3)  // 7 left
        let smaller = bucket.resized(rate: 5, burst: nil)
        #expect(smaller.burst == 5)
        #expect(smaller.available(now: 0) == 5)
        let larger = bucket.resized(rate: 20, burst: nil)
        #expect(larger.available(now: 0) == 7)
        #expect(abs(larger.available(now: 0.1) - 9) < 1e-9)
        let fresh = TokenBucket(rate: nil).resized(rate: 2, burst: nil)
        #expect(fresh.available(now: 0) == 2)
    }
}
