extension MessageRouter {
    /// Step 5: the final state into the log (awaited, so a replay or a `message(id:)` right
    /// after `send` returns sees it) and the result for the caller.
    func finish(_ job: DispatchJob) async -> Result<DispatchResult, SendFailure> {
        let (outcome, row) = conclude(job)
        // Awaited (group commit): when send returns, message(id:) and replays see the outcome.
        do {
            try await log.write(Self.rows(job, row))
        } catch {
            logger.error("could not record the outcome of message \(job.id): \(error)")
        }
        return outcome
    }

    /// The final state queued for the next group commit, not awaited: for `send(batch:)`,
    /// which waits once for everything it queued before it returns.
    func finishQueued(_ job: DispatchJob) -> Result<DispatchResult, SendFailure> {
        let (outcome, row) = conclude(job)
        log.enqueue(Self.rows(job, row))
        return outcome
    }

    /// Many concluded jobs at once (a bulk request's), queued in one log write (not awaited:
    /// `send(batch:)` waits for its writes before it returns).
    func finishQueued(concluded jobs: [(index: Int, job: DispatchJob)]) -> [(Int, Result<DispatchResult, SendFailure>)] {
        var results: [(Int, Result<DispatchResult, SendFailure>)] = []
        var rows: [LogWrite] = []
        results.reserveCapacity(jobs.count)
        rows.reserveCapacity(2 * jobs.count)
        for entry in jobs {
            let (outcome, row) = conclude(entry.job)
            results.append((entry.index, outcome))
            Self.appendRows(entry.job, row, to: &rows)
        }
        log.enqueue(rows)
        return results
    }

    /// The log writes that end a dispatch: the concluding attempt, if any, then the final state.
    private static func rows(_ job: DispatchJob, _ finish: MessageFinish) -> [LogWrite] {
        var rows: [LogWrite] = []
        appendRows(job, finish, to: &rows)
        return rows
    }

    private static func appendRows(_ job: DispatchJob, _ finish: MessageFinish, to rows: inout [LogWrite]) {
        if let attempt = job.concludingAttempt { rows.append(.attempt(attempt)) }
        rows.append(.finish(finish))
    }

    /// The caller's result and the log row for a job whose dispatch is over.
    private func conclude(_ job: DispatchJob) -> (Result<DispatchResult, SendFailure>, MessageFinish) {
        var trace = job.trace
        let runtime = job.runtime
        let rules = runtime.table.rules
        let now = Self.now()
        let outcome: Result<DispatchResult, SendFailure>
        let row: MessageFinish
        let conclusion = job.conclusion ?? .failed(.allCandidatesFailed, "no candidate was tried")
        switch conclusion {
        case .accepted(let acceptance, let index), .partial(let acceptance, let index):
            let candidate = job.plan.candidates[index]
            let complete: Bool
            if case .accepted = conclusion { complete = true } else { complete = false }
            let reported = acceptance.price.flatMap { price in acceptance.currency.flatMap { rules.convert(price, from: $0) } }
            let cost = reported ?? candidate.totalCost
            let attempts = job.attempts.count
            trace.outcome = (complete ? "accepted" : "partly accepted") + " by \(candidate.provider) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
            let parts = acceptance.parts.enumerated().map {
                DispatchResult.Part(number: $0.offset + 1, providerMessageID: $0.element.messageID, error: $0.element.error)
            }
            let overhead = (ContinuousClock.now - job.start - job.providerTime).seconds
            let result = DispatchResult(
                messageID: job.id, state: complete ? .accepted : .partial, provider: candidate.provider,
                providerMessageIDs: acceptance.messageIDs, parts: parts, segments: job.normalized.analysis.segments,
                encoding: job.normalized.analysis.encoding.rawValue, cost: cost, currency: rules.currency,
                remainingBalance: acceptance.remainingBalance, attempts: job.attempts, trace: trace, replayed: false,
                routingOverhead: overhead)
            let failedParts = parts.filter { $0.error != nil }.map { "part \($0.number): \($0.error!)" }
            row = MessageFinish(
                id: job.id, state: complete ? "accepted" : "partial", provider: candidate.provider.rawValue,
                providerMessageIDs: acceptance.messageIDs, cost: cost, currency: rules.currency,
                remainingBalance: acceptance.remainingBalance, attemptCount: attempts,
                error: failedParts.isEmpty ? nil : failedParts.joined(separator: "; "), at: now, trace: trace.json)
            outcome = .success(result)
            runtime.metrics.finished(state: row.state)
        case .failed, .unknown:
            let (failureKind, message): (SendFailure.Kind, String) = switch conclusion {
            case .failed(let kind, let message):
                // An ambiguous attempt nothing settled makes any failure after it (a fallback's,
                // the deadline's) `unknown`: that provider may have the message, and an app
                // reading "failed" would send it again.
                if let ambiguous = Self.unsettledAmbiguity(job) {
                    (.ambiguous, "\(ambiguous.provider) may have accepted the message (no answer after it was sent); "
                        + "then: \(message). Check with \(ambiguous.provider) before sending again.")
                } else {
                    (kind, message)
                }
            case .unknown(let message): (.ambiguous, message)
            default: (.allCandidatesFailed, "")
            }
            trace.outcome = message
            let retryAfter = failureKind == .rateLimited ? job.earliestRetry.map { max(0, $0 - now) } : nil
            let failure = SendFailure(failureKind, message, messageID: job.id, attempts: job.attempts, trace: trace,
                                      retryAfter: retryAfter)
            let state = failureKind == .ambiguous ? "unknown" : "failed"
            // An unknown message names the provider that may have it, for ops to check there.
            let provider = failureKind == .ambiguous
                ? (Self.unsettledAmbiguity(job) ?? job.attempts.last)?.provider.rawValue : nil
            row = MessageFinish(id: job.id, state: state, provider: provider, providerMessageIDs: [], cost: nil, currency: nil,
                                remainingBalance: nil, attemptCount: job.attempts.count,
                                error: StoredOutcome.errorText(failure), at: now, trace: trace.json)
            outcome = .failure(failure)
            runtime.metrics.finished(state: state)
            runtime.metrics.failed(failureKind)
        }
        return (outcome, row)
    }
}
