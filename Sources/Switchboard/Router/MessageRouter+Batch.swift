extension MessageRouter {
    /// Sends many messages: bounded concurrency (``RouterOptions/batchConcurrency``), bulk
    /// requests where a message's first candidate has a bulk endpoint (SMS.CX, Bandwidth), and
    /// per-message fallback for whatever a bulk request did not take.
    ///
    /// Every message is in the outcome log before any is sent. Results are in input order.
    /// Messages with an idempotency key go through ``send(_:)`` one by one.
    public func send(batch messages: [Message]) async -> [Result<DispatchResult, SendFailure>] {
        var results = [Result<DispatchResult, SendFailure>?](repeating: nil, count: messages.count)
        let runtime = self.runtime
        var jobs: [(index: Int, job: DispatchJob)] = []
        jobs.reserveCapacity(messages.count)
        var keyed: [Int] = []
        var guarded: [(Int, NormalizedMessage, SendFailure)] = []
        for (i, message) in messages.enumerated() {
            if message.idempotencyKey != nil {
                keyed.append(i)
                continue
            }
            let normalized: NormalizedMessage
            do {
                normalized = try Self.normalize(message)
            } catch {
                runtime.metrics.failed(error.kind)
                results[i] = .failure(error)
                continue
            }
            switch prepare(normalized, key: nil, runtime: runtime) {
            case .success(let job): jobs.append((i, job))
            case .failure(let failure): guarded.append((i, normalized, failure))
            }
        }
        for (i, normalized, failure) in guarded {
            results[i] = await record(failure, for: normalized, key: nil, runtime: runtime)
        }
        do {
            try await log.write(jobs.map { .message($0.job.loggedMessage) })
        } catch {
            let failure = SendFailure(.logUnavailable, "the outcome log could not record the batch, so nothing was sent: \(error)")
            for (i, _) in jobs { results[i] = .failure(failure) }
            jobs.removeAll()
        }

        // Work items: bulk chunks per provider, then single messages, then keyed ones.
        enum Work: Sendable {
            case bulk(provider: Int, [(index: Int, job: DispatchJob)])
            case single(Int, DispatchJob)
            case keyed(Int)
        }
        var work: [Work] = []
        var bulkGroups: [Int: [(index: Int, job: DispatchJob)]] = [:]
        for entry in jobs {
            if let first = entry.job.plan.candidates.first, runtime.maxBatch[first.providerIndex] > 1 {
                bulkGroups[first.providerIndex, default: []].append(entry)
            } else {
                work.append(.single(entry.index, entry.job))
            }
        }
        jobs.removeAll()
        var bulkWork: [Work] = []
        for (provider, group) in bulkGroups.sorted(by: { $0.key < $1.key }) {
            let size = runtime.maxBatch[provider]
            var start = 0
            while start < group.count {
                let end = min(group.count, start + size)
                bulkWork.append(.bulk(provider: provider, Array(group[start..<end])))
                start = end
            }
        }
        work = bulkWork + work + keyed.map(Work.keyed)

        let limit = max(1, options.batchConcurrency)
        await withTaskGroup(of: [(Int, Result<DispatchResult, SendFailure>)].self) { group in
            var next = 0
            func add(_ item: Work) {
                switch item {
                case .bulk(let provider, let chunk):
                    group.addTask { await self.runBulk(chunk, provider: provider) }
                case .single(let index, let job):
                    group.addTask {
                        var job = job
                        await self.run(&job)
                        return [(index, await self.finish(job))]
                    }
                case .keyed(let index):
                    let message = messages[index]
                    group.addTask {
                        do throws(SendFailure) {
                            return [(index, .success(try await self.send(message)))]
                        } catch {
                            return [(index, .failure(error))]
                        }
                    }
                }
            }
            while next < work.count && next < limit {
                add(work[next])
                next += 1
            }
            for await finished in group {
                for (index, result) in finished { results[index] = result }
                if next < work.count {
                    add(work[next])
                    next += 1
                }
            }
        }
        return results.map { $0 ?? .failure(SendFailure(.allCandidatesFailed, "internal error: message was not dispatched")) }
    }

    /// One bulk request to `provider` for the chunk (each message's first candidate), then
    /// per-message fallback for those it did not take.
    private func runBulk(_ chunk: [(index: Int, job: DispatchJob)], provider p: Int) async -> [(Int, Result<DispatchResult, SendFailure>)] {
        let runtime = chunk[0].job.runtime
        let plugin = runtime.providers[p]
        var jobs = chunk
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
            let replies = await DeadlineTransport.$deadline.withValue(jobs[0].job.deadline) {
                await plugin.send(batch: outbound)
            }
            let elapsed = ContinuousClock.now - t0
            for k in 0..<granted {
                jobs[k].job.providerTime += elapsed
                let reply = k < replies.count ? replies[k]
                    : .failure(ProviderError(.ambiguous, message: "the bulk response had no result for this message"))
                if apply(reply, to: &jobs[k].job, candidate: 0, startedAt: startedAt, duration: elapsed.seconds) == .retrySame {
                    jobs[k].job.done &= ~1   // retry the same provider alone, with the same idempotency key
                }
            }
        }
        // What the bulk request concluded is recorded in one log write, without a task per
        // message; only the messages left to fall back (or retry) get a task each.
        let concluded = jobs.filter { $0.job.conclusion != nil }
        let remaining = jobs.filter { $0.job.conclusion == nil }
        var results = concluded.isEmpty ? [] : await finish(concluded: concluded)
        guard !remaining.isEmpty else { return results }
        results += await withTaskGroup(of: (Int, Result<DispatchResult, SendFailure>).self) { group in
            for entry in remaining {
                group.addTask {
                    var job = entry.job
                    if job.conclusion == nil { await self.run(&job) }
                    return (entry.index, await self.finish(job))
                }
            }
            var out: [(Int, Result<DispatchResult, SendFailure>)] = []
            out.reserveCapacity(remaining.count)
            for await item in group { out.append(item) }
            return out
        }
        return results
    }
}
