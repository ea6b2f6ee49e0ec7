import ArgumentParser
import Foundation
import Switchboard

/// `switchboard report`: counts, cost, delivery ratio, fallbacks and latency from the outcome log.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Counts, cost, delivery ratio, fallbacks and p50/p99 send latency by provider, country or day.",
        discussion: """
            Reads the log at --db only: no rules or credentials needed. Messages are counted by the \
            provider that took them; delivery ratio is delivered / (delivered + failed) over final receipts; \
            fallbacks are accepted messages that needed more than one attempt; latency runs from the first \
            attempt's start to the accepting attempt's finish.

            --html FILE also writes a self-contained page (inline SVG and CSS, no scripts or external \
            resources) with charts of cost per provider per day and delivery ratio per provider.

            --json prints {since, until, by, rows: [...], total}; each row has provider, country, day \
            (null unless grouped by it), messages, accepted, partial, failed, unknown, pending, delivered, \
            deliveryFailed, deliveryRatio, cost, currency, costs ({currency: total}), fallbacks, \
            p50SendLatency, p99SendLatency (seconds); total has the same counts (no latency). Every key is \
            always present (null when unknown).

            \(CLIExitCode.help)
            """)

    @OptionGroup var log: LogOption
    @Option(help: ArgumentHelp("From: 30m, 24h, 7d, or an ISO-8601 date/time (inclusive).", valueName: "when"))
    var since: TimeBound = TimeBound(argument: "7d")!
    @Option(
        help: ArgumentHelp(
            "Until: a duration back from now or an ISO-8601 date/time (exclusive; default now).", valueName: "when"))
    var until: TimeBound?
    @Option(help: "Group by provider | country | day.") var by: ReportBy = .provider
    @Option(help: ArgumentHelp("Also write an HTML page with charts to this file.", valueName: "file")) var html: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if let until, since.date >= until.date { throw ValidationError("--since must be before --until") }
    }

    func run() async throws {
        let outcomeLog = try log.openForReading()
        defer { outcomeLog.close() }
        let rows: [ReportRow]
        do {
            rows = try outcomeLog.report(since: since.date, until: until?.date, by: by.grouping)
        } catch {
            StandardError.print("cannot read the log at \(log.db): \(error)")
            throw ExitCode(CLIExitCode.failed)
        }
        let total = ReportTotal(rows)
        if json {
            print(
                JSONValue.object([
                    ("since", .date(since.date)), ("until", .date(until?.date)), ("by", .string(by.rawValue)),
                    ("rows", .array(rows.map(Self.json))), ("total", total.json),
                ]).text())
        } else {
            print(Self.text(rows, total: total, by: by, since: since.date, until: until?.date, db: log.db))
        }
        if let html {
            let page: String
            do {
                let byProvider =
                    by == .provider ? rows : try outcomeLog.report(since: since.date, until: until?.date, by: .provider)
                let byProviderDay = try outcomeLog.report(since: since.date, until: until?.date, by: .providerDay)
                page =
                    ReportHTML(
                        since: since.date, until: until?.date ?? Date(), database: log.db,
                        byProvider: byProvider, byProviderDay: byProviderDay
                    ).page
            } catch {
                StandardError.print("cannot read the log at \(log.db): \(error)")
                throw ExitCode(CLIExitCode.failed)
            }
            do {
                try page.write(toFile: html, atomically: true, encoding: .utf8)
            } catch {
                StandardError.print(
                    "cannot write \(html): \(error.localizedDescription); check the directory exists and is writable")
                throw ExitCode(CLIExitCode.failed)
            }
            StandardError.print("wrote \(html)")
        }
    }

    static func json(_ row: ReportRow) -> JSONValue {
        .object([
            ("provider", .string(row.provider)), ("country", .string(row.country)), ("day", .string(row.day)),
            ("messages", .int(row.messages)), ("accepted", .int(row.accepted)), ("partial", .int(row.partial)),
            ("failed", .int(row.failed)), ("unknown", .int(row.unknown)), ("pending", .int(row.pending)),
            ("delivered", .int(row.delivered)), ("deliveryFailed", .int(row.deliveryFailed)),
            ("deliveryRatio", .double(row.deliveryRatio)), ("cost", .double(row.cost)), ("currency", .string(row.currency)),
            ("costs", .object(row.costs.sorted { $0.key < $1.key }.map { ($0.key, .double($0.value)) })),
            ("fallbacks", .int(row.fallbacks)),
            ("p50SendLatency", .double(row.p50SendLatency)), ("p99SendLatency", .double(row.p99SendLatency)),
        ])
    }

    static func text(_ rows: [ReportRow], total: ReportTotal, by: ReportBy, since: Date, until: Date?, db: String) -> String {
        let period = "\(CLIFormat.time(since)) → \(until.map(CLIFormat.time) ?? "now") UTC"
        var lines = ["Report by \(by.rawValue), \(period), from \(db)", ""]
        guard !rows.isEmpty else {
            lines.append("no messages in this period")
            return lines.joined(separator: "\n")
        }
        func cost(_ value: Double?, _ currency: String?, _ costs: [String: Double]) -> String {
            if costs.isEmpty { return "-" }
            if let value { return CLIFormat.price(value) + (currency.map { " \($0)" } ?? "") }
            return costs.sorted { $0.key < $1.key }.map { "\(CLIFormat.price($0.value)) \($0.key)" }.joined(separator: " + ")
        }
        let header = [
            by.rawValue.uppercased(), "MESSAGES", "ACCEPTED", "FAILED", "UNKNOWN", "PENDING", "COST",
            "DELIVERED", "FALLBACKS", "P50", "P99",
        ]
        var cells = rows.map { row -> [String] in
            let group =
                switch by {
                case .provider: row.provider ?? "(none)"
                case .country: row.country ?? "(unknown)"
                case .day: row.day ?? "-"
                }
            return [
                group, "\(row.messages)", "\(row.accepted + row.partial)", "\(row.failed)", "\(row.unknown)",
                "\(row.pending)", cost(row.cost, row.currency, row.costs), CLIFormat.percent(row.deliveryRatio),
                "\(row.fallbacks)", CLIFormat.latency(row.p50SendLatency), CLIFormat.latency(row.p99SendLatency),
            ]
        }
        cells.append([
            "TOTAL", "\(total.messages)", "\(total.accepted + total.partial)", "\(total.failed)", "\(total.unknown)",
            "\(total.pending)", cost(total.cost, total.currency, total.costs), CLIFormat.percent(total.deliveryRatio),
            "\(total.fallbacks)", "", "",
        ])
        lines.append(CLIFormat.table(header, cells, rightAligned: Set(1..<11)))
        lines.append("")
        lines.append(
            (by == .provider ? "(none): messages no provider took. " : "")
                + "DELIVERED: delivered / (delivered + failed) receipts. FALLBACKS: accepted after more than one attempt.")
        return lines.joined(separator: "\n")
    }
}

/// `--by provider|country|day`.
enum ReportBy: String, ExpressibleByArgument, CaseIterable {
    case provider
    case country
    case day

    /// The log's grouping.
    var grouping: ReportGrouping {
        switch self {
        case .provider: .provider
        case .country: .country
        case .day: .day
        }
    }
}
