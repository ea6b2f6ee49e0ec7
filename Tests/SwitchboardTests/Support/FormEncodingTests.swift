import Testing
@testable import Switchboard

@Suite("Form encoding")
struct FormEncodingTests {
    @Test("encode escapes everything but unreserved characters, in order")
    func encodesPairs() {
        let body = FormEncoding.encode([("to", "+31 6/12"), ("text", "Café & co ~ok_-."), ("empty", "")])
        #expect(body == "to=%2B31%206%2F12&text=Caf%C3%A9%20%26%20co%20~ok_-.&empty=")
    }

    @Test("decode reverses encode, + is a space, broken escapes stay as they are",
          arguments: [
            ("a=1&b=x%20y", [("a", "1"), ("b", "x y")]),
            ("text=Hi+there%21", [("text", "Hi there!")]),
            ("p=100%25", [("p", "100%")]),
            ("bad=%zz&tail=%4", [("bad", "%zz"), ("tail", "%4")]),
            ("utf8=Caf%C3%A9&flag", [("utf8", "Café"), ("flag", "")]),
            ("a=1&&b=2&", [("a", "1"), ("b", "2")]),
            ("=v&k=&k2", [("", "v"), ("k", ""), ("k2", "")]),
            // Signs are not hex digits (UInt8(_:radix:) would take them).
            ("p=%+f&q=%-0", [("p", "% f"), ("q", "%-0")]),
            ("t=a+b%2Bc", [("t", "a b+c")]),
            ("u=%C3%A9%e9", [("u", "é\u{FFFD}")]),
            ("k=v=w", [("k", "v=w")]),
            ("a=\r\n&b=1", [("a", "\r\n"), ("b", "1")]),
            // Not ASCII: split on characters, so `&` with a combining mark is no separator.
            ("&\u{301}a=1", [("&\u{301}a", "1")]),
            ("é=ü&b=%", [("é", "ü"), ("b", "%")]),
          ])
    func decodes(input: String, expected: [(String, String)]) {
        let decoded = FormEncoding.decode(input)
        #expect(decoded.map(\.0) == expected.map(\.0))
        #expect(decoded.map(\.1) == expected.map(\.1))
    }

    @Test("round trip of awkward text")
    func roundTrip() {
        let pairs = [("k", "ünïcødé 😀 +%&=?#"), ("api_key", "abc123")]
        let back = FormEncoding.decode(FormEncoding.encode(pairs))
        #expect(back.map(\.1) == pairs.map(\.1))
    }
}
