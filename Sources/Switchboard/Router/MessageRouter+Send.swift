extension MessageRouter {
    /// Sends one message: normalise, guard, plan, then try candidates in order with fallback by
    /// outcome class until one accepts, the rule says stop, `max_attempts` or the deadline.
    ///
    /// The message is in the outcome log (state `pending`) before its first attempt; every
    /// attempt and the final state follow. With an idempotency key, a second send with the
    /// same key returns the first result and sends nothing.
    ///
    /// - Throws: ``SendFailure`` — typed by ``SendFailure/Kind``, with every attempt and the trace.
    public func send(_ message: Message) async throws(SendFailure) -> DispatchResult {
        let normalized = try Self.normalize(message)
        if let key = message.idempotencyKey {
            return try await sendOnce(normalized, key: key)
        }
        return try await dispatch(normalized, key: nil).get()
    }

    /// Step 1: E.164 number, country, sender, encoding, segments.
    static func normalize(_ message: Message) throws(SendFailure) -> NormalizedMessage {
        do {
            return try NormalizedMessage(message)
        } catch {
            switch error {
            case .invalidRecipient(let e): throw SendFailure(.invalidRecipient, "invalid recipient '\(message.to)': \(e)")
            case .invalidSender(let e): throw SendFailure(.invalidSender, "invalid sender '\(message.from ?? "")': \(e)")
            }
        }
    }

    /// Idempotency: the first send with a key owns it; later ones get its stored result.
    private func sendOnce(_ normalized: NormalizedMessage, key: String) async throws(SendFailure) -> DispatchResult {
        while true {
            if let stored = try storedOutcome(key: key) { return try stored.get() }
            switch await idempotency.claim(key) {
            case .finished(let outcome):
                return try outcome.get()
            case .lookAgain:
                continue
            case .owner:
                // Checked again under the claim: a send that finished just before is in the log.
                if let stored = try storedOutcome(key: key) {
                    idempotency.finish(key, with: stored)
                    return try stored.get()
                }
                let outcome = await dispatch(normalized, key: key)
                idempotency.finish(key, with: outcome)
                return try outcome.get()
            }
        }
    }

    private func storedOutcome(key: String) throws(SendFailure) -> Result<DispatchResult, SendFailure>? {
        let record: MessageRecord?
        do {
            record = try log.message(idempotencyKey: key)
        } catch {
            throw SendFailure(.logUnavailable, "cannot read the outcome log to check idempotency key '\(key)': \(error)")
        }
        guard let record else { return nil }
        let attempts = (try? log.attemptRecords(of: record.id)) ?? []
        return StoredOutcome.outcome(of: record, attempts: attempts)
    }

    /// Steps 2–5 for one message that has no idempotency-key race to worry about.
    func dispatch(_ normalized: NormalizedMessage, key: String?) async -> Result<DispatchResult, SendFailure> {
        let runtime = self.runtime
        var job: DispatchJob
        switch prepare(normalized, key: key, runtime: runtime) {
        case .success(let prepared): job = prepared
        case .failure(let failure): return await record(failure, for: normalized, key: key, runtime: runtime)
        }
        do {
            try await log.write([.message(job.loggedMessage)])
        } catch {
            runtime.metrics.failed(.logUnavailable)
            return .failure(SendFailure(.logUnavailable, "the outcome log could not record the message, so it was not sent: \(error)"))
        }
        await run(&job)
        return await finish(job)
    }

    /// Guards and plans (no I/O). Fails for opted-out numbers and messages with no route.
    func prepare(_ normalized: NormalizedMessage, key: String?, runtime: RouterRuntime) -> Result<DispatchJob, SendFailure> {
        plan(normalized, runtime: runtime).map {
            DispatchJob(id: MessageID.next(), normalized: normalized, plan: $0, runtime: runtime, key: key,
                        deadline: options.deadline)
        }
    }

    /// The guard (opt-outs) and the plan: route, ranked candidates and exclusions as of now.
    func plan(_ normalized: NormalizedMessage, runtime: RouterRuntime) -> Result<RoutePlan, SendFailure> {
        if optOuts.contains(normalized.to.e164) {
            return .failure(SendFailure(.optedOut, "\(normalized.to.e164) opted out (replied STOP); no provider was contacted"))
        }
        let now = Self.now()
        let ratios = delivery.withLock { $0 }
        guard let plan = runtime.table.plan(normalized.routingRequest(), unavailable: runtime.board.unavailable(now: now),
                                            delivery: ratios)
        else {
            return .failure(SendFailure(.noRoute, "no route in \(rulesDirectory)/routes.yaml matches this message (country \(normalized.to.country?.alpha2 ?? "none"), channel \(normalized.original.channel)); add a catch-all route"))
        }
        return .success(plan)
    }

    /// Logs a message that failed its guard or plan (opted out, no route) and returns the failure.
    func record(_ failure: SendFailure, for normalized: NormalizedMessage, key: String?,
                runtime: RouterRuntime) async -> Result<DispatchResult, SendFailure> {
        var failure = failure
        runtime.metrics.failed(failure.kind)
        let id = MessageID.next()
        let now = Self.now()
        let trace = DecisionTrace(noRouteFor: normalized.analysis.segments, encoding: normalized.analysis.encoding.rawValue,
                                  currency: runtime.table.rules.currency, outcome: failure.message)
        failure.messageID = id
        failure.trace = trace
        let row = LoggedMessage(normalized, id: id, createdAt: now, key: key, route: nil)
        let finish = MessageFinish(id: id, state: "failed", provider: nil, providerMessageIDs: [], cost: nil, currency: nil,
                                   remainingBalance: nil, attemptCount: 0, error: StoredOutcome.errorText(failure),
                                   at: now, trace: trace.json)
        do {
            try await log.write([.message(row), .finish(finish)])
        } catch {
            logger.error("could not record message \(id): \(error)")
        }
        return .failure(failure)
    }
}
