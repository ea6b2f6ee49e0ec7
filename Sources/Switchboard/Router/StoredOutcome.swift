import Foundation

/// Rebuilds the outcome of an earlier send from the outcome log (idempotent replays).
enum StoredOutcome {
    /// The `messages.error` text: `<kind>: <message>`, so a replay can restore the kind.
    static func errorText(_ failure: SendFailure) -> String {
        "\(failure.kind.rawValue): \(failure.message)"
    }

    static func outcome(of record: MessageRecord, attempts rows: [AttemptRecord]) -> Result<DispatchResult, SendFailure> {
        let trace = record.trace.flatMap { try? JSONDecoder().decode(DecisionTrace.self, from: Data($0.utf8)) }
        let attempts = rows.map {
            AttemptSummary(seq: $0.seq, provider: ProviderID($0.provider), outcome: outcome(named: $0.outcome),
                           code: $0.code, detail: $0.detail, duration: max(0, ($0.finishedAt ?? $0.startedAt).timeIntervalSince($0.startedAt)))
        }
        switch record.state {
        case "accepted", "partial":
            let result = DispatchResult(
                messageID: record.id, state: record.state == "accepted" ? .accepted : .partial,
                provider: ProviderID(record.provider ?? ""), providerMessageIDs: record.providerMessageIDs,
                parts: record.providerMessageIDs.enumerated().map { .init(number: $0.offset + 1, providerMessageID: $0.element) },
                segments: record.segments ?? 1, encoding: record.encoding ?? "", cost: record.cost,
                currency: record.currency ?? trace?.currency ?? "", remainingBalance: record.remainingBalance,
                attempts: attempts, trace: trace ?? DecisionTrace(noRouteFor: record.segments ?? 1, encoding: record.encoding ?? "",
                                                                 currency: record.currency ?? "", outcome: "accepted"),
                replayed: true, routingOverhead: nil)
            return .success(result)
        case "pending":
            return .failure(SendFailure(
                .ambiguous, "message \(record.id) with this idempotency key is still being sent by another process",
                messageID: record.id, attempts: attempts, trace: trace, replayed: true))
        default:
            let text = record.error ?? "\(record.state)"
            var kind = SendFailure.Kind.allCandidatesFailed
            var message = text
            if let colon = text.firstIndex(of: ":"), let k = SendFailure.Kind(rawValue: String(text[..<colon])) {
                kind = k
                message = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            } else if record.state == "unknown" {
                kind = .ambiguous
            }
            return .failure(SendFailure(kind, message, messageID: record.id, attempts: attempts, trace: trace, replayed: true))
        }
    }

    static func outcome(named name: String) -> ProviderOutcome {
        switch name {
        case "accepted": .accepted
        case "rejected": .rejected
        case "routeRejected": .routeRejected
        case "throttled": .throttled(retryAfter: nil)
        case "unavailable": .unavailable
        case "accountProblem": .accountProblem
        default: .ambiguous
        }
    }
}
