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
    static func appendQuoted(_ string: String, to out: inout String) { JSONString.append(string, to: &out) }
}
