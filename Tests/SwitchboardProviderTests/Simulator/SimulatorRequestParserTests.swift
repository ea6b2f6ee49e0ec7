import NIOCore
import Switchboard
@testable import SwitchboardSimulator
import Testing

/// The simulator's own HTTP/1.1 request parser: framing (Content-Length, chunked), requests in
/// any fragments, pipelining, what is malformed, and the size limits.
@Suite struct SimulatorRequestParserTests {
    typealias Failure = SimulatorRequestParser.Failure

    /// Every request `text` holds, fed at once.
    private static func parseAll(_ text: String) throws(Failure) -> [SimulatorParsedRequest] {
        var parser = SimulatorRequestParser()
        var buffer = ByteBuffer(string: text)
        var requests: [SimulatorParsedRequest] = []
        while let request = try parser.next(&buffer) { requests.append(request) }
        return requests
    }

    /// Every request `text` holds, fed in pieces of `size` bytes.
    private static func parseInPieces(_ text: String, size: Int) throws(Failure) -> [SimulatorParsedRequest] {
        var parser = SimulatorRequestParser()
        var buffer = ByteBuffer()
        var requests: [SimulatorParsedRequest] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            buffer.writeBytes(bytes[offset..<min(bytes.count, offset + size)])
            offset += size
            while let request = try parser.next(&buffer) { requests.append(request) }
        }
        return requests
    }

    private static func failure(_ text: String) -> Failure? {
        do {
            _ = try parseAll(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func headFieldsAndContentLengthBody() throws {
        let requests = try Self.parseAll(
            "POST /sms/json?x=1&y=two+words HTTP/1.1\r\nHost: h\r\nX-Mixed-Case:  Value 1 \t\r\n"
                + "content-type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
        let parsed = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(parsed.version == .http1_1 && parsed.keepAlive && !parsed.isHead)
        let request = parsed.request
        #expect(request.method == "POST")
        #expect(request.path == "/sms/json")
        #expect(request.query.map { "\($0.0)=\($0.1)" } == ["x=1", "y=two words"])
        #expect(request.headers.map(\.name) == ["Host", "X-Mixed-Case", "content-type", "Content-Length"])
        #expect(request.headers["x-mixed-case"] == "Value 1")
        #expect(request.headers["CONTENT-TYPE"] == "text/plain")
        #expect(request.bodyText == "hello")
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let text = "POST /send HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n1 \r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
        let request = try #require(try Self.parseAll(text).first).request
        #expect(request.bodyText == "hello 0123456789")
        #expect(request.headers["x-trailer"] == nil)
    }

    @Test func anyFragmentationGivesTheSameRequests() throws {
        let text = "\r\nPOST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n2\r\n!!\r\n0\r\n\r\n"
            + "GET /c HTTP/1.0\nConnection: keep-alive\n\n"
        let whole = try Self.parseAll(text)
        #expect(whole.map(\.request.path) == ["/a", "/b", "/c"])
        #expect(whole.map(\.request.bodyText) == ["abc", "xyz!!", ""])
        #expect(whole.map(\.keepAlive) == [true, true, true])
        for size in 1...17 {
            let pieces = try Self.parseInPieces(text, size: size)
            #expect(pieces.map(\.request.path) == ["/a", "/b", "/c"], "pieces of \(size)")
            #expect(pieces.map(\.request.bodyText) == ["abc", "xyz!!", ""], "pieces of \(size)")
        }
    }

    @Test func anIncompleteRequestWaitsForMoreBytes() throws {
        var parser = SimulatorRequestParser()
        var buffer = ByteBuffer(string: "POST /a HTTP/1.1\r\nContent-Length: 4\r\n\r\nab")
        #expect(try parser.next(&buffer) == nil)
        #expect(parser.isInsideRequest)
        buffer.writeString("cdGET /next HTTP/1.1\r\n")
        #expect(try parser.next(&buffer)?.request.bodyText == "abcd")
        #expect(!parser.isInsideRequest)
        #expect(try parser.next(&buffer) == nil)
        #expect(!parser.isInsideRequest)
        #expect(buffer.readableBytes == "GET /next HTTP/1.1\r\n".utf8.count)
    }

    @Test func keepAliveFollowsConnectionAndVersion() throws {
        func keepAlive(_ version: String, _ connection: String?) throws -> Bool {
            let header = connection.map { "Connection: \($0)\r\n" } ?? ""
            return try #require(try Self.parseAll("GET / \(version)\r\n\(header)\r\n").first).keepAlive
        }
        #expect(try keepAlive("HTTP/1.1", nil))
        #expect(try !keepAlive("HTTP/1.1", "close"))
        #expect(try !keepAlive("HTTP/1.1", "Upgrade, CLOSE"))
        #expect(try !keepAlive("HTTP/1.0", nil))
        #expect(try keepAlive("HTTP/1.0", "Keep-Alive"))
        #expect(try !keepAlive("HTTP/1.0", "keep-alive, close"))
    }

    @Test func targetsInAbsoluteFormAndWithFragments() throws {
        let requests = try Self.parseAll(
            "GET http://example.com:8080/a/b%20c?x=1 HTTP/1.1\r\n\r\nGET http://example.com HTTP/1.1\r\n\r\n"
                + "GET https://example.com?q=2 HTTP/1.1\r\n\r\nGET /p#frag HTTP/1.1\r\n\r\nHEAD * HTTP/1.1\r\n\r\n")
        #expect(requests.map(\.request.path) == ["/a/b%20c", "/", "/", "/p", "*"])
        #expect(requests[0].request.query.first?.1 == "1")
        #expect(requests[2].request.query.first?.1 == "2")
        #expect(requests.map(\.isHead) == [false, false, false, false, true])
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
        "GET / HTTP/1.1\r\nName : value\r\n\r\n",
        "GET / HTTP/1.1\r\n: value\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\u{1}c\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 \r\n\r\n",
        "GET /\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET /a\u{7F} HTTP/1.1\r\n\r\n",
        "\rGET / HTTP/1.1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n",
    ])
    func malformedRequests(text: String) {
        #expect(Self.failure(text) == .malformed, "\(text.debugDescription)")
    }

    @Test func sameContentLengthTwiceIsFine() throws {
        let text = "POST / HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok"
        #expect(try Self.parseAll(text).first?.request.bodyText == "ok")
    }

    @Test func oversizedHeadsAreRefused() {
        let big = String(repeating: "a", count: SimulatorRequestParser.maxHeadBytes)
        // Complete, and still arriving (no end of the head yet).
        #expect(Self.failure("GET / HTTP/1.1\r\nX-Big: \(big)\r\n\r\n") == .headTooLarge)
        #expect(Self.failure("GET / HTTP/1.1\r\nX-Big: \(big)") == .headTooLarge)
        let trailers = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Big: \(big)\r\n\r\n"
        #expect(Self.failure(trailers) == .headTooLarge)
        // Just under the limit is fine.
        let fits = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: SimulatorRequestParser.maxHeadBytes - 25) + "\r\n\r\n"
        #expect(fits.utf8.count <= SimulatorRequestParser.maxHeadBytes)
        #expect(Self.failure(fits) == nil)
    }

    @Test func oversizedBodiesAreRefused() {
        let max = SimulatorListener.maxBodyBytes
        #expect(Self.failure("POST / HTTP/1.0\r\nContent-Length: \(max + 1)\r\n\r\n") == .bodyTooLarge(.http1_0))
        #expect(Self.failure("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") == .bodyTooLarge(.http1_1))
        let hex = String(max + 1, radix: 16)
        #expect(Self.failure("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\(hex)\r\n") == .bodyTooLarge(.http1_1))
        // Over the limit only in total.
        let half = String(max / 2 + 1, radix: 16)
        let twoChunks = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\(half)\r\n"
            + String(repeating: "x", count: max / 2 + 1) + "\r\n\(half)\r\n"
        #expect(Self.failure(twoChunks) == .bodyTooLarge(.http1_1))
    }
}
