/// A minimal JSON writer for hot paths (JSONEncoder costs microseconds per call there).
///
/// It only appends, to a byte buffer (appending small pieces to a `String` costs far more);
/// callers write keys and values in order. Output is valid JSON as long as the calls are
/// balanced (`beginObject`/`endObject`, `beginArray`/`endArray`).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    /// The JSON text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes `"name":` (the value follows). Names are literals in code: written as they are,
    /// so they must not need escaping.
    mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func value(_ string: String?) {
        separator()
        if let string { JSONString.append(string, to: &bytes) } else { append("null") }
        needsComma = true
    }

    mutating func value(_ number: Double?) {
        separator()
        if let number, number.isFinite { bytes.append(contentsOf: number.description.utf8) } else { append("null") }
        needsComma = true
    }

    mutating func value(_ number: Int) {
        separator()
        bytes.append(contentsOf: String(number).utf8)
        needsComma = true
    }

    mutating func value(_ flag: Bool) {
        separator()
        append(flag ? "true" : "false")
        needsComma = true
    }

    /// `"name": value` for an optional string, skipped when nil.
    mutating func field(_ name: StaticString, _ string: String?) {
        guard let string else { return }
        key(name)
        value(string)
    }

    /// `"name": value` for an optional number, skipped when nil.
    mutating func field(_ name: StaticString, _ number: Double?) {
        guard let number else { return }
        key(name)
        value(number)
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
