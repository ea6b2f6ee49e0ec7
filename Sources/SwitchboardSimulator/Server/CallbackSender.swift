import Logging
import Switchboard
import Synchronization

/// Sends the receipts and inbound messages simulations schedule, like a provider would:
/// after the delay, with a few retries when the webhook endpoint fails; failures are logged
/// (by redacted URL) and never crash the simulator.
final class CallbackSender: Sendable {
    private struct State {
        var transport: CurlTransport?
        var tasks: [Int: Task<Void, Never>] = [:]
        var nextID = 0
        var delivered = 0
        var failed = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let logger: Logger
    /// Attempts per callback (the first plus retries).
    let attempts: Int
    /// Pause between attempts.
    let retryPause: Duration

    init(logger: Logger, attempts: Int = 3, retryPause: Duration = .milliseconds(300)) {
        self.logger = logger
        self.attempts = max(1, attempts)
        self.retryPause = retryPause
    }

    func start() throws {
        let transport = try CurlTransport(configuration: .init(maxConnectionsPerHost: 8, userAgent: "SwitchboardSimulator"))
        state.withLock {
            $0.transport = transport
            $0.stopped = false
        }
    }

    /// Callbacks answered with a 2xx so far.
    var delivered: Int { state.withLock { $0.delivered } }
    /// Callbacks given up on so far.
    var failed: Int { state.withLock { $0.failed } }

    func enqueue(_ callback: ScheduledCallback, kind: String) {
        state.withLock { state in
            guard !state.stopped, let transport = state.transport else {
                logger.warning("simulator \(kind): callback to \(callback.request.redactedURL) dropped (simulator not running)")
                state.failed += 1
                return
            }
            let id = state.nextID
            state.nextID += 1
            state.tasks[id] = Task { [self] in
                await deliver(callback, kind: kind, transport: transport)
                _ = self.state.withLock { $0.tasks.removeValue(forKey: id) }
            }
        }
    }

    private func deliver(_ callback: ScheduledCallback, kind: String, transport: CurlTransport) async {
        if callback.delay > 0 {
            do { try await Task.sleep(for: .seconds(callback.delay)) } catch { return }
        }
        var lastProblem = ""
        for attempt in 1...attempts {
            if Task.isCancelled { return }
            do {
                let response = try await transport.send(callback.request)
                if (200..<300).contains(response.status) {
                    state.withLock { $0.delivered += 1 }
                    return
                }
                lastProblem = "HTTP \(response.status)"
            } catch {
                if error == .cancelled { return }
                lastProblem = error.description
            }
            if attempt < attempts {
                do { try await Task.sleep(for: retryPause * attempt) } catch { return }
            }
        }
        state.withLock { $0.failed += 1 }
        logger.warning("simulator \(kind): callback to \(callback.request.redactedURL) failed after \(attempts) attempts: \(lastProblem)")
    }

    func shutdown() async {
        let (tasks, transport) = state.withLock { state in
            state.stopped = true
            defer {
                state.tasks.removeAll()
                state.transport = nil
            }
            return (Array(state.tasks.values), state.transport)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        await transport?.shutdown()
    }
}
