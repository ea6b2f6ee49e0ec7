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
        let phrase = HTTPReasonPhrase.phrase(status)
        // Every byte written has room: status line (a decimal is at most 20 characters),
        // each field (a legalised value is never longer), Content-Length, Connection, the
        // empty line, the body.
        var capacity = 9 + 20 + 1 + phrase.withUTF8Buffer { $0.count } + 2 + 16 + 20 + 2 + 24 + 2 + response.body.count
        for (name, value) in response.headers { capacity += name.utf8.count + value.utf8.count + 4 }
        var buffer = allocator.buffer(capacity: capacity)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { memory in
            var out = RawWriter(memory)
            out.write(version == .http1_1 ? "HTTP/1.1 " : "HTTP/1.0 ")
            out.write(decimal: status)
            out.write(byte: UInt8(ascii: " "))
            out.write(phrase)
            out.write("\r\n")
            for (name, value) in response.headers where isToken(name) && !isFraming(name) {
                out.write(name)
                out.write(": ")
                out.write(isLegal(value) ? value : legalized(value))
                out.write("\r\n")
            }
            if mayHaveBody {
                out.write("Content-Length: ")
                out.write(decimal: response.body.count)
                out.write("\r\n")
            }
            if close {
                if version == .http1_1 { out.write("Connection: close\r\n") }
            } else if version == .http1_0 {
                out.write("Connection: keep-alive\r\n")
            }
            out.write("\r\n")
            if mayHaveBody && !isHead { out.write(response.body) }
            precondition(out.offset <= memory.count, "SimulatorResponseEncoder: answer larger than its capacity")
            return out.offset
        }
        return buffer
    }

    /// Writes bytes one after another into memory sized for them beforehand (the caller
    /// checks the total).
    private struct RawWriter {
        let memory: UnsafeMutableRawBufferPointer
        var offset = 0

        init(_ memory: UnsafeMutableRawBufferPointer) { self.memory = memory }

        mutating func write(byte: UInt8) {
            memory[offset] = byte
            offset += 1
        }

        mutating func write(_ text: StaticString) {
            text.withUTF8Buffer { write(UnsafeRawBufferPointer($0)) }
        }

        mutating func write(_ text: String) {
            var text = text
            text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
        }

        mutating func write(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { write($0) }
        }

        mutating func write(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            precondition(offset + bytes.count <= memory.count, "SimulatorResponseEncoder: answer larger than its capacity")
            (memory.baseAddress! + offset).copyMemory(from: base, byteCount: bytes.count)
            offset += bytes.count
        }

        /// An integer in decimal (a negative one with its sign).
        mutating func write(decimal value: Int) {
            if value < 0 { write(byte: UInt8(ascii: "-")) }
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: more than 20 digits
            var count = 0
            var rest = value.magnitude
            withUnsafeMutableBytes(of: &digits) { scratch in
                repeat {
                    count += 1
                    scratch[scratch.count - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                } while rest > 0
                write(UnsafeRawBufferPointer(rebasing: scratch[(scratch.count - count)...]))
            }
        }
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
}
