import Synchronization

/// Numbers that opted out, in memory (loaded from the outcome log at start, kept in step with
/// it), so the guard costs a hash lookup rather than a database read.
final class OptOutList: Sendable {
    private let numbers: Mutex<Set<String>>

    init(_ initial: some Sequence<String>) {
        numbers = Mutex(Set(initial))
    }

    func contains(_ number: String) -> Bool { numbers.withLock { $0.contains(number) } }
    /// Returns true when the number was not opted out before.
    @discardableResult func insert(_ number: String) -> Bool { numbers.withLock { $0.insert(number).inserted } }
    /// Returns true when the number was opted out before.
    @discardableResult func remove(_ number: String) -> Bool { numbers.withLock { $0.remove(number) != nil } }
}
