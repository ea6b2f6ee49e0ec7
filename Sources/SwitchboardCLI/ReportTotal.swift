import Switchboard

/// The sums of a report's rows (latency percentiles do not add up, so there are none).
struct ReportTotal {
    var messages = 0
    var accepted = 0
    var partial = 0
    var failed = 0
    var unknown = 0
    var pending = 0
    var delivered = 0
    var deliveryFailed = 0
    var fallbacks = 0
    var costs: [String: Double] = [:]

    init(_ rows: [ReportRow]) {
        for row in rows {
            messages += row.messages
            accepted += row.accepted
            partial += row.partial
            failed += row.failed
            unknown += row.unknown
            pending += row.pending
            delivered += row.delivered
            deliveryFailed += row.deliveryFailed
            fallbacks += row.fallbacks
            costs.merge(row.costs, uniquingKeysWith: +)
        }
    }

    /// delivered / (delivered + deliveryFailed), nil without final receipts.
    var deliveryRatio: Double? {
        delivered + deliveryFailed == 0 ? nil : Double(delivered) / Double(delivered + deliveryFailed)
    }

    /// The total cost when there is one currency (0 when nothing has a cost), else nil.
    var cost: Double? { costs.count <= 1 ? costs.values.first ?? 0 : nil }

    /// The currency of ``cost``.
    var currency: String? { costs.count == 1 ? costs.keys.first : nil }

    var json: JSONValue {
        .object([
            ("messages", .int(messages)), ("accepted", .int(accepted)), ("partial", .int(partial)), ("failed", .int(failed)),
            ("unknown", .int(unknown)), ("pending", .int(pending)), ("delivered", .int(delivered)),
            ("deliveryFailed", .int(deliveryFailed)), ("deliveryRatio", .double(deliveryRatio)), ("cost", .double(cost)),
            ("currency", .string(currency)),
            ("costs", .object(costs.sorted { $0.key < $1.key }.map { ($0.key, .double($0.value)) })),
            ("fallbacks", .int(fallbacks)),
        ])
    }
}
