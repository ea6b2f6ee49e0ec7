import Foundation

extension MessageRouter {
    /// Step 4: tries candidates in plan order until one accepts or the rules say stop.
    ///
    /// A candidate whose health gate is closed (circuit open, paused, unhealthy) is skipped; one
    /// whose local token bucket is empty is skipped too — traffic spills to the next candidate —
    /// and only when every candidate is saturated does the message wait, for at most
    /// ``RouterOptions/rateLimitWait``, for the earliest token.
    func run(_ job: inout DispatchJob) async {
        let candidates = job.plan.candidates
        var waited: Duration = .zero
        while job.conclusion == nil {
            var saturatedUntil: Double?
            var index = 0
            while index < candidates.count, job.conclusion == nil {
                defer { index += 1 }
                if job.isDone(index) { continue }
                if job.attempts.count >= job.plan.maxAttempts { break }
                if ContinuousClock.now >= job.deadline { break }
                let candidate = candidates[index]
                let p = candidate.providerIndex
                let gate = job.runtime.board.acquire(p, now: Self.now())
                guard gate == .open else {
                    skip(&job, candidate: index, gate: gate, saturatedUntil: &saturatedUntil)
                    continue
                }
                var next = await attempt(&job, candidate: index)
                while next == .retrySame, job.attempts.count < job.plan.maxAttempts, ContinuousClock.now < job.deadline {
                    if case .open = job.runtime.board.acquire(p, now: Self.now()) {
                        next = await attempt(&job, candidate: index)
                    } else {
                        break
                    }
                }
                if next == .retrySame {
                    // The ambiguity could not be resolved at the idempotent provider.
                    concludeAmbiguous(&job, provider: candidate.provider)
                }
            }
            guard job.conclusion == nil, let until = saturatedUntil,
                  job.attempts.count < job.plan.maxAttempts else { break }
            // Every remaining candidate is saturated: wait (bounded) for the first token.
            let wait = Duration.seconds(max(0.001, until - Self.now()))
            let remaining = ContinuousClock.now.duration(to: job.deadline)
            guard waited + wait <= options.rateLimitWait, wait < remaining else { break }
            waited += wait
            try? await Task.sleep(for: wait)
        }
        if job.conclusion == nil { job.conclusion = failureConclusion(job) }
    }

    func skip(_ job: inout DispatchJob, candidate index: Int, gate: ProviderGate, saturatedUntil: inout Double?) {
        let candidate = job.plan.candidates[index]
        let detail: String
        switch gate {
        case .open:
            return
        case .rateLimited(let next):
            // Not marked done: the token comes back while this message may still wait.
            saturatedUntil = min(saturatedUntil ?? next, next)
            job.retry(at: next)
            detail = "rate limit reached (rate_limit in providers.yaml); spilled to the next candidate"
        case .paused(let until, let reason):
            job.markDone(index)
            job.retry(at: until)
            detail = "paused until \(Self.clockText(until)): \(reason)"
        case .circuitOpen(let until):
            job.markDone(index)
            detail = "circuit open until \(Self.clockText(until))"
        case .unhealthy(let reason):
            job.markDone(index)
            detail = "unhealthy: \(reason)"
        }
        job.runtime.metrics.spill(provider: candidate.providerIndex)
        if job.steps.last?.provider != candidate.provider.rawValue || job.steps.last?.detail != detail {
            job.steps.append(.init(provider: candidate.provider.rawValue, action: "skipped", detail: detail,
                                         decision: "next candidate"))
        }
    }

    /// One provider call for the job, then its classification.
    private func attempt(_ job: inout DispatchJob, candidate index: Int) async -> DispatchJob.Next {
        let candidate = job.plan.candidates[index]
        let provider = job.runtime.providers[candidate.providerIndex]
        var outbound = job.outbound
        if let base = options.callbackBaseURL {
            outbound.callbackURL = "\(base)/webhooks/\(candidate.provider.rawValue)/receipts"
        }
        let startedAt = Self.now()
        let t0 = ContinuousClock.now
        let result = await DeadlineTransport.$deadline.withValue(job.deadline) {
            () async -> Result<ProviderAcceptance, ProviderError> in
            do throws(ProviderError) {
                return .success(try await provider.send(outbound))
            } catch {
                return .failure(error)
            }
        }
        let elapsed = ContinuousClock.now - t0
        job.providerTime += elapsed
        return apply(result, to: &job, candidate: index, startedAt: startedAt, duration: elapsed.seconds)
    }

    /// Classifies a provider's answer by outcome class (DESIGN §3), records it (health board,
    /// metrics, log, trace) and says what to do next. Shared by single and bulk sends.
    ///
    /// - Parameter recordsHealth: false for the messages of a bulk request, whose outcome the
    ///   health board gets once per request (``recordBulkHealth(_:provider:runtime:)``), not
    ///   once per message: one refused request of 50 messages is one failure, not 50.
    func apply(_ result: Result<ProviderAcceptance, ProviderError>, to job: inout DispatchJob, candidate index: Int,
               startedAt: Double, duration: Double, recordsHealth: Bool = true) -> DispatchJob.Next {
        let candidate = job.plan.candidates[index]
        let p = candidate.providerIndex
        let runtime = job.runtime
        let seq = job.attempts.count + 1
        let now = Self.now()
        let outcome: ProviderOutcome
        let code: String?
        let detail: String?
        let balance: Double?
        switch result {
        case .success(let acceptance):
            outcome = .accepted
            code = nil
            detail = acceptance.isComplete ? nil : "\(acceptance.messageIDs.count) of \(acceptance.parts.count) parts accepted"
            balance = acceptance.remainingBalance
        case .failure(let error):
            outcome = error.partial.map { $0.messageIDs.isEmpty } == false ? .accepted : error.outcome
            code = error.code
            detail = error.message
            balance = error.partial?.remainingBalance
        }
        if recordsHealth {
            runtime.board.record(p, outcome: result.failureOutcome ?? .accepted, balance: balance, now: now)
        }
        runtime.metrics.attempt(provider: p, outcome: result.failureOutcome ?? .accepted, seconds: duration)
        job.attempts.append(AttemptSummary(seq: seq, provider: candidate.provider, outcome: result.failureOutcome ?? .accepted,
                                           code: code, detail: detail, duration: duration))
        let attemptRow = LoggedAttempt(
            messageID: job.id, seq: seq, provider: candidate.provider.rawValue, startedAt: startedAt, finishedAt: now,
            outcome: (result.failureOutcome ?? .accepted).name, code: code, detail: detail,
            unitPrice: candidate.unitPrice, cost: outcome == .accepted ? candidate.totalCost : nil)

        let decision: String
        let next: DispatchJob.Next
        switch result {
        case .success(let acceptance):
            job.unresolvedAmbiguity = false
            if acceptance.isComplete {
                job.conclusion = .accepted(acceptance, candidate: index)
                decision = "done"
            } else {
                job.conclusion = .partial(acceptance, candidate: index)
                decision = "stop: some parts failed; not re-sent elsewhere (the accepted parts would arrive twice)"
            }
            next = .concluded
        case .failure(let error):
            if let partial = error.partial, !partial.messageIDs.isEmpty {
                job.conclusion = .partial(partial, candidate: index)
                decision = "stop: \(partial.messageIDs.count) of \(partial.parts.count) parts accepted; not re-sent elsewhere"
                next = .concluded
            } else {
                (next, decision) = classify(error, job: &job, candidate: index, now: now)
            }
        }
        if job.conclusion == nil {
            log.enqueue([.attempt(attemptRow)])
        } else {
            // The attempt that ends the dispatch goes into the log with the final state, in the
            // same write (one queue operation instead of two on the hot path).
            job.concludingAttempt = attemptRow
        }
        job.markDone(index)
        job.steps.append(.init(provider: candidate.provider.rawValue, action: "attempted",
                                     outcome: (result.failureOutcome ?? .accepted).name, code: code, detail: detail,
                                     decision: decision))
        return next
    }

    /// What a bulk request told about its provider's health, recorded once per outcome class
    /// (failures first, then a success if any message was taken: the provider answered), with
    /// the last balance any reply reported.
    func recordBulkHealth(_ replies: [Result<ProviderAcceptance, ProviderError>], provider p: Int,
                          runtime: RouterRuntime) {
        var failures: [ProviderOutcome] = []
        var accepted = false
        var balance: Double?
        for reply in replies {
            switch reply {
            case .success(let acceptance):
                balance = acceptance.remainingBalance ?? balance
            case .failure(let error):
                balance = error.partial?.remainingBalance ?? balance
            }
            if let outcome = reply.failureOutcome {
                if !failures.contains(outcome) { failures.append(outcome) }
            } else {
                accepted = true
            }
        }
        let now = Self.now()
        for (k, outcome) in failures.enumerated() {
            let last = k == failures.count - 1 && !accepted
            runtime.board.record(p, outcome: outcome, balance: last ? balance : nil, now: now)
        }
        if accepted { runtime.board.record(p, outcome: .accepted, balance: balance, now: now) }
    }

    private func classify(_ error: ProviderError, job: inout DispatchJob, candidate index: Int,
                          now: Double) -> (DispatchJob.Next, String) {
        let candidate = job.plan.candidates[index]
        let wasUnresolved = job.unresolvedAmbiguity
        switch error.outcome {
        case .accepted:
            job.conclusion = .accepted(ProviderAcceptance(parts: []), candidate: index)
            return (.concluded, "done")
        case .rejected:
            job.unresolvedAmbiguity = false
            job.conclusion = .failed(.rejected, "\(candidate.provider) rejected the message permanently: \(error.message)")
            return (.concluded, "stop: rejected permanently (not retried elsewhere)")
        case .routeRejected:
            job.unresolvedAmbiguity = false
            return (.nextCandidate, "fall back: this provider cannot take this destination or sender")
        case .accountProblem:
            job.unresolvedAmbiguity = false
            return (.nextCandidate, "fall back: account problem; provider marked unhealthy until a probe passes")
        case .throttled(let after):
            job.retry(at: now + (after ?? options.breaker.defaultPause))
            if wasUnresolved { return (.retrySame, "") }
            return (.nextCandidate, "fall back: throttled; provider paused for \(RoutePlan.format(after ?? options.breaker.defaultPause)) s")
        case .unavailable:
            if wasUnresolved { return (.retrySame, "") }
            return (.nextCandidate, "fall back: unavailable (not accepted); counts toward the circuit breaker")
        case .ambiguous:
            if job.runtime.idempotent[candidate.providerIndex] && !wasUnresolved {
                job.unresolvedAmbiguity = true
                return (.retrySame, "retry here with the same idempotency key: this provider never sends twice")
            }
            if job.plan.onAmbiguous == .fallback {
                job.unresolvedAmbiguity = false
                return (.nextCandidate, "fall back: on_ambiguous: fallback (may be sent twice)")
            }
            concludeAmbiguous(&job, provider: candidate.provider)
            return (.concluded, "stop: may have been accepted; not re-sent (on_ambiguous: stop)")
        }
    }

    private func concludeAmbiguous(_ job: inout DispatchJob, provider: ProviderID) {
        guard job.conclusion == nil else { return }
        job.conclusion = .unknown("\(provider) may have accepted the message (no answer after it was sent); it was not re-sent elsewhere because that could deliver it twice (on_ambiguous: stop). Check with the provider before sending again.")
    }

    /// The failure when no candidate accepted: the most specific kind the attempts allow.
    private func failureConclusion(_ job: DispatchJob) -> DispatchJob.Conclusion {
        let outcomes = job.attempts.map(\.outcome)
        if ContinuousClock.now >= job.deadline {
            return .failed(.deadlineExceeded, "no provider accepted the message within the \(options.deadline) deadline")
        }
        if job.plan.candidates.isEmpty {
            let reasons = job.plan.excluded.map { "\($0.provider): \($0.reason)" }.joined(separator: "; ")
            let allUnavailable = !job.plan.excluded.isEmpty && job.plan.excluded.allSatisfy { $0.reason == .unavailable }
            return allUnavailable
                ? .failed(.unavailable, "every provider of route '\(job.plan.route)' is unavailable: \(reasons)")
                : .failed(.noRoute, "route '\(job.plan.route)' leaves no candidate: \(reasons)")
        }
        let throttledOnly = outcomes.allSatisfy { if case .throttled = $0 { true } else { false } }
        if throttledOnly && job.earliestRetry != nil {
            return .failed(.rateLimited, "every candidate is rate limited or paused by the provider")
        }
        if outcomes.isEmpty {
            let why = job.steps.map { "\($0.provider): \($0.detail ?? "")" }.joined(separator: "; ")
            return .failed(.unavailable, "no candidate could take traffic (\(why))")
        }
        let limit = outcomes.count >= job.plan.maxAttempts && job.plan.candidates.indices.contains(where: { !job.isDone($0) })
            ? " (max_attempts \(job.plan.maxAttempts) reached)" : ""
        if outcomes.allSatisfy({ $0 == .accountProblem }) {
            return .failed(.accountProblem, "every provider tried has an account problem (credentials, balance or suspension)\(limit)")
        }
        if outcomes.allSatisfy({ $0 == .routeRejected }) {
            return .failed(.noCoverage, "no provider tried can take this destination or sender\(limit)")
        }
        if outcomes.allSatisfy({ $0 == .unavailable }) {
            return .failed(.unavailable, "every provider tried was unavailable\(limit)")
        }
        return .failed(.allCandidatesFailed, "every candidate failed\(limit)")
    }

    /// The last ambiguous attempt no later answer settled: only the same provider, asked again
    /// with the same idempotency key, can say it did not take the message (a definite refusal:
    /// rejected, route rejected, account problem). Fallbacks elsewhere settle nothing.
    static func unsettledAmbiguity(_ job: DispatchJob) -> AttemptSummary? {
        let attempts = job.attempts
        for i in attempts.indices.reversed() where attempts[i].outcome == .ambiguous {
            let settled = attempts[(i + 1)...].contains { later in
                later.provider == attempts[i].provider
                    && (later.outcome == .rejected || later.outcome == .routeRejected || later.outcome == .accountProblem)
            }
            if !settled { return attempts[i] }
        }
        return nil
    }

    static func clockText(_ seconds: Double) -> String {
        let date = Date(timeIntervalSince1970: seconds)
        return date.formatted(.iso8601.time(includingFractionalSeconds: true))
    }
}

extension Result where Failure == ProviderError {
    /// The outcome class of a failure (partial acceptances count as accepted).
    var failureOutcome: ProviderOutcome? {
        switch self {
        case .success: return nil
        case .failure(let error):
            if let partial = error.partial, !partial.messageIDs.isEmpty { return nil }
            return error.outcome
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, a) = components
        return Double(s) + Double(a) / 1e18
    }
}
