import Synchronization

/// Counts REST sends in progress so a graceful shutdown can wait for them to finish.
final class InFlightSends: Sendable {
    private let count = Mutex(0)

    /// Runs `body` counted as in flight.
    func track<T: Sendable>(_ body: () async -> T) async -> T {
        count.withLock { $0 += 1 }
        defer { count.withLock { $0 -= 1 } }
        return await body()
    }

    /// Sends in progress now.
    var current: Int { count.withLock { $0 } }

    /// Waits until nothing is in flight or `timeout` passes; returns whether it drained.
    func drain(timeout: Duration) async -> Bool {
        let end = ContinuousClock.now + timeout
        while current > 0 {
            if ContinuousClock.now >= end { return false }
            do { try await Task.sleep(for: .milliseconds(20)) } catch { return current == 0 }
        }
        return true
    }
}
