import Foundation
import Switchboard

/// The JSON shapes of the library's records (keys documented in each command's `--help`).
extension JSONValue {
    /// A decision trace: route, ranked candidates with cost, exclusions, steps, outcome.
    init(_ trace: DecisionTrace) {
        self = .object([
            ("route", .string(trace.route)),
            ("strategy", .string(trace.strategy)),
            ("segments", .int(trace.segments)),
            ("encoding", .string(trace.encoding)),
            ("currency", .string(trace.currency)),
            ("maxAttempts", .int(trace.maxAttempts)),
            ("onAmbiguous", .string(trace.onAmbiguous)),
            (
                "candidates",
                .array(
                    trace.candidates.map {
                        .object([
                            ("provider", .string($0.provider)), ("role", .string($0.role)), ("unitPrice", .double($0.unitPrice)),
                            ("totalCost", .double($0.totalCost)), ("weight", .double($0.weight)),
                        ])
                    })
            ),
            (
                "excluded",
                .array(trace.excluded.map { .object([("provider", .string($0.provider)), ("reason", .string($0.reason))]) })
            ),
            (
                "steps",
                .array(
                    trace.steps.map {
                        .object([
                            ("provider", .string($0.provider)), ("action", .string($0.action)), ("outcome", .string($0.outcome)),
                            ("code", .string($0.code)), ("detail", .string($0.detail)), ("decision", .string($0.decision)),
                        ])
                    })
            ),
            ("outcome", .string(trace.outcome)),
        ])
    }

    /// A stored trace (JSON text), or null.
    init(storedTrace text: String?) {
        if let text, let trace = try? JSONDecoder().decode(DecisionTrace.self, from: Data(text.utf8)) {
            self.init(trace)
        } else {
            self = .null
        }
    }

    /// An attempt as the router returned it.
    init(_ attempt: AttemptSummary) {
        self = .object([
            ("seq", .int(attempt.seq)), ("provider", .string(attempt.provider.rawValue)),
            ("outcome", .string(attempt.outcome.name)), ("code", .string(attempt.code)),
            ("detail", .string(attempt.detail)), ("durationMs", .double((attempt.duration * 1000).rounded())),
        ])
    }

    /// An attempt as logged.
    init(_ attempt: AttemptRecord) {
        self = .object([
            ("seq", .int(attempt.seq)), ("provider", .string(attempt.provider)), ("outcome", .string(attempt.outcome)),
            ("code", .string(attempt.code)), ("detail", .string(attempt.detail)),
            ("startedAt", .date(attempt.startedAt)), ("finishedAt", .date(attempt.finishedAt)),
            ("durationMs", .double(attempt.finishedAt.map { ($0.timeIntervalSince(attempt.startedAt) * 1000).rounded() })),
            ("unitPrice", .double(attempt.unitPrice)), ("cost", .double(attempt.cost)),
        ])
    }

    /// A delivery receipt.
    init(_ receipt: ReceiptRecord) {
        self = .object([
            ("provider", .string(receipt.provider)), ("providerMessageId", .string(receipt.providerMessageID)),
            ("state", .string(receipt.state)), ("providerStatus", .string(receipt.providerStatus)),
            ("errorCode", .string(receipt.errorCode)), ("at", .date(receipt.at)),
        ])
    }

    /// A logged message: the fields of `messages --json` (``MessagesShowCommand`` adds attempts,
    /// receipts and the trace).
    init(_ record: MessageRecord) {
        self = .object(Self.fields(of: record))
    }

    /// The fields of a logged message, in order.
    static func fields(of record: MessageRecord) -> [(String, JSONValue)] {
        [
            ("id", .string(record.id.description)),
            ("createdAt", .date(record.createdAt)),
            ("updatedAt", .date(record.updatedAt)),
            ("direction", .string(record.direction)),
            ("to", .string(record.recipient)),
            ("from", .string(record.sender)),
            ("country", .string(record.country)),
            ("channel", .string(record.channel)),
            ("tag", .string(record.tag)),
            ("text", .string(record.text)),
            ("segments", .int(record.segments)),
            ("encoding", .string(record.encoding)),
            ("state", .string(record.state)),
            ("deliveryState", .string(record.deliveryState)),
            ("provider", .string(record.provider)),
            ("providerMessageIds", .array(record.providerMessageIDs.map(JSONValue.string))),
            ("cost", .double(record.cost)),
            ("currency", .string(record.currency)),
            ("route", .string(record.route)),
            ("attemptCount", .int(record.attemptCount)),
            ("idempotencyKey", .string(record.idempotencyKey)),
            ("error", .string(record.error)),
        ]
    }
}
