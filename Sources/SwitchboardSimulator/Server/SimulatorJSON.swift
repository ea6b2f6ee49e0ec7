import Switchboard
/// A small JSON serialiser for the simulator's answers (`[String: Any]` of strings, numbers,
/// booleans, arrays and objects, keys sorted): the same text as `JSONSerialization` with
/// `.sortedKeys, .withoutEscapingSlashes`, at a fraction of its cost — the simulator answers
/// every request of the end-to-end benchmark, so its speed is part of what that measures.
enum SimulatorJSON {
    /// The JSON text of `object` as bytes; nil when it holds a value JSON cannot represent.
    static func bytes(_ object: Any) -> [UInt8]? {
        var out = ""
        out.reserveCapacity(256)
        guard append(object, to: &out) else { return nil }
        return Array(out.utf8)
    }

    private static func append(_ value: Any, to out: inout String) -> Bool {
        switch value {
        case let string as String: quote(string, to: &out)
        case let flag as Bool: out += flag ? "true" : "false"
        case let number as Int: out += String(number)
        case let number as UInt64: out += String(number)
        case let number as Double:
            guard number.isFinite else { return false }
            out += number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case let object as [String: Any]:
            out += "{"
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                quote(key, to: &out)
                out += ":"
                guard let item = object[key], append(item, to: &out) else { return false }
            }
            out += "}"
        case let array as [Any]:
            out += "["
            for (index, item) in array.enumerated() {
                if index > 0 { out += "," }
                guard append(item, to: &out) else { return false }
            }
            out += "]"
        default: return false
        }
        return true
    }

    private static func quote(_ string: String, to out: inout String) { JSONString.append(string, to: &out) }
}
