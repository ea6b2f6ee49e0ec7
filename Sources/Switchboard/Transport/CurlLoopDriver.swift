import CCurl
import Logging

/// The loop thread's state and body. Created on, and confined to, the loop thread: nothing in
/// here is shared, so nothing here needs a lock.
///
/// One iteration: drain the inbox (adds, cancels) → `curl_multi_perform` → drain
/// `curl_multi_info_read` (complete, then admit the next request of that host) →
/// `curl_multi_poll` (woken early by `curl_multi_wakeup`), unless operations arrived during the
/// turn: then the next turn starts at once (submitters wake the loop only while it waits).
final class CurlLoopDriver {
    /// The loop never sleeps longer than this in `curl_multi_poll`; libcurl shortens it to
    /// its own next timer.
    static let pollCeilingMs = 1000

    private let shared: CurlLoopShared
    private let configuration: CurlTransport.Configuration
    private let multi: UnsafeMutableRawPointer
    private let share: UnsafeMutableRawPointer
    private var pool: [CurlEasyHandle] = []
    private var active: [UnsafeMutableRawPointer: CurlActiveTransfer] = [:]
    private var activeByToken: [ObjectIdentifier: CurlActiveTransfer] = [:]
    private var hosts: [String: CurlHostQueue] = [:]
    private var operations: [CurlLoopOperation] = []

    init(shared: CurlLoopShared) {
        self.shared = shared
        configuration = shared.configuration
        multi = shared.handles.multi
        share = shared.handles.share
    }

    /// Runs until `shutdown`, then releases every libcurl resource.
    func run() {
        var running: Int32 = 0
        while true {
            let stopping = shared.drain(into: &operations)
            for operation in operations {
                handle(operation)
            }
            operations.removeAll(keepingCapacity: true)
            if stopping { break }

            let performed = curl_multi_perform(multi, &running)
            if performed != CURLM_OK {
                shared.logger.error("curl_multi_perform failed", metadata: ["code": "\(performed.rawValue)"])
            }
            drainFinishedTransfers()
            publishCounts()
            // New operations arrived while this turn worked: take them now (no wakeup was sent).
            guard shared.prepareToWait() else {
                shared.heartbeatDue.store(monotonicNanos(), ordering: .relaxed)
                continue
            }

            shared.heartbeatDue.store(
                monotonicNanos() &+ UInt64(Self.pollCeilingMs) &* 1_000_000, ordering: .relaxed)
            let polled = curl_multi_poll(multi, nil, 0, Int32(Self.pollCeilingMs), nil)
            shared.heartbeatDue.store(monotonicNanos(), ordering: .relaxed)
            if polled != CURLM_OK {
                shared.logger.error("curl_multi_poll failed", metadata: ["code": "\(polled.rawValue)"])
            }
        }
        tearDown()
    }

    // MARK: Operations

    private func handle(_ operation: CurlLoopOperation) {
        switch operation {
        case .add(let submission):
            guard !submission.token.isSettled else { return }  // cancelled before it got here
            let key = submission.plan.hostKey
            let host: CurlHostQueue
            if let existing = hosts[key] {
                host = existing
            } else {
                host = CurlHostQueue()
                hosts[key] = host
            }
            if host.inFlight < configuration.maxConnectionsPerHost, host.waitingCount == 0 {
                host.inFlight += 1
                if !start(submission) {
                    host.inFlight -= 1
                }
            } else {
                host.enqueue(submission)
            }
            if host.isIdle {
                hosts[key] = nil
            }
        case .cancel(let token):
            // A queued submission is skipped when it reaches the head of its FIFO; only an
            // admitted one must leave libcurl now (which closes its connection: pitfall 7).
            guard let transfer = activeByToken[ObjectIdentifier(token)] else { return }
            curl_multi_remove_handle(multi, transfer.easy.raw)
            finish(transfer, with: .failure(.cancelled))
        case .run(let body):
            body()
        }
    }

    /// Hands a submission to libcurl. The caller has already counted it in its host's
    /// `inFlight`; on failure the caller is answered here and `false` tells the caller to
    /// give the slot back.
    private func start(_ submission: CurlSubmission) -> Bool {
        guard let easy = pool.popLast() ?? CurlEasyHandle(share: share) else {
            submission.token.complete(.failure(.notSent(reason: "libcurl could not create a handle")))
            return false
        }
        let transfer = CurlActiveTransfer(
            submission: submission, easy: easy, admittedAt: monotonicNanos(),
            maxBodyBytes: configuration.maxResponseBodyBytes)
        let configured = transfer.configure(configuration)
        guard configured == CURLE_OK else {
            let reason = CurlGlobal.describe(configured, detail: easy.errorBuffer)
            transfer.releaseResources()
            recycle(easy)
            submission.token.complete(
                .failure(
                    configured == CURLE_OUT_OF_MEMORY
                        ? .notSent(reason: reason) : .invalidRequest(reason: reason)))
            return false
        }
        let added = curl_multi_add_handle(multi, easy.raw)
        guard added == CURLM_OK else {
            transfer.releaseResources()
            recycle(easy)
            submission.token.complete(.failure(.notSent(reason: "curl_multi_add_handle failed: \(added.rawValue)")))
            return false
        }
        active[easy.raw] = transfer
        activeByToken[ObjectIdentifier(submission.token)] = transfer
        return true
    }

    private func drainFinishedTransfers() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard ccurl_msg_kind(message) == CURLMSG_DONE,
                let easy = ccurl_msg_easy_handle(message),
                let transfer = active[easy]
            else { continue }
            let code = ccurl_msg_result(message)
            // Classify before removing: the message does not survive curl_multi_remove_handle,
            // and the sizes do not survive the reset.
            let outcome = transfer.outcome(code)
            curl_multi_remove_handle(multi, easy)
            finish(transfer, with: outcome)
        }
    }

    /// Answers the caller, recycles the handle and admits the next waiting request of the host.
    /// The easy handle must already be out of the multi handle.
    private func finish(_ transfer: CurlActiveTransfer, with outcome: CurlTransferToken.Outcome) {
        active[transfer.easy.raw] = nil
        activeByToken[ObjectIdentifier(transfer.submission.token)] = nil
        transfer.releaseResources()
        recycle(transfer.easy)
        shared.completedCount.add(1, ordering: .relaxed)
        transfer.submission.token.complete(outcome)
        slotFreed(hostKey: transfer.submission.plan.hostKey)
    }

    /// Gives a connection slot of `hostKey` back and admits waiting requests in FIFO order.
    private func slotFreed(hostKey: String) {
        guard let host = hosts[hostKey] else { return }
        host.inFlight -= 1
        while host.inFlight < configuration.maxConnectionsPerHost, let next = host.dequeue() {
            host.inFlight += 1
            if !start(next) {
                host.inFlight -= 1
            }
        }
        if host.isIdle {
            hosts[hostKey] = nil
        }
    }

    private func recycle(_ easy: CurlEasyHandle) {
        easy.reset()
        if pool.count < configuration.maxCachedConnections + configuration.maxConnectionsPerHost {
            pool.append(easy)
        } else {
            easy.destroy()
        }
    }

    private func publishCounts() {
        shared.queuedCount.store(hosts.values.reduce(0) { $0 + $1.waitingCount }, ordering: .relaxed)
        shared.inFlightCount.store(active.count, ordering: .relaxed)
    }

    // MARK: Shutdown

    private func tearDown() {
        let shutDown = "the transport was shut down"
        for operation in shared.close() {
            if case .add(let submission) = operation {
                submission.token.complete(.failure(.notSent(reason: shutDown)))
            }
        }
        for transfer in Array(active.values) {
            let outcome = transfer.classify(reason: shutDown)
            curl_multi_remove_handle(multi, transfer.easy.raw)
            active[transfer.easy.raw] = nil
            transfer.releaseResources()
            transfer.easy.reset()
            transfer.easy.destroy()
            transfer.submission.token.complete(.failure(outcome))
        }
        activeByToken = [:]
        for key in Array(hosts.keys) {
            for submission in hosts[key]?.removeAll() ?? [] {
                submission.token.complete(.failure(.notSent(reason: shutDown)))
            }
        }
        hosts = [:]
        publishCounts()
        for easy in pool {
            easy.destroy()
        }
        pool = []
        // Only now, with the inbox closed (no more curl_multi_wakeup) and every easy handle
        // gone, may the multi handle and the share be freed (pitfall 6).
        curl_multi_cleanup(multi)
        curl_share_cleanup(share)
        shared.markFinished()
    }
}
