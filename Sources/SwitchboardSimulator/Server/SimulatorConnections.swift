import NIOCore
import Synchronization

/// The accepted connections and running request tasks of one ``SimulatorListener``, so that
/// stopping it can let them finish (``stop()``), cut them off (``cutOff()``) and wait until
/// nothing is left (``drained()``). Thread-safe.
final class SimulatorConnections: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var tasks: [Int: Task<Void, Never>] = [:]
        var nextTask = 0
        var stopping = false
        var cutOff = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        var isDrained: Bool { channels.isEmpty && tasks.isEmpty }

        /// The waiters to resume, when stopping and nothing is left.
        mutating func takeWaitersIfDrained() -> [CheckedContinuation<Void, Never>] {
            guard stopping, isDrained, !waiters.isEmpty else { return [] }
            defer { waiters.removeAll() }
            return waiters
        }
    }

    private let state = Mutex(State())

    /// Tracks an accepted connection (its pipeline is set up) until it closes. A connection
    /// accepted while stopping is quiesced (or, after the cut-off, closed) at once.
    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let (stopping, cutOff) = state.withLock { state in
            state.channels[id] = channel
            return (state.stopping, state.cutOff)
        }
        if cutOff {
            channel.close(promise: nil)
        } else if stopping {
            Self.quiesce(channel)
        }
        channel.closeFuture.whenComplete { [self] _ in
            let waiters = state.withLock { state in
                state.channels[id] = nil
                return state.takeWaitersIfDrained()
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Runs one request's answer on a task, tracked until it returns (cancelled by ``cutOff()``).
    func run(_ operation: @escaping @Sendable () async -> Void) {
        let task: Task<Void, Never>? = state.withLock { state in
            state.nextTask += 1
            let id = state.nextTask
            let task = Task { [self] in
                await operation()
                let waiters = self.state.withLock { state in
                    state.tasks[id] = nil
                    return state.takeWaitersIfDrained()
                }
                for waiter in waiters { waiter.resume() }
            }
            state.tasks[id] = task
            return state.cutOff ? task : nil
        }
        task?.cancel()
    }

    /// The listening socket is closed: idle connections close now, busy ones after their answer
    /// (``SimulatorHTTPHandler`` handles the quiesce event, answering with `Connection: close`).
    func stop() {
        let channels = state.withLock { state in
            guard !state.stopping else { return [any Channel]() }
            state.stopping = true
            return Array(state.channels.values)
        }
        for channel in channels { Self.quiesce(channel) }
    }

    /// Closes every connection still open and cancels every request task still running.
    func cutOff() {
        let (channels, tasks) = state.withLock { state in
            state.cutOff = true
            return (Array(state.channels.values), Array(state.tasks.values))
        }
        for channel in channels { channel.close(promise: nil) }
        for task in tasks { task.cancel() }
    }

    /// Returns once ``stop()`` was called and every connection and task is done.
    func drained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.stopping && state.isDrained { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private static func quiesce(_ channel: any Channel) {
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }
}
