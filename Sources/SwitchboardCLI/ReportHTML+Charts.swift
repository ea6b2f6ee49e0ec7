import Foundation
import Switchboard

extension ReportHTML {
    /// Stacked bars: one bar per UTC day of the period (days without messages included), one
    /// segment per provider; each segment has a tooltip (`<title>`).
    var costChart: String {
        // The whole period when it is short enough to show day by day, else the days with data.
        var dayNames = byProviderDay.compactMap(\.day)
        if until.timeIntervalSince(since) <= 92 * 86_400 {
            dayNames += [since, until.addingTimeInterval(-0.001)].map { String(JSONValue.timeStyle.format($0).prefix(10)) }
        }
        let days = Self.days(from: dayNames)
        var costs: [String: [String: Double]] = [:]  // day → provider → cost
        for row in byProviderDay {
            guard let day = row.day, let provider = row.provider else { continue }
            costs[day, default: [:]][provider, default: 0] += row.cost ?? row.costs.values.reduce(0, +)
        }
        let totals = days.map { day in costs[day]?.values.reduce(0, +) ?? 0 }
        guard let peak = totals.max(), peak > 0 else {
            return "<p class=\"empty\">No costs in this period.</p>"
        }
        let (width, height) = (960.0, 340.0)
        let (left, right, top, bottom) = (72.0, 16.0, 12.0, 48.0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let (axisMax, step) = Self.niceScale(peak)
        let decimals = max(0, min(4, Int(-floor(log10(step)))))
        func y(_ value: Double) -> Double { top + plotHeight - value / axisMax * plotHeight }
        var svg =
            "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Cost per provider per day\" "
            + "xmlns=\"http://www.w3.org/2000/svg\">\n"
        var tick = 0.0
        while tick <= axisMax + step / 2 {
            let ty = Self.f(y(tick))
            svg += "<line class=\"grid\" x1=\"\(Self.f(left))\" y1=\"\(ty)\" x2=\"\(Self.f(width - right))\" y2=\"\(ty)\"/>"
            svg +=
                "<text x=\"\(Self.f(left - 8))\" y=\"\(ty)\" text-anchor=\"end\" dominant-baseline=\"middle\">"
                + String(format: "%.\(decimals)f", tick) + "</text>\n"
            tick += step
        }
        let band = plotWidth / Double(days.count)
        let barWidth = min(56, band * 0.7)
        let labelEvery = max(1, Int((Double(days.count) / 12).rounded(.up)))
        let colors = Dictionary(uniqueKeysWithValues: providers.map { ($0.name, $0.color) })
        for (index, day) in days.enumerated() {
            let x = left + band * Double(index) + (band - barWidth) / 2
            var base = 0.0
            for (provider, color) in providers.map({ ($0.name, $0.color) }) {
                guard let value = costs[day]?[provider], value > 0 else { continue }
                let y0 = y(base + value)
                let h = y(base) - y0
                svg +=
                    "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y0))\" width=\"\(Self.f(barWidth))\" height=\"\(Self.f(max(h, 0.5)))\" "
                    + "fill=\"\(colors[provider] ?? color)\"><title>\(Self.escape(day)) · \(Self.escape(provider)): "
                    + "\(CLIFormat.price(value))\(currency.map { " \(Self.escape($0))" } ?? "")</title></rect>\n"
                base += value
            }
            if base > 0, days.count <= 31 {
                svg +=
                    "<text x=\"\(Self.f(x + barWidth / 2))\" y=\"\(Self.f(y(base) - 5))\" text-anchor=\"middle\">"
                    + String(format: "%.\(min(decimals + 1, 4))f", base) + "</text>\n"
            }
            if index % labelEvery == 0 {
                svg +=
                    "<text x=\"\(Self.f(left + band * (Double(index) + 0.5)))\" y=\"\(Self.f(height - bottom + 18))\" "
                    + "text-anchor=\"middle\">\(Self.escape(Self.shortDay(day)))</text>\n"
            }
        }
        svg +=
            "<line class=\"axis\" x1=\"\(Self.f(left))\" y1=\"\(Self.f(y(0)))\" x2=\"\(Self.f(width - right))\" y2=\"\(Self.f(y(0)))\"/>\n"
        svg += "<text x=\"\(Self.f(left))\" y=\"\(Self.f(height - 6))\">UTC day</text>\n"
        svg +=
            "<text x=\"14\" y=\"\(Self.f(top + plotHeight / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 14 \(Self.f(top + plotHeight / 2)))\">cost\(currency.map { " (\(Self.escape($0)))" } ?? "")</text>\n"
        return svg + "</svg>"
    }

    /// Horizontal bars, 0–100 %, one per provider, labelled with the ratio and the receipt counts.
    var deliveryChart: String {
        let rows = byProvider.filter { $0.provider != nil }.sorted { ($0.provider ?? "") < ($1.provider ?? "") }
        guard !rows.isEmpty else { return "<p class=\"empty\">No messages in this period.</p>" }
        let colors = Dictionary(uniqueKeysWithValues: providers.map { ($0.name, $0.color) })
        let (left, right, top, rowHeight) = (120.0, 200.0, 8.0, 36.0)
        let width = 960.0
        let plotWidth = width - left - right
        let height = top + rowHeight * Double(rows.count) + 28
        var svg =
            "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Delivery ratio per provider\" "
            + "xmlns=\"http://www.w3.org/2000/svg\">\n"
        for index in rows.indices {  // tracks under the grid, bars over it
            svg +=
                "<rect class=\"track\" x=\"\(Self.f(left))\" y=\"\(Self.f(top + rowHeight * Double(index) + 8))\" "
                + "width=\"\(Self.f(plotWidth))\" height=\"\(Self.f(rowHeight - 16))\" rx=\"3\"/>\n"
        }
        for percent in stride(from: 0, through: 100, by: 25) {
            let x = Self.f(left + plotWidth * Double(percent) / 100)
            svg += "<line class=\"grid\" x1=\"\(x)\" y1=\"\(Self.f(top))\" x2=\"\(x)\" y2=\"\(Self.f(height - 22))\"/>"
            svg += "<text x=\"\(x)\" y=\"\(Self.f(height - 6))\" text-anchor=\"middle\">\(percent)%</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let provider = row.provider ?? ""
            let y = top + rowHeight * Double(index)
            let barY = y + 8
            let barHeight = rowHeight - 16
            svg +=
                "<text class=\"label\" x=\"\(Self.f(left - 10))\" y=\"\(Self.f(barY + barHeight / 2))\" text-anchor=\"end\" "
                + "dominant-baseline=\"middle\">\(Self.escape(provider))</text>\n"
            let receipts = row.delivered + row.deliveryFailed
            if let ratio = row.deliveryRatio {
                svg +=
                    "<rect x=\"\(Self.f(left))\" y=\"\(Self.f(barY))\" width=\"\(Self.f(max(plotWidth * ratio, 1)))\" "
                    + "height=\"\(Self.f(barHeight))\" rx=\"3\" fill=\"\(colors[provider] ?? Self.palette[0])\">"
                    + "<title>\(Self.escape(provider)): \(CLIFormat.percent(ratio)) of \(receipts) final receipts delivered</title></rect>\n"
                svg +=
                    "<text class=\"label\" x=\"\(Self.f(left + plotWidth + 10))\" y=\"\(Self.f(barY + barHeight / 2))\" "
                    + "dominant-baseline=\"middle\">\(CLIFormat.percent(ratio)) (\(row.delivered) of \(receipts))</text>\n"
            } else {
                svg +=
                    "<text x=\"\(Self.f(left + 6))\" y=\"\(Self.f(barY + barHeight / 2))\" dominant-baseline=\"middle\">"
                    + "no final receipts yet (\(row.messages) messages)</text>\n"
            }
        }
        svg +=
            "<line class=\"axis\" x1=\"\(Self.f(left))\" y1=\"\(Self.f(top))\" x2=\"\(Self.f(left))\" y2=\"\(Self.f(height - 22))\"/>\n"
        return svg + "</svg>"
    }

    /// Every `yyyy-MM-dd` from the first to the last of `days` (at most 366, the newest).
    static func days(from days: [String]) -> [String] {
        let dates = days.compactMap(DurationParser.iso8601)
        guard let first = dates.min(), let last = dates.max() else { return [] }
        var result: [String] = []
        var day = max(first, last.addingTimeInterval(-365 * 86_400))
        while day <= last {
            result.append(String(JSONValue.timeStyle.format(day).prefix(10)))
            day.addTimeInterval(86_400)
        }
        return result
    }

    /// `Nov 16` for `2026-11-16`.
    static func shortDay(_ day: String) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = day.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let date = Int(parts[2]) else { return day }
        return "\(months[month - 1]) \(date)"
    }

    /// An axis maximum ≥ `peak` that is 1, 2, 2.5 or 5 × 10ⁿ, and its tick step (five ticks).
    static func niceScale(_ peak: Double) -> (max: Double, step: Double) {
        let magnitude = pow(10, floor(log10(peak)))
        let factor = [1, 2, 2.5, 5, 10].first { $0 * magnitude >= peak * (1 - 1e-9) } ?? 10
        let axisMax = factor * magnitude
        return (axisMax, axisMax / 5)
    }

    /// A coordinate with at most one decimal.
    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
