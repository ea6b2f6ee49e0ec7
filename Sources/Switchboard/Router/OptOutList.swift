import Synchronization

/// Numbers that opted out, in memory (loaded from the outcome log at start, kept in step with
/// it), so the guard costs a hash lookup rather than a database read.
///
/// The log is the truth: a change is written first and made in memory only once the write has
/// committed, so a failed write changes nothing anywhere (the caller gets the error; a
/// provider's webhook is answered with it and redelivered). Changes run one at a time, in the
/// order they were asked for, so that memory applies them in the order the log committed them
/// (two concurrent calls — STOP, then START — cannot end opted in in the log and opted out in
/// memory). Lookups never wait for a change.
final class OptOutList: Sendable {
    /// One change to the list.
    enum Change: Sendable {
        /// The number (E.164) opted out.
        case add(String)
        /// The number opted back in.
        case remove(String)
    }

    private let numbers: Mutex<Set<String>>
    /// The change being written, if any: the next one waits for it.
    private let latest = Mutex<Task<[Bool], any Error>?>(nil)

    init(_ initial: some Sequence<String>) {
        numbers = Mutex(Set(initial))
    }

    func contains(_ number: String) -> Bool { numbers.withLock { $0.contains(number) } }

    /// Runs `write` (the log write that records `changes`) after the changes asked for before,
    /// then makes `changes` in memory — only if `write` did not throw.
    ///
    /// - Returns: for each change, whether it changed the list (a new opt-out, an opt-out removed).
    /// - Throws: what `write` threw; memory is then unchanged.
    func apply(_ changes: [Change], after write: @escaping @Sendable () async throws -> Void) async throws -> [Bool] {
        let task = latest.withLock { latest in
            let previous = latest
            let task = Task { [self] in
                _ = await previous?.result
                try await write()
                return numbers.withLock { numbers in
                    changes.map { change in
                        switch change {
                        case .add(let number): numbers.insert(number).inserted
                        case .remove(let number): numbers.remove(number) != nil
                        }
                    }
                }
            }
            latest = task
            return task
        }
        return try await task.value
    }
}
