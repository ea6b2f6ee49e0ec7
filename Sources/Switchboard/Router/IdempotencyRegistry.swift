import Synchronization

/// Sends in flight per idempotency key, so a second send with the same key while the first is
/// still running waits for the first one's result instead of sending again.
final class IdempotencyRegistry: Sendable {
    typealias Outcome = Result<DispatchResult, SendFailure>

    /// What a caller got when it asked for a key.
    enum Claim {
        /// The caller owns the key: it sends, then calls ``finish(_:with:)``.
        case owner
        /// Another send with the key finished while this one waited: here is its outcome.
        case finished(Outcome)
        /// The owner finished before this caller could wait: its result is in the outcome log.
        case lookAgain
    }

    private let inFlight = Mutex<[String: [CheckedContinuation<Outcome?, Never>]]>([:])

    /// Claims `key`, or waits for the send that owns it.
    func claim(_ key: String) async -> Claim {
        let owned = inFlight.withLock { table -> Bool in
            guard table[key] == nil else { return false }
            table[key] = []
            return true
        }
        if owned { return .owner }
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome?, Never>) in
            let added = inFlight.withLock { table -> Bool in
                guard table[key] != nil else { return false }
                table[key]!.append(continuation)
                return true
            }
            if !added { continuation.resume(returning: nil) }
        }
        return outcome.map(Claim.finished) ?? .lookAgain
    }

    /// Releases `key` and hands `outcome` (marked as a replay) to everyone who waited on it.
    func finish(_ key: String, with outcome: Outcome) {
        let waiters = inFlight.withLock { table in table.removeValue(forKey: key) ?? [] }
        guard !waiters.isEmpty else { return }
        let replay: Outcome
        switch outcome {
        case .success(var result):
            result.replayed = true
            result.routingOverhead = nil
            replay = .success(result)
        case .failure(var failure):
            failure.replayed = true
            replay = .failure(failure)
        }
        for waiter in waiters { waiter.resume(returning: replay) }
    }
}
