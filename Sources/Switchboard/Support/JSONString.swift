/// JSON string literals, for the hand-written JSON on hot paths (the log's trace, the CLI's
/// `--json`, the simulator's answers) where `JSONEncoder` costs too much.
public enum JSONString {
    /// Appends `string` as a JSON string literal to `out`, escaped as `JSONEncoder` (with
    /// `.withoutEscapingSlashes`) escapes it:
    /// `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as lower-case
    /// `\u00xx`; `/` and everything else as is.
    public static func append(_ string: String, to out: inout String) {
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
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
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

    /// Appends `string` as a JSON string literal to a UTF-8 byte buffer, escaped exactly as
    /// the `String` overload escapes it.
    public static func append(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var needsEscape = false
        for byte in string.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        if needsEscape {
            var escaped = ""
            append(string, to: &escaped)
            // `escaped` carries its own quotes.
            out.removeLast()
            out.append(contentsOf: escaped.utf8)
            return
        }
        out.append(contentsOf: string.utf8)
        out.append(UInt8(ascii: "\""))
    }

    /// `string` as a JSON string literal.
    public static func quoted(_ string: String) -> String {
        var out = ""
        append(string, to: &out)
        return out
    }
}
