import Testing
import Switchboard

@Suite("Transport HTTPHeaders")
struct TransportHeadersTests {
    @Test func lookupIsCaseInsensitiveAndKeepsOrder() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "Set-Cookie": "a=1"]
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers.contains("Set-cookie"))
        #expect(headers["X-Missing"] == nil)
        #expect(headers.map(\.name) == ["Content-Type", "Set-Cookie", "set-cookie"])
        headers.replaceOrAdd(name: "SET-COOKIE", value: "c=3")
        #expect(headers.values(for: "set-cookie") == ["c=3"])
        headers.remove("content-type")
        #expect(headers.count == 1)
    }

    @Test func nonASCIINamesDoNotMatchByCaseFolding() {
        let headers: HTTPHeaders = ["Straße": "1"]
        #expect(headers["STRASSE"] == nil)
        #expect(headers["straße"] == "1")
    }

    @Test func errorClassificationHelpers() {
        #expect(!HTTPTransportError.notSent(reason: "x").mayHaveBeenSent)
        #expect(!HTTPTransportError.invalidRequest(reason: "x").mayHaveBeenSent)
        #expect(HTTPTransportError.ambiguous(reason: "x").mayHaveBeenSent)
        #expect(HTTPTransportError.cancelled.mayHaveBeenSent)
    }
}
