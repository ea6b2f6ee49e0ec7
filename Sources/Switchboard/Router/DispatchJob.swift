import Foundation

/// One message on its way through the candidates: the plan, what has happened so far, and how
/// it ended. A value owned by one task at a time (the single-send path or a bulk request).
struct DispatchJob: Sendable {
    /// How a dispatch ended.
    enum Conclusion: Sendable {
        case accepted(ProviderAcceptance, candidate: Int)
        case partial(ProviderAcceptance, candidate: Int)
        case failed(SendFailure.Kind, String)
        /// Stopped after an ambiguous outcome: may or may not have been sent.
        case unknown(String)
    }

    /// What to do after one attempt.
    enum Next {
        case concluded
        case nextCandidate
        case retrySame
    }

    let id: MessageID
    let normalized: NormalizedMessage
    let plan: RoutePlan
    let runtime: RouterRuntime
    let outbound: OutboundMessage
    let key: String?
    let createdAt: Double
    /// When dispatch began (the routing overhead is measured from here).
    let start: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant
    /// What happened at each candidate so far; the full ``DecisionTrace`` (route, candidates,
    /// exclusions) is built from the plan when the dispatch concludes.
    var steps: [DecisionTrace.Step] = []
    var attempts: [AttemptSummary] = []
    /// Candidates (by index in the plan) that are finished with: attempted, or skipped for a
    /// reason that will not clear while this message waits.
    var done: UInt64 = 0
    /// Earliest time (seconds since 1970) a skipped or throttled candidate may take traffic again.
    var earliestRetry: Double?
    /// An ambiguous outcome at an idempotent provider not yet resolved by a retry there.
    var unresolvedAmbiguity = false
    var providerTime: Duration = .zero
    /// The log row of the attempt that concluded the dispatch: written with the final state.
    var concludingAttempt: LoggedAttempt?
    var conclusion: Conclusion?

    /// - Parameters:
    ///   - createdAt: when the message was logged (seconds since 1970); now when nil.
    ///   - submitted: when the app handed the message over; the overall `deadline` runs from
    ///     there (a message that waited in a batch for a dispatch slot has less time left).
    init(id: MessageID, normalized: NormalizedMessage, plan: RoutePlan, runtime: RouterRuntime, key: String?,
         createdAt: Double? = nil, submitted: ContinuousClock.Instant? = nil, deadline: Duration) {
        self.id = id
        self.normalized = normalized
        self.plan = plan
        self.runtime = runtime
        self.key = key
        self.createdAt = createdAt ?? MessageRouter.now()
        start = ContinuousClock.now
        self.deadline = (submitted ?? start).advanced(by: deadline)
        outbound = OutboundMessage(
            id: id.description, to: normalized.to, from: normalized.sender, text: normalized.text,
            analysis: normalized.analysis, channel: normalized.original.channel,
            idempotencyKey: RandomUUID.next())
    }

    func isDone(_ candidate: Int) -> Bool { done & (1 << UInt64(candidate)) != 0 }
    mutating func markDone(_ candidate: Int) { done |= 1 << UInt64(candidate) }

    mutating func retry(at time: Double) {
        earliestRetry = min(earliestRetry ?? time, time)
    }

    /// The row written before the first attempt.
    var loggedMessage: LoggedMessage {
        LoggedMessage(normalized, id: id, createdAt: createdAt, key: key, route: plan.route)
    }

    /// The decision trace so far: the plan's route, candidates and exclusions, and the steps.
    var trace: DecisionTrace {
        var trace = DecisionTrace(plan: plan, encoding: normalized.analysis.encoding.rawValue)
        trace.steps = steps
        return trace
    }
}

extension LoggedMessage {
    /// The row for a normalised message (`route` nil when none matched).
    init(_ normalized: NormalizedMessage, id: MessageID, createdAt: Double, key: String?, route: String?) {
        self.init(
            id: id, createdAt: createdAt, recipient: normalized.to.e164, country: normalized.to.country?.alpha2,
            sender: normalized.original.from, channel: normalized.original.channel.rawValue, tag: normalized.original.tag,
            text: normalized.text, encoding: normalized.analysis.encoding.rawValue, segments: normalized.analysis.segments,
            idempotencyKey: key, route: route)
    }
}
