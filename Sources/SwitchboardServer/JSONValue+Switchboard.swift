import Foundation
import Switchboard

extension JSONValue {
    /// A successful send.
    init(_ result: DispatchResult) {
        var object: [String: JSONValue] = [
            "id": .string(result.messageID.description),
            "state": .string(result.state.rawValue),
            "provider": .string(result.provider.rawValue),
            "provider_message_ids": .array(result.providerMessageIDs.map(JSONValue.string)),
            "segments": .int(Int64(result.segments)),
            "encoding": .string(result.encoding),
            "cost": JSONValue(result.cost),
            "currency": .string(result.currency),
            "remaining_balance": JSONValue(result.remainingBalance),
            "attempts": .array(result.attempts.map(JSONValue.init)),
            "replayed": .bool(result.replayed),
        ]
        object["parts"] = .array(result.parts.map { part in
            .object([
                "number": .int(Int64(part.number)),
                "provider_message_id": JSONValue(part.providerMessageID),
                "error": JSONValue(part.error.map { "\($0)" }),
            ])
        })
        object["trace"] = JSONValue(encoding: result.trace) ?? .null
        self = .object(object)
    }

    /// An estimate.
    init(_ estimate: MessageEstimate) {
        self = .object([
            "provider": JSONValue(estimate.provider?.rawValue),
            "cost": JSONValue(estimate.cost),
            "currency": .string(estimate.currency),
            "segments": .int(Int64(estimate.segments)),
            "encoding": .string(estimate.encoding),
            "trace": JSONValue(encoding: estimate.trace) ?? .null,
        ])
    }

    /// A logged message; with `detail`, its attempts, receipts and decision trace too.
    init(_ record: MessageRecord, attempts: [AttemptRecord]? = nil, receipts: [ReceiptRecord]? = nil) {
        var object: [String: JSONValue] = [
            "id": .string(record.id.description),
            "created_at": .string(Self.iso8601(record.createdAt)),
            "updated_at": .string(Self.iso8601(record.updatedAt)),
            "direction": .string(record.direction),
            "to": .string(record.recipient),
            "country": JSONValue(record.country),
            "from": JSONValue(record.sender),
            "channel": .string(record.channel),
            "tag": JSONValue(record.tag),
            "text": .string(record.text),
            "encoding": JSONValue(record.encoding),
            "segments": record.segments.map { .int(Int64($0)) } ?? .null,
            "idempotency_key": JSONValue(record.idempotencyKey),
            "state": .string(record.state),
            "provider": JSONValue(record.provider),
            "provider_message_ids": .array(record.providerMessageIDs.map(JSONValue.string)),
            "cost": JSONValue(record.cost),
            "currency": JSONValue(record.currency),
            "delivery_state": JSONValue(record.deliveryState),
            "route": JSONValue(record.route),
            "attempt_count": .int(Int64(record.attemptCount)),
            "error": JSONValue(record.error),
        ]
        if let attempts {
            object["attempts"] = .array(attempts.map { attempt in
                var value = JSONValue(encoding: attempt) ?? .null
                if case .object(var fields) = value {
                    fields["trace"] = Self.trace(attempt.trace)
                    value = .object(fields)
                }
                return value
            })
        }
        if let receipts { object["receipts"] = .array(receipts.compactMap { JSONValue(encoding: $0) }) }
        if attempts != nil { object["trace"] = Self.trace(record.trace) }
        self = .object(object)
    }

    /// A decision trace stored as JSON text, re-encoded with snake_case keys.
    static func trace(_ text: String?) -> JSONValue {
        guard let text, let trace = try? JSONDecoder().decode(DecisionTrace.self, from: Data(text.utf8)) else { return .null }
        return JSONValue(encoding: trace) ?? .null
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
