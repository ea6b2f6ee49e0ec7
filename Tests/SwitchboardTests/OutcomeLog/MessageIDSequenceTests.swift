import Testing
@testable import Switchboard

/// The id generator's state: time-ordered ids, and a floor (the largest id of an opened log)
/// that every later id exceeds even when the clock is behind it. Tested on a value of its own,
/// so this process's ids (`MessageID.next()`) are not moved into the future.
@Suite struct MessageIDSequenceTests {
    @Test func idsFollowTheClockAndNeverRepeat() {
        var sequence = MessageIDSequence()
        let a = sequence.next(milliseconds: 1_000)
        let b = sequence.next(milliseconds: 1_000)
        let c = sequence.next(milliseconds: 999)  // the clock stepped back
        let d = sequence.next(milliseconds: 1_001)
        #expect(a == MessageID(milliseconds: 1_000, sequence: 0))
        #expect(a < b && b < c && c < d)
        #expect(d == MessageID(milliseconds: 1_001, sequence: 0))
    }

    @Test func afterAFloorFarInTheFutureIdsAreGreaterAndStillOrdered() {
        var sequence = MessageIDSequence()
        let now: Int64 = 1_767_225_600_000
        let floor = MessageID(milliseconds: now + 10 * 365 * 86_400_000, sequence: 41)
        sequence.raise(above: floor)
        let a = sequence.next(milliseconds: now)
        let b = sequence.next(milliseconds: now + 1)
        #expect(floor < a && a < b)
        #expect(a == MessageID(milliseconds: floor.milliseconds, sequence: 42))
        // Once the clock passes the floor, ids follow the clock again.
        #expect(sequence.next(milliseconds: floor.milliseconds + 5) == MessageID(milliseconds: floor.milliseconds + 5))
    }

    @Test func aLowerFloorChangesNothingAndAFullMillisecondBorrowsTheNext() {
        var sequence = MessageIDSequence()
        _ = sequence.next(milliseconds: 5_000)
        sequence.raise(above: MessageID(milliseconds: 4_000, sequence: 9))
        #expect(sequence.next(milliseconds: 5_000) == MessageID(milliseconds: 5_000, sequence: 1))
        sequence.raise(above: MessageID(milliseconds: 6_000, sequence: (1 << 20) - 1))
        #expect(sequence.next(milliseconds: 5_000) == MessageID(milliseconds: 6_001, sequence: 0))
    }
}
