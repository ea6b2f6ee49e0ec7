import NIOCore

/// Writes a simulator answer as one buffer: status line, the responder's header fields (names
/// that are tokens, framing headers dropped, values legalised), `Content-Length`, the
/// `Connection` header the framing needs, the body.
///
/// The bytes are those NIOHTTP1's `HTTPResponseEncoder` wrote for the same answer, with one
/// deliberate exception: for 1xx, 204 and 304 (no Content-Length, as there) a responder's body
/// is not sent either.
enum SimulatorResponseEncoder {
    /// The answer to a request in `version`; `close` says the connection closes after it,
    /// `isHead` leaves the body out (its Content-Length stays).
    static func encode(_ response: SimulatorResponse, version: SimulatorHTTPVersion, close: Bool, isHead: Bool,
                       allocator: ByteBufferAllocator) -> ByteBuffer {
        let status = response.status
        let mayHaveBody = !(100..<200).contains(status) && status != 204 && status != 304
        var capacity = 64 + response.body.count
        for (name, value) in response.headers { capacity += name.utf8.count + value.utf8.count + 4 }
        var buffer = allocator.buffer(capacity: capacity)
        buffer.writeStaticString(version == .http1_1 ? "HTTP/1.1 " : "HTTP/1.0 ")
        writeDecimal(status, to: &buffer)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeStaticString(HTTPReasonPhrase.phrase(status))
        buffer.writeStaticString("\r\n")
        for (name, value) in response.headers where isToken(name) && !isFraming(name) {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(isLegal(value) ? value : legalized(value))
            buffer.writeStaticString("\r\n")
        }
        if mayHaveBody {
            buffer.writeStaticString("Content-Length: ")
            writeDecimal(response.body.count, to: &buffer)
            buffer.writeStaticString("\r\n")
        }
        if close {
            if version == .http1_1 { buffer.writeStaticString("Connection: close\r\n") }
        } else if version == .http1_0 {
            buffer.writeStaticString("Connection: keep-alive\r\n")
        }
        buffer.writeStaticString("\r\n")
        if mayHaveBody && !isHead { buffer.writeBytes(response.body) }
        return buffer
    }

    /// Whether `name` is an RFC 9110 token (what `HTTPHeaders.isToken` says, byte by byte).
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(SimulatorRequestHead.isTokenByte)
    }

    /// The listener frames bodies itself.
    static func isFraming(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.count == 14 || utf8.count == 17 else { return false }
        let lower = utf8.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return lower.elementsEqual("content-length".utf8) || lower.elementsEqual("transfer-encoding".utf8)
    }

    /// Whether a field value can be written as it is: no control characters but HTAB, no
    /// surrounding whitespace.
    private static func isLegal(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard let first = utf8.first, let last = utf8.last else { return true }
        return first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09
            && utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }

    /// A field value with control characters (CR, LF, NUL, …; not HTAB) turned into spaces and
    /// surrounding whitespace trimmed, as swift-http-types legalises values.
    static func legalized(_ value: String) -> String {
        if isLegal(value) { return value }
        let bytes = value.utf8.map { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) ? $0 : 0x20 }
        let trimmed = bytes.drop(while: { $0 == 0x20 || $0 == 0x09 }).reversed().drop(while: { $0 == 0x20 || $0 == 0x09 })
        return String(decoding: trimmed.reversed(), as: UTF8.self)
    }

    /// Writes a non-negative integer in decimal (a negative one with its sign).
    private static func writeDecimal(_ value: Int, to buffer: inout ByteBuffer) {
        guard value >= 0 else {
            buffer.writeString(String(value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 digits, more than Int needs
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                count += 1
                scratch[scratch.count - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: scratch[(scratch.count - count)...]))
        }
    }
}
