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
    let start: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant
    var trace: DecisionTrace
    var attempts: [AttemptSummary] = []
    /// Candidates (by index in the plan) that are finished with: attempted, or skipped for a
    /// reason that will not clear while this message waits.
    var done: UInt64 = 0
    /// Earliest time (seconds since 1970) a skipped or throttled candidate may take traffic again.
    var earliestRetry: Double?
    /// An ambiguous outcome at an idempotent provider not yet resolved by a retry there.
    var unresolvedAmbiguity = false
    var providerTime: Duration = .zero
    var conclusion: Conclusion?

    init(id: MessageID, normalized: NormalizedMessage, plan: RoutePlan, runtime: RouterRuntime, key: String?,
         deadline: Duration) {
        self.id = id
        self.normalized = normalized
        self.plan = plan
        self.runtime = runtime
        self.key = key
        createdAt = MessageRouter.now()
        start = ContinuousClock.now
        self.deadline = start.advanced(by: deadline)
        trace = DecisionTrace(plan: plan, encoding: normalized.analysis.encoding.rawValue)
        outbound = OutboundMessage(
            id: id.description, to: normalized.to, from: normalized.sender, text: normalized.text,
            analysis: normalized.analysis, channel: normalized.original.channel,
            idempotencyKey: UUID().uuidString)
    }

    func isDone(_ candidate: Int) -> Bool { done & (1 << UInt64(candidate)) != 0 }
    mutating func markDone(_ candidate: Int) { done |= 1 << UInt64(candidate) }

    mutating func retry(at time: Double) {
        earliestRetry = min(earliestRetry ?? time, time)
    }

    /// The row written before the first attempt.
    var loggedMessage: LoggedMessage {
        LoggedMessage(
            id: id, createdAt: createdAt, recipient: normalized.to.e164, country: normalized.to.country?.alpha2,
            sender: normalized.original.from, channel: normalized.original.channel.rawValue, tag: normalized.original.tag,
            text: normalized.text, encoding: normalized.analysis.encoding.rawValue, segments: normalized.analysis.segments,
            idempotencyKey: key, route: plan.route)
    }
}
