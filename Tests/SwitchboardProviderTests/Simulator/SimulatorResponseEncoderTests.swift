import NIOCore
import NIOEmbedded
import NIOHTTP1
import Switchboard
@testable import SwitchboardSimulator
import Testing

/// The simulator writes each answer as one buffer; the bytes are those its NIOHTTP1 listener
/// wrote (the old answer path — header filter, Content-Length, Connection — through
/// `HTTPResponseEncoder`), for every status code, both versions, keep-alive or not.
@Suite struct SimulatorResponseEncoderTests {
    /// The old listener's answer for `response`, through NIOHTTP1's encoder.
    private static func nioBytes(_ response: SimulatorResponse, version: SimulatorHTTPVersion, close: Bool) throws
        -> [UInt8]
    {
        let nioVersion: HTTPVersion = version == .http1_1 ? .http1_1 : .http1_0
        var headers = NIOHTTP1.HTTPHeaders()
        for (name, value) in response.headers {
            guard Switchboard.HTTPHeaders.isToken(name), !SimulatorResponseEncoder.isFraming(name) else { continue }
            headers.add(name: name, value: SimulatorResponseEncoder.legalized(value))
        }
        headers.add(name: "Content-Length", value: String(response.body.count))
        if close {
            if version == .http1_1 { headers.add(name: "Connection", value: "close") }
        } else if version == .http1_0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let channel = EmbeddedChannel(handler: HTTPResponseEncoder())
        let head = HTTPResponseHead(version: nioVersion, status: HTTPResponseStatus(statusCode: response.status),
                                    headers: headers)
        try channel.writeOutbound(HTTPServerResponsePart.head(head))
        if !response.body.isEmpty {
            try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: response.body))))
        }
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        var bytes: [UInt8] = []
        while let part = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = part else { continue }
            bytes += buffer.readableBytesView
        }
        _ = try channel.finish()
        return bytes
    }

    private static func encoded(_ response: SimulatorResponse, version: SimulatorHTTPVersion, close: Bool,
                                isHead: Bool = false) -> [UInt8] {
        let buffer = SimulatorResponseEncoder.encode(response, version: version, close: close, isHead: isHead,
                                                     allocator: ByteBufferAllocator())
        return Array(buffer.readableBytesView)
    }

    private static let headers = [
        ("Content-Type", "application/json"), ("Retry-After", "2"), ("X-Padded", " \tpadded\t "),
        ("X-Controls", "a\r\nInjected: 1\u{0}b\u{7F}"), ("Bad Name", "dropped"), ("", "dropped"),
        ("content-length", "999"), ("Transfer-Encoding", "chunked"), ("X-Empty", ""), ("X-Unicode", "é😀"),
    ]

    @Test func sameBytesAsNIOHTTP1ForEveryStatus() throws {
        for status in 100...599 {
            // 1xx, 204 and 304 carry no body (the new encoder does not send one a responder gave).
            let noBody = (100..<200).contains(status) || status == 204 || status == 304
            let response = SimulatorResponse(status: status, headers: Self.headers,
                                             body: noBody ? [] : Array(#"{"ok":true}"#.utf8))
            for version in [SimulatorHTTPVersion.http1_0, .http1_1] {
                for close in [false, true] {
                    let expected = try Self.nioBytes(response, version: version, close: close)
                    let actual = Self.encoded(response, version: version, close: close)
                    let shown = String(decoding: actual, as: UTF8.self) + "\nvs\n" + String(decoding: expected, as: UTF8.self)
                    #expect(actual == expected, "\(status) \(version) close=\(close):\n\(shown)")
                }
            }
        }
    }

    @Test func exactBytesOfATypicalAnswer() {
        let response = SimulatorResponse.json(429, #"{"e":1}"#, headers: [("Retry-After", "2"), ("X-Bad", "a\r\nb ")])
        #expect(String(decoding: Self.encoded(response, version: .http1_1, close: false), as: UTF8.self)
            == "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 2\r\nX-Bad: a  b\r\n"
            + "Content-Length: 7\r\n\r\n{\"e\":1}")
        #expect(String(decoding: Self.encoded(.json(200, "{}"), version: .http1_0, close: true), as: UTF8.self)
            == "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func headAnswersKeepTheLengthAndDropTheBody() {
        let response = SimulatorResponse.json(200, #"{"balance":1}"#)
        let full = Self.encoded(response, version: .http1_1, close: false)
        let head = Self.encoded(response, version: .http1_1, close: false, isHead: true)
        #expect(head + Array(#"{"balance":1}"#.utf8) == full)
        #expect(String(decoding: head, as: UTF8.self).contains("Content-Length: 13\r\n"))
    }

    @Test func noContentAnswersHaveNoLengthAndNoBody() {
        let response = SimulatorResponse(status: 204, headers: [("X-A", "1")], body: Array("ignored".utf8))
        #expect(String(decoding: Self.encoded(response, version: .http1_1, close: false), as: UTF8.self)
            == "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n")
    }
}
