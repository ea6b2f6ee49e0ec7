/// What a send would do now, without sending: route, ranked candidates with cost, exclusions.
public struct MessageEstimate: Sendable, Hashable {
    /// The provider that would be tried first.
    public var provider: ProviderID?
    /// Its cost for this message in ``currency`` (price per segment × segments), when priced.
    public var cost: Double?
    /// The rules currency.
    public var currency: String
    /// Segments of the text.
    public var segments: Int
    /// `GSM-7` or `UCS-2`.
    public var encoding: String
    /// Route, candidates and exclusions (health and rate-limit state as of now).
    public var trace: DecisionTrace
}

extension MessageRouter {
    /// Plans a message as ``send(_:)`` would right now (opt-outs and provider health
    /// included) and prices it, sending nothing and writing nothing.
    ///
    /// - Throws: ``SendFailure`` for an invalid number or sender, an opted-out recipient, or
    ///   no route.
    public func estimate(_ message: Message) throws(SendFailure) -> MessageEstimate {
        let normalized = try Self.normalize(message)
        switch prepare(normalized, key: nil, runtime: runtime) {
        case .failure(let failure):
            throw failure
        case .success(let job):
            var trace = job.trace
            let first = job.plan.candidates.first
            trace.outcome = first.map { "would send through \($0.provider)" } ?? "no candidate can take it now"
            return MessageEstimate(provider: first?.provider, cost: first?.totalCost, currency: job.plan.currency,
                                   segments: normalized.analysis.segments,
                                   encoding: normalized.analysis.encoding.rawValue, trace: trace)
        }
    }
}
