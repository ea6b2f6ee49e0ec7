/// `application/x-www-form-urlencoded` encoding and decoding (Vonage/KPN bodies, OAuth, webhooks).
public enum FormEncoding {
    /// Encodes pairs in order: `a=1&b=x%20y`.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// Decodes `a=1&b=x%20y` (with `+` as space).
    public static func decode(_ text: String) -> [(String, String)] {
        // ASCII (every encoded body): split the bytes. Otherwise split on characters, as `&` or
        // `=` followed by a combining mark is not a separator there.
        if let pairs = text.utf8.withContiguousStorageIfAvailable({ decodeASCII($0) }), let pairs {
            return pairs
        }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(String(parts[0])), parts.count > 1 ? unescape(String(parts[1])) : "")
        }
    }

    /// ``decode(_:)`` on ASCII bytes; nil when there is a non-ASCII byte.
    private static func decodeASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> [(String, String)]? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var pairs: [(String, String)] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                var equals = start
                while equals < end && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                let key = unescape(UnsafeBufferPointer(rebasing: bytes[start..<equals]))
                let value = equals < end ? unescape(UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<end])) : ""
                pairs.append((key, value))
            }
            start = end + 1
        }
        return pairs
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hexDigit(b >> 4)))
                out.unicodeScalars.append(Unicode.Scalar(hexDigit(b & 0xF)))
            }
        }
        return out
    }

    /// Upper-case hex digit of a nibble.
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    /// Percent-decodes, treating `+` as a space.
    public static func unescape(_ text: String) -> String {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ unescape($0) }) { return decoded }
        return Array(text.utf8).withUnsafeBufferPointer { unescape($0) }
    }

    /// ``unescape(_:)`` on UTF-8 bytes. A `%` not followed by two bytes that parse as a hex
    /// number (`UInt8(_:radix:)`, so `+f` and `-0` count) stays a `%`, and those bytes are dropped.
    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let b = bytes[index]
            index += 1
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%") {
                if index + 1 < bytes.count {
                    out.append(hexByte(bytes[index], bytes[index + 1]) ?? b)
                    index += 2
                } else {
                    index = bytes.count  // a lone byte after the `%` is dropped too
                    out.append(b)
                }
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)` without the string.
    private static func hexByte(_ h: UInt8, _ l: UInt8) -> UInt8? {
        guard let low = hexValue(l) else { return nil }
        if let high = hexValue(h) { return high << 4 | low }
        if h == UInt8(ascii: "+") { return low }
        if h == UInt8(ascii: "-") { return low == 0 ? 0 : nil }
        return nil
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
