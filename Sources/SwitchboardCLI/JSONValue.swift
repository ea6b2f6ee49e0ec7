import Foundation
import Switchboard

/// JSON output for `--json`: keys in a fixed order, and every key present (null when unknown),
/// so scripts can rely on the shape.
indirect enum JSONValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }

    /// A string or null.
    static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    /// A number or null.
    static func double(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
    /// A number or null.
    static func int(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
    /// A UTC ISO-8601 time with milliseconds, or null.
    static func date(_ value: Date?) -> JSONValue {
        guard let value else { return .null }
        return .string(timeStyle.format(value))
    }

    /// `2026-11-23T08:00:00.123Z`.
    static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The text; `pretty` indents nested objects and arrays by two spaces.
    func text(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        let pad = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
        let end = pretty ? "\n" + String(repeating: "  ", count: indent) : ""
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Self.number(d)
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                out += pad
                item.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            out += end + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                out += pad
                Self.quote(key, into: &out)
                out += pretty ? ": " : ":"
                value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            out += end + "}"
        }
    }

    /// Shortest text that reads back as the same double; integers without a fraction.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    static func quote(_ s: String, into out: inout String) { JSONString.append(s, to: &out) }
}
