import Foundation
import Testing
import Switchboard

@Suite("JSONNode parser")
struct JSONNodeTests {
    private func parse(_ text: String) throws(JSONNodeError) -> JSONNode { try JSONNode(parsing: Array(text.utf8)) }

    @Test("a provider answer: nested objects, arrays, numbers as literals, order kept")
    func providerAnswer() throws {
        let node = try parse("""
            {"message-count":"1","messages":[{"to":"447700900000","message-id":"0A0000000123ABCD1",
             "status":"0","remaining-balance":"3.14159265","message-price":"0.03330000"}],
             "n": -12.5e-1, "big": 12345678901234567890, "ok": true, "none": null, "empty": {}, "list": []}
            """)
        #expect(node["messages"]?[0]?["message-id"]?.string == "0A0000000123ABCD1")
        #expect(node["messages"]?[0]?["message-price"]?.scalarText.flatMap(Double.init) == 0.0333)
        #expect(node["n"]?.double == -1.25)
        #expect(node["n"]?.int == nil)
        #expect(node["big"] == .number("12345678901234567890"))
        #expect(node["ok"]?.bool == true)
        #expect(node["ok"]?.scalarText == "1")
        #expect(node["none"]?.isNull == true)
        #expect(node["empty"]?.members?.isEmpty == true)
        #expect(node["list"]?.array?.isEmpty == true)
        #expect(node["missing"] == nil)
        #expect(node.members?.map(\.key) == ["message-count", "messages", "n", "big", "ok", "none", "empty", "list"])
    }

    @Test("whole numbers read as Int however they are written")
    func integers() throws {
        #expect(try parse("3").int == 3)
        #expect(try parse("3.0").int == 3)
        #expect(try parse("3e2").int == 300)
        #expect(try parse("-7").int == -7)
        #expect(try parse("\"7\"").int == nil)
    }

    @Test("string escapes, including surrogate pairs and a lone surrogate")
    func escapes() throws {
        let node = try parse(#"["a\"b\\c\/d\n\t\r\b\f", "caf\u00e9 \ud83d\ude00", "lone \ud800 x", "raw 😀 ü"]"#)
        #expect(node[0]?.string == "a\"b\\c/d\n\t\r\u{08}\u{0C}")
        #expect(node[1]?.string == "café 😀")
        #expect(node[2]?.string == "lone \u{FFFD} x")
        #expect(node[3]?.string == "raw 😀 ü")
    }

    @Test("malformed documents fail with the byte offset",
          arguments: [
            ("", 0), ("{", 1), ("{\"a\" 1}", 5), ("[1,]", 3), ("[1 2]", 3), ("{\"a\":1,}", 7), ("01", 1),
            ("-", 1), ("1.", 2), ("tru", 0), ("\"abc", 4), ("\"a\u{01}\"", 2), ("[1] x", 4), ("\"\\x\"", 3),
            ("<html>503</html>", 0),
          ])
    func malformed(text: String, offset: Int) {
        #expect(throws: JSONNodeError.self) { try parse(text) }
        do throws(JSONNodeError) {
            _ = try parse(text)
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONNodeError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(try parse(fine).array?.count == 1)
    }

    @Test("agrees with JSONSerialization on a varied document")
    func agreesWithFoundation() throws {
        let text = #"{"a":[1,2.5,"x",{"b":null,"c":[true,false]}],"d":"\u00fc\n","e":-0.001,"f":{}}"#
        let ours = try parse(text)
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(ours["d"]?.string == theirs?["d"] as? String)
        #expect(ours["e"]?.double == (theirs?["e"] as? NSNumber)?.doubleValue)
        #expect(ours["a"]?[1]?.double == 2.5)
        #expect(ours["a"]?[3]?["c"]?[1]?.bool == false)
    }
}
