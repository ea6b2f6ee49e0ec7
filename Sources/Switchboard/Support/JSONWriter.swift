/// A minimal JSON writer for hot paths (JSONEncoder costs microseconds per call there).
///
/// It only appends; callers write keys and values in order. Output is valid JSON as long as
/// the calls are balanced (`beginObject`/`endObject`, `beginArray`/`endArray`).
struct JSONWriter {
    private(set) var text = ""
    private var needsComma = false

    init(capacity: Int = 512) { text.reserveCapacity(capacity) }

    mutating func beginObject() { separator(); text += "{"; needsComma = false }
    mutating func endObject() { text += "}"; needsComma = true }
    mutating func beginArray() { separator(); text += "["; needsComma = false }
    mutating func endArray() { text += "]"; needsComma = true }

    /// Writes `"name":` (the value follows).
    mutating func key(_ name: String) {
        separator()
        Self.appendQuoted(name, to: &text)
        text += ":"
        needsComma = false
    }

    mutating func value(_ string: String?) {
        separator()
        if let string { Self.appendQuoted(string, to: &text) } else { text += "null" }
        needsComma = true
    }

    mutating func value(_ number: Double?) {
        separator()
        if let number, number.isFinite { text += "\(number)" } else { text += "null" }
        needsComma = true
    }

    mutating func value(_ number: Int) {
        separator()
        text += String(number)
        needsComma = true
    }

    mutating func value(_ flag: Bool) {
        separator()
        text += flag ? "true" : "false"
        needsComma = true
    }

    /// `"name": value` for an optional string, skipped when nil.
    mutating func field(_ name: String, _ string: String?) {
        guard let string else { return }
        key(name)
        value(string)
    }

    /// `"name": value` for an optional number, skipped when nil.
    mutating func field(_ name: String, _ number: Double?) {
        guard let number else { return }
        key(name)
        value(number)
    }

    private mutating func separator() {
        if needsComma { text += "," }
    }

    /// Appends `string` as a JSON string literal.
    static func appendQuoted(_ string: String, to out: inout String) {
        out += "\""
        // Fast path (almost every value): nothing to escape, so append the string whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += string
            out += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
