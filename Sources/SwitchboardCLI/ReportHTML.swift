import Foundation
import Switchboard

/// The `report --html` page: one self-contained file (inline CSS and SVG; no scripts, fonts or
/// other external resources) with summary tiles, a stacked bar chart of cost per provider per
/// day, a bar chart of delivery ratio per provider, and the per-provider table.
struct ReportHTML {
    /// Start of the period.
    var since: Date
    /// End of the period.
    var until: Date
    /// The log it was made from (shown in the header).
    var database: String
    /// Rows grouped by provider.
    var byProvider: [ReportRow]
    /// Rows grouped by provider and day (the cost chart).
    var byProviderDay: [ReportRow]

    /// Colours (Tableau 10).
    static let palette = [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
        "#9c755f", "#bab0ac",
    ]

    /// The built-in providers' colours, the same in every report.
    static let knownColors = ["bandwidth": 0, "kpn": 1, "smscx": 2, "vonage": 3]

    /// Providers that took messages, sorted, each with its colour: fixed for the built-in
    /// providers, picked from the name (FNV-1a) for others — the next free one on a clash — so
    /// a provider keeps its colour from one report to the next.
    var providers: [(name: String, color: String)] {
        let names = Array(Set(byProvider.compactMap(\.provider) + byProviderDay.compactMap(\.provider))).sorted()
        var taken = Set(names.compactMap { Self.knownColors[$0] })
        return names.map { name in
            if let index = Self.knownColors[name] { return (name, Self.palette[index]) }
            var hash: UInt32 = 2_166_136_261
            for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            var index = Int(hash % UInt32(Self.palette.count))
            for _ in Self.palette.indices where taken.contains(index) { index = (index + 1) % Self.palette.count }
            taken.insert(index)
            return (name, Self.palette[index])
        }
    }

    /// The currency of every cost, or nil when they mix (or there are none).
    var currency: String? {
        let currencies = Set(byProvider.flatMap(\.costs.keys))
        return currencies.count == 1 ? currencies.first : nil
    }

    /// The whole page.
    var page: String {
        let total = ReportTotal(byProvider)
        let period = "\(CLIFormat.time(since)) → \(CLIFormat.time(until)) UTC"
        let costText =
            total.cost.map { String(format: "%.2f", $0) }
            ?? total.costs.sorted { $0.key < $1.key }.map { String(format: "%.2f %@", $0.value, $0.key) }.joined(separator: " + ")
        let acceptedShare =
            total.messages == 0 ? "" : " (\(CLIFormat.percent(Double(total.accepted + total.partial) / Double(total.messages))))"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Switchboard report — \(Self.escape(period))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header>
            <h1>Switchboard report</h1>
            <p class="sub">\(Self.escape(period)) · \(Self.escape(database)) · generated \(Self.escape(CLIFormat.time(Date()))) UTC</p>
            </header>
            <section class="tiles">
            \(Self.tile("Messages", "\(total.messages)", "outbound, in this period"))
            \(Self.tile("Accepted", "\(total.accepted + total.partial)", "taken by a provider" + acceptedShare))
            \(Self.tile("Failed / unknown", "\(total.failed) / \(total.unknown)", "unknown: check before re-sending"))
            \(Self.tile("Cost", costText, "as charged or priced", unit: total.cost == nil ? nil : total.currency))
            \(Self.tile("Delivery ratio", CLIFormat.percent(total.deliveryRatio), "\(total.delivered) delivered, \(total.deliveryFailed) failed receipts"))
            \(Self.tile("Fallbacks", "\(total.fallbacks)", "accepted after more than one attempt"))
            </section>

            """
        html += "<section class=\"card\">\n<h2>Cost per provider per day\(currency.map { " (\(Self.escape($0)))" } ?? "")</h2>\n"
        html += costChart + "\n" + legend + "\n</section>\n"
        html += "<section class=\"card\">\n<h2>Delivery ratio per provider</h2>\n"
        html += "<p class=\"note\">delivered / (delivered + failed), over messages with a final delivery receipt</p>\n"
        html += deliveryChart + "\n</section>\n"
        html += "<section class=\"card\">\n<h2>By provider</h2>\n" + providerTable + "\n</section>\n"
        html += "<footer>Switchboard · <code>switchboard report --html</code></footer>\n</body>\n</html>\n"
        return html
    }

    /// The per-provider table.
    var providerTable: String {
        guard !byProvider.isEmpty else { return "<p class=\"empty\">No messages in this period.</p>" }
        var html =
            "<table>\n<thead><tr><th>Provider</th><th>Messages</th><th>Accepted</th><th>Failed</th><th>Unknown</th>"
            + "<th>Cost</th><th>Delivery</th><th>Fallbacks</th><th>p50</th><th>p99</th></tr></thead>\n<tbody>\n"
        for row in byProvider {
            let cost =
                row.costs.isEmpty
                ? "-"
                : row.cost.map { "\(CLIFormat.price($0))" + (row.currency.map { " \($0)" } ?? "") }
                    ?? row.costs.sorted { $0.key < $1.key }.map { "\(CLIFormat.price($0.value)) \($0.key)" }.joined(
                        separator: " + ")
            html +=
                "<tr><td>\(Self.escape(row.provider ?? "(none)"))</td><td>\(row.messages)</td><td>\(row.accepted + row.partial)</td>"
                + "<td>\(row.failed)</td><td>\(row.unknown)</td><td>\(Self.escape(cost))</td>"
                + "<td>\(CLIFormat.percent(row.deliveryRatio))</td><td>\(row.fallbacks)</td>"
                + "<td>\(CLIFormat.latency(row.p50SendLatency))</td><td>\(CLIFormat.latency(row.p99SendLatency))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n<p class=\"note\">(none): messages no provider took. "
            + "Latency: first attempt's start to the accepting attempt's finish.</p>"
    }

    /// The provider colour key.
    var legend: String {
        "<div class=\"legend\">"
            + providers.map {
                "<span><i style=\"background:\($0.color)\"></i>\(Self.escape($0.name))</span>"
            }.joined() + "</div>"
    }

    static func tile(_ label: String, _ value: String, _ note: String, unit: String? = nil) -> String {
        "<div class=\"tile\"><div class=\"label\">\(escape(label))</div><div class=\"value\">\(escape(value))"
            + (unit.map { " <small>\(escape($0))</small>" } ?? "") + "</div>"
            + "<div class=\"note\">\(escape(note))</div></div>"
    }

    /// Text for HTML and SVG: `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static let css = """

        :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1040px; padding: 24px; background: var(--bg); color: var(--ink);
               font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 16px; margin: 0 0 12px; }
        .sub, .note, footer { color: var(--muted); }
        .note { font-size: 12px; margin: 4px 0 0; }
        header { margin-bottom: 16px; }
        .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 16px; }
        .tile, .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; }
        .tile { padding: 12px 14px; }
        .tile .label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        .tile .value { font-size: 22px; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; }
        .tile .value small { font-size: 13px; font-weight: 500; color: var(--muted); }
        .card { padding: 16px 18px; margin-bottom: 16px; }
        svg { display: block; width: 100%; height: auto; }
        svg text { font: 12px -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--muted); }
        svg .grid { stroke: var(--line); stroke-width: 1; }
        svg .axis { stroke: #9aa5b1; stroke-width: 1; }
        svg .label { fill: var(--ink); }
        svg .track { fill: #eef1f4; }
        .legend { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 8px; font-size: 13px; }
        .legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        th { font-size: 12px; color: var(--muted); font-weight: 600; }
        .empty { color: var(--muted); padding: 24px 0; text-align: center; }
        footer { font-size: 12px; margin-top: 8px; }

        """
}
