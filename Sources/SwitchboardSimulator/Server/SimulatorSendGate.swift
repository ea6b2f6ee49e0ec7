import Synchronization

/// Holds sends that arrive while it is closed until it opens (``ProviderSimulator/holdSends(for:)``):
/// the requests are read and left unanswered, as a provider that is slow to answer leaves them.
/// A waiting request whose task is cancelled (the listener's cut-off on stop or outage) leaves
/// at once. Thread-safe.
final class SimulatorSendGate: Sendable {
    private struct State {
        var closed = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Requests that arrive from now on wait in ``pass()``.
    func close() { state.withLock { $0.closed = true } }

    /// Lets every waiting request go on, and the ones after them through.
    func open() {
        let waiters = state.withLock { state in
            state.closed = false
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Requests waiting now.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Returns when the gate is open, or when the calling task is cancelled.
    func pass() async {
        let id = state.withLock { state in
            state.nextID &+= 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let goOn = state.withLock { state in
                    guard state.closed, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if goOn { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
