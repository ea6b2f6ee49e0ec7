extension MessageRouter {
    /// A batch message that is logged and waits for a dispatch slot: what was planned for it,
    /// nothing more. Its ``DispatchJob`` (trace, outbound request, attempts) is made only when
    /// it is dispatched, so a large batch costs a few hundred bytes per waiting message.
    struct QueuedMessage: Sendable {
        /// Position in the caller's batch.
        let index: Int
        let id: MessageID
        let normalized: NormalizedMessage
        let plan: RoutePlan
        /// When it was logged (seconds since 1970).
        let createdAt: Double
    }

    /// What `send(batch:)` dispatches, window by window, in this order: bulk chunks, single
    /// messages, keyed ones.
    fileprivate enum Work: Sendable {
        case bulk(provider: Int, [QueuedMessage])
        case single(QueuedMessage)
        case keyed(Int)
    }

    /// A message a bulk request did not conclude (not taken, or to be retried at the same
    /// idempotent provider): it goes on alone, in a dispatch slot of its own.
    fileprivate struct Leftover: Sendable {
        let index: Int
        var job: DispatchJob
    }

    /// A window of a batch, planned and logged: what to dispatch, and the results of the
    /// messages that stop before dispatch (invalid, opted out, no route, log unavailable).
    fileprivate struct PreparedWindow: Sendable {
        var work: [Work] = []
        var results: [(Int, Result<DispatchResult, SendFailure>)] = []
    }

    /// What a task of `send(batch:)`'s group hands back.
    fileprivate enum BatchEvent: Sendable {
        case prepared(PreparedWindow)
        /// Results, and what a bulk request left to go on one by one.
        case finished([(Int, Result<DispatchResult, SendFailure>)], leftovers: [Leftover])
    }

    /// Sends many messages: bounded concurrency (``RouterOptions/batchConcurrency``), bulk
    /// requests where a message's first candidate has a bulk endpoint (SMS.CX, Bandwidth), and
    /// per-message fallback for whatever a bulk request did not take.
    ///
    /// The batch is planned and logged in windows of ``RouterOptions/batchWindow`` messages, the next window
    /// while the one before is being sent, so planning and logging overlap sending. Every
    /// message is in the outcome log before it is sent, and every outcome is committed when
    /// this returns. Results are in input order.
    /// Messages with an idempotency key go through ``send(_:)`` one by one.
    ///
    /// Messages wait for a dispatch slot as small values (their normalised form and plan); a
    /// provider request and its task exist only for the at most `batchConcurrency` messages
    /// being dispatched. The overall deadline (``RouterOptions/deadline``) runs from this call.
    public func send(batch messages: [Message]) async -> [Result<DispatchResult, SendFailure>] {
        var results = [Result<DispatchResult, SendFailure>?](repeating: nil, count: messages.count)
        let runtime = self.runtime
        let submitted = ContinuousClock.now
        let limit = max(1, options.batchConcurrency)
        let window = max(limit, options.batchWindow)

        await withTaskGroup(of: BatchEvent.self) { group in
            var prepared = 0
            // Taken (nil) once dispatched, so a long window does not keep every plan until the
            // batch ends.
            var ready: [Work?] = []
            var cursor = 0
            // Started by a bulk request; they take the next free slots before new work.
            var leftovers: [Leftover] = []
            var dispatching = 0
            func prepareNext() {
                guard prepared < messages.count else { return }
                let range = prepared..<min(messages.count, prepared + window)
                prepared = range.upperBound
                group.addTask {
                    .prepared(await self.prepare(messages, range, runtime: runtime))
                }
            }
            func dispatch(_ item: Work) {
                dispatching += 1
                switch item {
                case .bulk(let provider, let chunk):
                    group.addTask {
                        let (results, leftovers) = await self.runBulk(chunk, provider: provider, runtime: runtime,
                                                                      submitted: submitted)
                        return .finished(results, leftovers: leftovers)
                    }
                case .single(let queued):
                    group.addTask {
                        // The job is made in the task: the routing overhead runs from here, not
                        // from when the task was queued.
                        await self.runAlone(queued.index, self.job(for: queued, runtime: runtime, submitted: submitted))
                    }
                case .keyed(let index):
                    let message = messages[index]
                    group.addTask {
                        do throws(SendFailure) {
                            return .finished([(index, .success(try await self.send(message)))], leftovers: [])
                        } catch {
                            return .finished([(index, .failure(error))], leftovers: [])
                        }
                    }
                }
            }

            prepareNext()
            for await event in group {
                switch event {
                case .prepared(var prepared):
                    // Moved out, not copied: a result holds a dozen references (ids, trace).
                    while let (index, result) = prepared.results.popLast() { results[index] = result }
                    if cursor == ready.count {
                        ready = prepared.work
                        cursor = 0
                    } else {
                        ready += prepared.work
                    }
                    prepareNext()  // one window ahead of dispatch
                case .finished(var finished, let more):
                    dispatching -= 1
                    while let (index, result) = finished.popLast() { results[index] = result }
                    leftovers += more
                }
                while dispatching < limit, let leftover = leftovers.popLast() {
                    dispatching += 1
                    group.addTask { await self.runAlone(leftover.index, leftover.job) }
                }
                while dispatching < limit, cursor < ready.count {
                    if let item = ready[cursor].take() { dispatch(item) }
                    cursor += 1
                }
            }
        }
        // Outcomes were queued for group commits as messages finished; when this returns they
        // are committed, so message(id:) and listings see every one.
        do {
            try await log.write([])
        } catch {
            logger.error("could not record the outcomes of a batch of \(messages.count) messages: \(error)")
        }
        var out: [Result<DispatchResult, SendFailure>] = []
        out.reserveCapacity(results.count)
        for i in results.indices {
            out.append(results[i].take() ?? .failure(SendFailure(.allCandidatesFailed, "internal error: message was not dispatched")))
        }
        return out
    }

    /// One message dispatched on its own (a single one, or what a bulk request left).
    private func runAlone(_ index: Int, _ job: DispatchJob) async -> BatchEvent {
        var job = job
        await run(&job)
        return .finished([(index, finishQueued(job))], leftovers: [])
    }

    /// Plans and logs one window of a batch: the work to dispatch (bulk chunks by provider,
    /// then single messages, then keyed ones), and the results of those that stop here.
    private func prepare(_ messages: [Message], _ range: Range<Int>, runtime: RouterRuntime) async -> PreparedWindow {
        var out = PreparedWindow()
        var rows: [LogWrite] = []
        rows.reserveCapacity(range.count)
        var singles: [QueuedMessage] = []
        var bulkGroups: [Int: [QueuedMessage]] = [:]
        var keyed: [Int] = []
        var guarded: [(Int, NormalizedMessage, SendFailure)] = []
        for i in range {
            let message = messages[i]
            if message.idempotencyKey != nil {
                keyed.append(i)
                continue
            }
            let normalized: NormalizedMessage
            do {
                normalized = try Self.normalize(message)
            } catch {
                runtime.metrics.failed(error.kind)
                out.results.append((i, .failure(error)))
                continue
            }
            switch plan(normalized, runtime: runtime) {
            case .success(let plan):
                let queued = QueuedMessage(index: i, id: MessageID.next(), normalized: normalized, plan: plan,
                                           createdAt: Self.now())
                rows.append(.message(LoggedMessage(normalized, id: queued.id, createdAt: queued.createdAt, key: nil,
                                                   route: plan.route)))
                if let first = plan.candidates.first, runtime.maxBatch[first.providerIndex] > 1 {
                    bulkGroups[first.providerIndex, default: []].append(queued)
                } else {
                    singles.append(queued)
                }
            case .failure(let failure):
                guarded.append((i, normalized, failure))
            }
        }
        for (i, normalized, failure) in guarded {
            out.results.append((i, await record(failure, for: normalized, key: nil, runtime: runtime)))
        }
        do {
            try await log.write(rows)
        } catch {
            let failure = SendFailure(.logUnavailable, "the outcome log could not record the message, so it was not sent: \(error)")
            for queued in singles { out.results.append((queued.index, .failure(failure))) }
            for group in bulkGroups.values { for queued in group { out.results.append((queued.index, .failure(failure))) } }
            singles.removeAll()
            bulkGroups.removeAll()
        }
        out.work.reserveCapacity(singles.count + keyed.count + bulkGroups.count)
        for (provider, group) in bulkGroups.sorted(by: { $0.key < $1.key }) {
            let size = runtime.maxBatch[provider]
            for start in stride(from: 0, to: group.count, by: size) {
                out.work.append(.bulk(provider: provider, Array(group[start..<min(group.count, start + size)])))
            }
        }
        for queued in singles { out.work.append(.single(queued)) }
        for index in keyed { out.work.append(.keyed(index)) }
        return out
    }

    /// The dispatch state of a queued message, made when its turn comes.
    private func job(for queued: QueuedMessage, runtime: RouterRuntime, submitted: ContinuousClock.Instant) -> DispatchJob {
        DispatchJob(id: queued.id, normalized: queued.normalized, plan: queued.plan, runtime: runtime, key: nil,
                    createdAt: queued.createdAt, submitted: submitted, deadline: options.deadline)
    }

    /// One bulk request to `provider` for the chunk (each message's first candidate). Returns
    /// the results of the messages it concluded and, for ``send(batch:)`` to dispatch one by
    /// one in its own slots, those left to fall back (or to retry at the same provider).
    private func runBulk(_ chunk: [QueuedMessage], provider p: Int, runtime: RouterRuntime,
                         submitted: ContinuousClock.Instant) async
        -> ([(Int, Result<DispatchResult, SendFailure>)], [Leftover]) {
        let plugin = runtime.providers[p]
        var jobs = chunk.map { (index: $0.index, job: job(for: $0, runtime: runtime, submitted: submitted)) }
        let (granted, gate) = runtime.board.acquire(p, count: jobs.count, now: Self.now())
        var unused: Double?
        for k in granted..<jobs.count {
            skip(&jobs[k].job, candidate: 0, gate: gate, saturatedUntil: &unused)
        }
        if granted > 0 {
            var outbound = jobs[..<granted].map(\.job.outbound)
            if let base = options.callbackBaseURL {
                for k in outbound.indices {
                    outbound[k].callbackURL = "\(base)/webhooks/\(runtime.table.providerIDs[p].rawValue)/receipts"
                }
            }
            let startedAt = Self.now()
            let t0 = ContinuousClock.now
            var replies = await DeadlineTransport.$deadline.withValue(jobs[0].job.deadline) {
                await plugin.send(batch: outbound)
            }
            outbound = []
            let elapsed = ContinuousClock.now - t0
            while replies.count < granted {
                replies.append(.failure(ProviderError(.ambiguous, message: "the bulk response had no result for this message")))
            }
            recordBulkHealth(replies, provider: p, runtime: runtime)
            for k in 0..<granted {
                jobs[k].job.providerTime += elapsed
                if apply(replies[k], to: &jobs[k].job, candidate: 0, startedAt: startedAt, duration: elapsed.seconds,
                         recordsHealth: false) == .retrySame {
                    jobs[k].job.done &= ~1   // retry the same provider alone, with the same idempotency key
                }
            }
        }
        // What the bulk request concluded is recorded in one log write, without a task per
        // message; the rest go back to send(batch:), which gives each a dispatch slot (so a
        // failed bulk request does not put more than `batchConcurrency` messages in flight).
        var concluded: [(index: Int, job: DispatchJob)] = []
        var leftovers: [Leftover] = []
        for entry in jobs {
            if entry.job.conclusion != nil {
                concluded.append(entry)
            } else {
                leftovers.append(Leftover(index: entry.index, job: entry.job))
            }
        }
        jobs = []
        return (concluded.isEmpty ? [] : finishQueued(concluded: concluded), leftovers)
    }
}
