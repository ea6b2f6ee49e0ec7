import Synchronization

/// The rendezvous between a `send` call, its cancellation handler and the loop thread.
///
/// Whoever settles the token first resumes the continuation exactly once; later attempts are
/// no-ops. A cancel that overtakes the add is remembered (`cancelledEarly`) and answered as
/// soon as the continuation is installed, before anything is enqueued.
final class CurlTransferToken: Sendable {
    typealias Outcome = Result<CurlRawResponse, HTTPTransportError>

    private enum State {
        case created
        case waiting(CheckedContinuation<Outcome, Never>)
        case settled
    }

    private let state = Mutex<State>(.created)

    /// Installs the continuation. Returns `false` after resuming it with `.cancelled` if the
    /// task was cancelled before this point; the caller must then not enqueue anything.
    func install(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
        let installed = state.withLock { state -> Bool in
            guard case .created = state else { return false }
            state = .waiting(continuation)
            return true
        }
        if !installed {
            continuation.resume(returning: .failure(.cancelled))
        }
        return installed
    }

    /// Settles the token as cancelled. Returns `true` if a waiting caller was resumed, i.e.
    /// the loop may hold the transfer and must be told to drop it.
    func cancel() -> Bool {
        let waiting = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            switch state {
            case .created:
                state = .settled
                return nil
            case .waiting(let continuation):
                state = .settled
                return continuation
            case .settled:
                return nil
            }
        }
        guard let waiting else { return false }
        waiting.resume(returning: .failure(.cancelled))
        return true
    }

    /// Resumes the caller with `outcome` unless the token is already settled.
    func complete(_ outcome: Outcome) {
        let waiting = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .settled
            return continuation
        }
        waiting?.resume(returning: outcome)
    }

    /// Whether the caller has already been answered (e.g. cancelled while queued).
    var isSettled: Bool {
        state.withLock { state in
            if case .settled = state { return true }
            return false
        }
    }
}

/// A request on its way to the loop thread.
struct CurlSubmission: Sendable {
    let token: CurlTransferToken
    let plan: CurlRequestPlan
    /// When `send` handed it over (monotonic nanoseconds).
    let enqueuedAt: UInt64
}

/// A message from `send` / cancellation handlers / `shutdown` to the loop thread.
enum CurlLoopOperation: Sendable {
    case add(CurlSubmission)
    case cancel(CurlTransferToken)
    /// Runs a closure on the loop thread (tests use it to simulate a stalled loop).
    case run(@Sendable () -> Void)
}
