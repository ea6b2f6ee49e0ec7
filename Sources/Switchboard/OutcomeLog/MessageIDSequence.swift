/// The state behind ``MessageID/next()``: the last id made, as milliseconds and a sequence
/// within that millisecond. A value type so the rules can be tested without moving the
/// process's own ids.
struct MessageIDSequence: Sendable {
    /// Milliseconds of the last id made (or of the floor).
    private(set) var milliseconds: Int64 = 0
    /// Sequence of the last id made within ``milliseconds``.
    private(set) var sequence: Int64 = 0

    /// Ids a millisecond holds (the low 20 bits).
    static let perMillisecond: Int64 = 1 << 20

    /// The next id at wall-clock time `now` (milliseconds since 1970): the start of `now` when
    /// the clock has moved past the last id, otherwise the one after the last id (a clock that
    /// stands still or went back never repeats or lowers an id).
    mutating func next(milliseconds now: Int64) -> MessageID {
        if now > milliseconds {
            (milliseconds, sequence) = (now, 0)
        } else {
            sequence += 1
            if sequence >= Self.perMillisecond {  // more than a million ids in one ms: borrow the next ms
                (milliseconds, sequence) = (milliseconds + 1, 0)
            }
        }
        return MessageID(rawValue: milliseconds << 20 | sequence)
    }

    /// Makes every later id greater than `floor` (e.g. the largest id of a log being opened);
    /// a floor at or below the last id changes nothing.
    mutating func raise(above floor: MessageID) {
        guard floor.rawValue > milliseconds << 20 | sequence else { return }
        (milliseconds, sequence) = (floor.milliseconds, floor.rawValue & (Self.perMillisecond - 1))
    }
}
