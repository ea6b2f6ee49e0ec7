/// `application/x-www-form-urlencoded` encoding and decoding (Vonage/KPN bodies, OAuth, webhooks).
public enum FormEncoding {
    /// Encodes pairs in order: `a=1&b=x%20y`.
    public static func encode(_ pairs: [(String, String)]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(pairs.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 2 } + 16)
        for (i, (name, value)) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "&")) }
            append(name, to: &out)
            out.append(UInt8(ascii: "="))
            append(value, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `a=1&b=x%20y` (with `+` as space). A `%` not followed by two hex digits is kept
    /// as it is, with what follows it (`100%` stays `100%`).
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
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` percent-encoded (RFC 3986 unreserved characters stay as they are).
    static func append(_ text: String, to out: inout [UInt8]) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(ASCIIHex.digit(b >> 4))
                out.append(ASCIIHex.digit(b & 0xF))
            }
        }
    }

    /// Percent-decodes, treating `+` as a space. A `%` not followed by two hex digits stays as
    /// it is, and so do the characters after it.
    public static func unescape(_ text: String) -> String {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ unescape($0) }) { return decoded }
        return Array(text.utf8).withUnsafeBufferPointer { unescape($0) }
    }

    /// ``unescape(_:)`` on UTF-8 bytes.
    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.count, let high = ASCIIHex.value(bytes[i + 1]),
                      let low = ASCIIHex.value(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
