import Foundation

/// A route's `when:` block. Every present field must match; absent fields match anything.
public struct RouteCondition: Sendable {
    /// Destination countries.
    public var countries: Set<CountryCode>?
    /// Destination number prefixes (E.164 digits without `+`).
    public var prefixes: [String]?
    /// Channels.
    public var channels: Set<MessageChannel>?
    /// Message tags (`otp`, `marketing`, …).
    public var tags: Set<String>?
    /// Sender ids, exactly as the app sets them.
    public var senders: Set<String>?
    /// A time window.
    public var time: TimeWindow?

    /// True when the condition has no restriction at all (a catch-all route).
    public var matchesEverything: Bool {
        countries == nil && prefixes == nil && channels == nil && tags == nil && senders == nil && time == nil
    }

    /// True when every message this condition matches is also matched by `other`'s superset check:
    /// i.e. `other` is at least as broad in every dimension.
    func isCovered(by other: RouteCondition) -> Bool {
        func covers<T>(_ a: Set<T>?, _ b: Set<T>?) -> Bool {
            guard let a else { return true }
            guard let b else { return false }
            return b.isSubset(of: a)
        }
        guard covers(other.countries, countries), covers(other.channels, channels),
              covers(other.tags, tags), covers(other.senders, senders)
        else { return false }
        if let outer = other.prefixes {
            guard let inner = prefixes, inner.allSatisfy({ p in outer.contains { p.hasPrefix($0) } }) else { return false }
        }
        if let outer = other.time {
            guard let inner = time, inner == outer else { return false }
        }
        return true
    }
}

extension RouteCondition {
    static let keys = ["country", "prefix", "channel", "tag", "sender", "time", "days", "timezone"]

    /// Parses a `when:` mapping.
    static func parse(_ node: YAMLNode, reader: RuleFileReader) -> RouteCondition {
        var condition = RouteCondition()
        guard let f = reader.fields(of: node, allowed: keys, what: "when") else { return condition }
        if let n = f["country"] {
            condition.countries = Set(reader.strings(n, what: "country").compactMap { reader.country($0.0, at: $0.1) })
        }
        if let n = f["prefix"] {
            condition.prefixes = reader.strings(n, what: "prefix").compactMap { text, item in
                let digits = text.filter { $0 != " " && $0 != "+" && $0 != "-" }
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 15 else {
                    reader.report(.invalidValue, at: item, "prefix '\(text)' is not a number prefix",
                                  hint: "write the start of an international number, e.g. \"+3161\" or \"447\"")
                    return nil
                }
                return digits
            }
        }
        if let n = f["channel"] {
            condition.channels = Set(reader.strings(n, what: "channel").compactMap { name, item in
                let channel = MessageChannel(rawValue: name)
                if MessageChannel.known.contains(channel) { return channel }
                reader.report(.invalidValue, at: item, "unknown channel '\(name)'",
                              hint: Suggestion.hint(for: name, in: MessageChannel.known.map(\.rawValue), noun: "channels"))
                return nil
            })
        }
        if let n = f["tag"] { condition.tags = Set(reader.strings(n, what: "tag").map(\.0)) }
        if let n = f["sender"] { condition.senders = Set(reader.strings(n, what: "sender").map(\.0)) }
        if let n = f["time"] {
            condition.time = parseWindow(n, days: f["days"], zone: f["timezone"], reader: reader)
        } else if let extra = f["days"] ?? f["timezone"] {
            reader.report(.invalidValue, at: extra, "`days` and `timezone` need a `time` window in the same `when`",
                          hint: "add time: \"08:00-20:00\"")
        }
        return condition
    }

    private static func parseWindow(_ node: YAMLNode, days: YAMLNode?, zone: YAMLNode?, reader: RuleFileReader) -> TimeWindow? {
        guard let text = reader.string(node, what: "time") else { return nil }
        guard let (start, end) = TimeWindow.parseRange(text) else {
            reader.report(.badDuration, at: node, "time window '\(text)' is not HH:MM-HH:MM",
                          hint: "for example time: \"08:00-20:00\" (quote it); a window may wrap past midnight: \"22:00-06:00\"")
            return nil
        }
        var window = TimeWindow(start: start, end: end, days: [], timeZone: TimeZone(identifier: "UTC")!)
        if let days {
            for (name, item) in reader.strings(days, what: "days") {
                guard let list = TimeWindow.parseDays(name) else {
                    reader.report(.invalidValue, at: item, "'\(name)' is not a weekday or range",
                                  hint: "use mon, tue, wed, thu, fri, sat, sun or a range like mon-fri")
                    continue
                }
                window.days.formUnion(list)
            }
        }
        if let zone, let name = reader.string(zone, what: "timezone") {
            if let tz = TimeZone(identifier: name) {
                window.timeZone = tz
            } else {
                reader.report(.invalidValue, at: zone, "unknown time zone '\(name)'",
                              hint: "use an IANA name such as Europe/Amsterdam or America/New_York")
            }
        }
        return window
    }
}
