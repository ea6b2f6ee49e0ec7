import Switchboard
import Testing

/// `FormEncoding.decode` keeps its exact behaviour on odd input (the byte-level fast path for
/// ASCII bodies must agree with the character-level original).
@Suite struct FormEncodingTests {
    @Test(arguments: [
        ("a=1&b=x%20y", [("a", "1"), ("b", "x y")]),
        ("a=1&&b=2&", [("a", "1"), ("b", "2")]),
        ("=v&k=&k2", [("", "v"), ("k", ""), ("k2", "")]),
        // A `%` without two hex digits stays a `%`; the two bytes after it are dropped.
        ("x=%zz&y=%4", [("x", "%"), ("y", "%")]),
        // The two bytes parse like `UInt8(_:radix: 16)`: a sign counts.
        ("p=%+f&q=%-0&r=%-1", [("p", "\u{0F}"), ("q", "\0"), ("r", "%")]),
        ("t=a+b%2Bc", [("t", "a b+c")]),
        ("u=%C3%A9%e9", [("u", "é\u{FFFD}")]),
        ("k=v=w", [("k", "v=w")]),
        ("a=\r\n&b=1", [("a", "\r\n"), ("b", "1")]),
        // Not ASCII: split on characters, so `&` with a combining mark is no separator.
        ("&\u{301}a=1", [("&\u{301}a", "1")]),
        ("é=ü&b=%", [("é", "ü"), ("b", "%")]),
    ])
    func decode(text: String, expected: [(String, String)]) {
        let decoded = FormEncoding.decode(text)
        #expect(decoded.map(\.0) == expected.map(\.0))
        #expect(decoded.map(\.1) == expected.map(\.1))
    }

    @Test func encodeThenDecodeRoundTrips() {
        let pairs = [("api_key", "k"), ("text", "Grüße & 100% = ok/?+"), ("to", "+31 6"), ("", "")]
        let encoded = FormEncoding.encode(pairs)
        #expect(encoded == "api_key=k&text=Gr%C3%BC%C3%9Fe%20%26%20100%25%20%3D%20ok%2F%3F%2B&to=%2B31%206&=")
        #expect(FormEncoding.decode(encoded).map(\.1) == ["k", "Grüße & 100% = ok/?+", "+31 6", ""])
        #expect(FormEncoding.unescape("a%2") == "a%")
    }
}
