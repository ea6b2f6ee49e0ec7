import Foundation
import Switchboard

/// The table `switchboard demo` ends with. Message counts, cost and latency come from the
/// outcome log (what an ops team would query afterwards); failed attempts and reroutes from the
/// send results; the cost comparison from the price tables.
struct DemoSummary {
    /// One provider's line.
    struct Line {
        var provider: String
        /// Messages the provider accepted (log).
        var sent = 0
        /// Attempts at this provider that failed (outage, throttling, errors).
        var failedAttempts = 0
        /// Messages this provider took that the plan had ranked another provider first for
        /// (failover after an error, spill from a saturated provider, skip of an open breaker).
        var fallbacksIn = 0
        var cost = 0.0
        var p50: Double?
        var p99: Double?
        /// delivered / (delivered + failed) from the receipts in the log.
        var deliveryRatio: Double?
    }

    var lines: [String: Line] = [:]
    var currency: String
    var messages = 0
    var accepted = 0
    /// Failures by kind (invalid numbers and the like).
    var failures: [String: Int] = [:]
    /// Messages in the log from this run, and how many are still pending.
    var logged = 0
    var pending = 0
    var unknown = 0
    /// Messages handed to the router that got a message id, i.e. must be in the log.
    var expectedInLog = 0
    /// The routed traffic priced at the price tables, and the same traffic through each single
    /// provider that prices every destination.
    var routedAtTablePrices = 0.0
    var singleProvider: [String: Double] = [:]
    var elapsed: Double = 0
    /// Receipt webhook calls the router took (SMS.CX batches several receipts in one).
    var receipts = 0

    /// Messages that should be in the log but are not, or are stuck in flight.
    var lost: Int { max(0, expectedInLog - logged) + pending }

    init(currency: String) { self.currency = currency }

    /// Adds what the log says about this run.
    mutating func add(report rows: [ReportRow]) {
        let total = ReportTotal(rows)
        (logged, pending, unknown) = (total.messages, total.pending, total.unknown)
        for row in rows {
            guard let provider = row.provider else { continue }
            var line = lines[provider] ?? Line(provider: provider)
            line.sent += row.accepted + row.partial
            line.cost += row.cost ?? 0
            line.p50 = row.p50SendLatency
            line.p99 = row.p99SendLatency
            line.deliveryRatio = row.deliveryRatio
            lines[provider] = line
        }
    }

    /// Adds one send result.
    mutating func add(_ result: Result<DispatchResult, SendFailure>, message: Message, rules: RuleSet) {
        messages += 1
        switch result {
        case .success(let sent):
            accepted += 1
            expectedInLog += 1
            countFailedAttempts(sent.attempts)
            if let first = sent.trace.candidates.first?.provider, first != sent.provider.rawValue {
                lines[sent.provider.rawValue, default: Line(provider: sent.provider.rawValue)].fallbacksIn += 1
            }
            price(sent, message: message, rules: rules)
        case .failure(let failure):
            failures[failure.kind.rawValue, default: 0] += 1
            if failure.messageID != nil { expectedInLog += 1 }
            countFailedAttempts(failure.attempts)
        }
    }

    private mutating func countFailedAttempts(_ attempts: [AttemptSummary]) {
        for attempt in attempts where attempt.outcome != .accepted {
            lines[attempt.provider.rawValue, default: Line(provider: attempt.provider.rawValue)].failedAttempts += 1
        }
    }

    private mutating func price(_ sent: DispatchResult, message: Message, rules: RuleSet) {
        guard let country = try? NormalizedMessage(message).to.country else { return }
        let segments = Double(sent.segments)
        if let chosen = rules.providers.first(where: { $0.id == sent.provider }),
           let unit = rules.price(of: chosen, to: country) {
            routedAtTablePrices += unit * segments
        }
        for provider in rules.providers {
            // A provider missing a price for any destination cannot carry everything: drop it.
            let id = provider.id.rawValue
            if let unit = rules.price(of: provider, to: country), singleProvider[id]?.isNaN != true {
                singleProvider[id, default: 0] += unit * segments
            } else {
                singleProvider[id] = .nan
            }
        }
    }

    /// The provider that would have carried all of it cheapest, with that cost.
    var cheapestSingle: (provider: String, cost: Double)? {
        singleProvider.filter { !$0.value.isNaN }.min { $0.value < $1.value }.map { ($0.key, $0.value) }
    }

    /// The rendered summary.
    var text: String {
        func money(_ value: Double) -> String { String(format: "%.2f", value) }
        func ms(_ seconds: Double?) -> String { seconds.map { String(format: "%.1f", $0 * 1000) } ?? "-" }
        func percent(_ ratio: Double?) -> String { ratio.map { String(format: "%.1f %%", $0 * 100) } ?? "-" }
        let header = ["provider", "sent", "failed", "fallbacks", "cost \(currency)", "delivered", "p50 ms", "p99 ms"]
        var rows = lines.values.sorted { $0.sent > $1.sent }.map {
            [$0.provider, "\($0.sent)", "\($0.failedAttempts)", "\($0.fallbacksIn)", money($0.cost), percent($0.deliveryRatio),
             ms($0.p50), ms($0.p99)]
        }
        let totalCost = lines.values.reduce(0) { $0 + $1.cost }
        rows.append(["total", "\(lines.values.reduce(0) { $0 + $1.sent })", "\(lines.values.reduce(0) { $0 + $1.failedAttempts })",
                     "\(lines.values.reduce(0) { $0 + $1.fallbacksIn })", money(totalCost), "", "", ""])
        var out = [TextTable.render(header: header, rows: rows, rightAligned: Set(1..<header.count))]
        out.append("failed: attempts at the provider that did not take the message; fallbacks: messages the provider took "
            + "that were planned for another (failover, spill, open breaker).")
        out.append("")
        out.append("\(messages) messages in \(String(format: "%.1f", elapsed)) s (\(Int(Double(messages) / max(elapsed, 1e-9))) msg/s): "
            + "\(accepted) accepted" + (failures.isEmpty ? "" : ", not sent: "
            + failures.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")))
        if let cheapest = cheapestSingle, cheapest.cost > 0 {
            let saving = (cheapest.cost - routedAtTablePrices) / cheapest.cost * 100
            out.append("cost at price-table rates: routed \(money(routedAtTablePrices)) \(currency) vs "
                + "\(money(cheapest.cost)) \(currency) all through \(cheapest.provider), the cheapest single provider "
                + "(\(String(format: "%+.1f", -saving)) %)")
        }
        out.append("log: \(logged) messages from this run, \(unknown) unknown, \(pending) pending; \(receipts) receipt webhooks handled")
        out.append("lost: \(lost)")
        return out.joined(separator: "\n")
    }
}

/// Plain-text tables for CLI output.
enum TextTable {
    /// Columns padded to their widest cell; `rightAligned` column indexes are right-aligned.
    static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}
