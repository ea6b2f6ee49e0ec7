import CCurl
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The libcurl handles a transport owns.
///
/// `@unchecked Sendable` because it holds raw C pointers. It is safe because:
/// - the pointers never change after `init`;
/// - only the loop thread uses `share` and uses `multi` for anything but `curl_multi_wakeup`;
/// - `curl_multi_wakeup` (documented thread-safe) is only called through `CurlLoopShared`,
///   which registers every waker under the inbox lock while the inbox is open; the loop thread
///   closes the inbox under that lock and waits for registered wakers to finish before it
///   calls `curl_multi_cleanup`, so no wakeup can race the cleanup (reference pitfall 6).
final class CurlHandles: @unchecked Sendable {
    let multi: UnsafeMutableRawPointer
    let share: UnsafeMutableRawPointer

    init(multi: UnsafeMutableRawPointer, share: UnsafeMutableRawPointer) {
        self.multi = multi
        self.share = share
    }
}

/// State shared between sending tasks, the loop thread and the watchdog thread.
final class CurlLoopShared: Sendable {
    struct Inbox {
        var operations: [CurlLoopOperation] = []
        /// A wakeup was sent and the loop has not drained since (coalescing).
        var wakeupPending = false
        /// The loop is in (or about to enter) `curl_multi_poll` with an empty inbox: only then
        /// does a submission need a wakeup. While the loop works it finds new operations
        /// itself before it would wait (``prepareToWait()``), which saves a `send(2)` on the
        /// wakeup socket per request and a poll round trip on the loop.
        var waiting = false
        /// `shutdown()` was requested.
        var stopping = false
        /// The loop has exited; nothing may be enqueued and the multi handle may be gone.
        var closed = false
        /// The loop thread has released every libcurl resource.
        var finished = false
        var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let configuration: CurlTransport.Configuration
    let handles: CurlHandles
    private let inbox = Mutex(Inbox())

    /// When the loop promised to stamp again (monotonic ns): "now" while it works, "now +
    /// poll ceiling" while it waits in `curl_multi_poll`.
    let heartbeatDue = Atomic<UInt64>(0)
    let stallCount = Atomic<Int>(0)
    let queuedCount = Atomic<Int>(0)
    let inFlightCount = Atomic<Int>(0)
    let completedCount = Atomic<Int>(0)
    /// Threads between deciding to call `curl_multi_wakeup` (under the lock) and returning
    /// from it (outside the lock, so the woken loop does not find the lock still held).
    private let wakersInProgress = Atomic<Int>(0)

    init(configuration: CurlTransport.Configuration, handles: CurlHandles) {
        self.configuration = configuration
        self.handles = handles
        heartbeatDue.store(monotonicNanos(), ordering: .relaxed)
    }

    var logger: Logger { configuration.logger }

    /// Enqueues `operation` for the loop; `false` if the transport is shutting down.
    func submit(_ operation: CurlLoopOperation) -> Bool {
        let outcome = inbox.withLock { inbox -> (accepted: Bool, wake: Bool) in
            guard !inbox.stopping, !inbox.closed else { return (false, false) }
            inbox.operations.append(operation)
            guard inbox.waiting, !inbox.wakeupPending else { return (true, false) }  // coalesced
            inbox.wakeupPending = true
            wakersInProgress.add(1, ordering: .sequentiallyConsistent)
            return (true, true)
        }
        if outcome.wake {
            wakeLoop()
        }
        return outcome.accepted
    }

    /// Asks the loop to stop. Idempotent.
    func requestStop() {
        let wake = inbox.withLock { inbox -> Bool in
            guard !inbox.stopping, !inbox.closed else { return false }
            inbox.stopping = true
            wakersInProgress.add(1, ordering: .sequentiallyConsistent)
            return true
        }
        if wake {
            wakeLoop()
        }
    }

    /// Calls `curl_multi_wakeup` for a waker registered under the lock.
    private func wakeLoop() {
        curl_multi_wakeup(handles.multi)
        wakersInProgress.subtract(1, ordering: .sequentiallyConsistent)
    }

    /// Loop thread: swaps the pending operations into `buffer` (which must be empty).
    /// - Returns: whether a stop was requested.
    func drain(into buffer: inout [CurlLoopOperation]) -> Bool {
        inbox.withLock { inbox in
            swap(&inbox.operations, &buffer)
            inbox.wakeupPending = false
            inbox.waiting = false
            return inbox.stopping
        }
    }

    /// Loop thread, before `curl_multi_poll`: marks the loop as waiting, so that the next
    /// submission wakes it.
    /// - Returns: `false` (and the loop must not wait) when operations or a stop request
    ///   arrived since the last ``drain(into:)``.
    func prepareToWait() -> Bool {
        inbox.withLock { inbox in
            guard inbox.operations.isEmpty, !inbox.stopping else { return false }
            inbox.waiting = true
            return true
        }
    }

    /// Loop thread: closes the inbox, waits until no thread is inside `curl_multi_wakeup`
    /// any more, and returns what was still in the inbox. Afterwards nothing touches the multi
    /// handle but the loop thread.
    func close() -> [CurlLoopOperation] {
        let rest = inbox.withLock { inbox in
            inbox.closed = true
            inbox.stopping = true
            let rest = inbox.operations
            inbox.operations = []
            return rest
        }
        while wakersInProgress.load(ordering: .sequentiallyConsistent) > 0 {
            sched_yield()
        }
        return rest
    }

    /// Loop thread: every libcurl resource is released; wakes `waitUntilFinished` callers.
    func markFinished() {
        let waiters = inbox.withLock { inbox in
            inbox.finished = true
            let waiters = inbox.shutdownWaiters
            inbox.shutdownWaiters = []
            return waiters
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    var isFinished: Bool {
        inbox.withLock { $0.finished }
    }

    /// Returns once the loop thread has released every libcurl resource.
    func waitUntilFinished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = inbox.withLock { inbox in
                if inbox.finished { return true }
                inbox.shutdownWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
