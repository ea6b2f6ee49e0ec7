import NIOCore

/// The simulator's HTTP/1.1 request parser: reads requests off a connection's bytes one at a
/// time, as they arrive in any fragments. The head is parsed once it is complete; the body is
/// read by `Content-Length` or as `Transfer-Encoding: chunked` (chunk extensions and trailer
/// fields are read and dropped).
///
/// Limits: a head (request line and header fields) over ``maxHeadBytes`` is
/// ``Failure/headTooLarge``, as is a trailer section over it; a body over
/// ``SimulatorListener/maxBodyBytes`` is ``Failure/bodyTooLarge(_:)`` — for Content-Length as
/// soon as the head is read.
struct SimulatorRequestParser {
    /// Why a connection's bytes are not a request the simulator can answer. Each ends the
    /// connection after its answer.
    enum Failure: Error, Equatable {
        /// Not HTTP/1.x as RFC 9112 frames it (400).
        case malformed
        /// The head, or the trailer section, is over ``SimulatorRequestParser/maxHeadBytes`` (431).
        case headTooLarge
        /// The body is over ``SimulatorListener/maxBodyBytes`` (413, in the request's version).
        case bodyTooLarge(SimulatorHTTPVersion)
    }

    /// Largest head (request line and header section, line ends included) the simulator reads.
    static let maxHeadBytes = 64 << 10
    /// Longest chunk-size line (size, extensions) accepted.
    private static let maxChunkLine = 4096

    private enum Phase {
        case head
        case length(Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers
    }

    private var phase = Phase.head
    /// Where the search for the end of the head resumes (bytes before it hold no end).
    private var scanned = 0
    /// The head of the request whose body is being read.
    private var head: SimulatorRequestHead?
    /// A chunked body so far.
    private var chunks: [UInt8] = []
    private var trailerBytes = 0

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Whether a request's head was read and its body is still coming.
    var isInsideRequest: Bool { head != nil }

    /// The next complete request at the front of `buffer` (its bytes consumed), or nil when more
    /// bytes are needed (what was read so far is kept, here or in `buffer`).
    mutating func next(_ buffer: inout ByteBuffer) throws(Failure) -> SimulatorParsedRequest? {
        while true {
            switch phase {
            case .head:
                guard skipEmptyLines(&buffer), let length = headLength(buffer) else {
                    if buffer.readableBytes > Self.maxHeadBytes { throw .headTooLarge }
                    return nil
                }
                guard length <= Self.maxHeadBytes else { throw .headTooLarge }
                let parsed = buffer.withUnsafeReadableBytes {
                    SimulatorRequestHead.parse(UnsafeRawBufferPointer(rebasing: $0[..<length]))
                }
                let head = try parsed.get()
                buffer.moveReaderIndex(forwardBy: length)
                scanned = 0
                switch head.framing {
                case .none:
                    return Self.complete(head, body: [])
                case .length(let count):
                    guard count <= SimulatorListener.maxBodyBytes else { throw .bodyTooLarge(head.version) }
                    self.head = head
                    phase = .length(count)
                case .chunked:
                    self.head = head
                    phase = .chunkSize
                }
            case .length(let count):
                guard buffer.readableBytes >= count, let head else { return nil }
                let body = buffer.readBytes(length: count) ?? []
                return finish(head, body: body)
            case .chunkSize:
                guard let size = try chunkSize(&buffer) else { return nil }
                if size == 0 {
                    phase = .trailers
                } else {
                    guard size <= SimulatorListener.maxBodyBytes - chunks.count else {
                        throw .bodyTooLarge(head?.version ?? .http1_1)
                    }
                    phase = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let count = min(remaining, buffer.readableBytes)
                guard count > 0 else { return nil }
                buffer.readWithUnsafeReadableBytes { bytes in
                    chunks.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<count]))
                    return count
                }
                phase = count == remaining ? .chunkEnd : .chunkData(remaining: remaining - count)
            case .chunkEnd:
                guard let end = try lineEnd(buffer) else { return nil }
                buffer.moveReaderIndex(forwardBy: end)
                phase = .chunkSize
            case .trailers:
                guard let (line, end) = line(buffer) else {
                    if trailerBytes + buffer.readableBytes > Self.maxHeadBytes { throw .headTooLarge }
                    return nil
                }
                buffer.moveReaderIndex(forwardBy: end)
                if line == 0, let head {
                    let body = chunks
                    chunks = []
                    return finish(head, body: body)
                }
                trailerBytes += end
                if trailerBytes > Self.maxHeadBytes { throw .headTooLarge }
            }
        }
    }

    private mutating func finish(_ head: SimulatorRequestHead, body: [UInt8]) -> SimulatorParsedRequest {
        self.head = nil
        phase = .head
        trailerBytes = 0
        return Self.complete(head, body: body)
    }

    private static func complete(_ head: SimulatorRequestHead, body: [UInt8]) -> SimulatorParsedRequest {
        SimulatorParsedRequest(request: head.request(body: body), version: head.version, keepAlive: head.keepAlive,
                               isHead: head.method == "HEAD")
    }

    /// Drops empty lines before a request line (RFC 9112 §2.2: some clients send a CRLF after
    /// a body). False when a lone CR leaves it undecided.
    private mutating func skipEmptyLines(_ buffer: inout ByteBuffer) -> Bool {
        guard scanned == 0 else { return true }
        while let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) {
            if first == Self.lf {
                buffer.moveReaderIndex(forwardBy: 1)
            } else if first == Self.cr {
                guard let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else { return false }
                guard second == Self.lf else { return true }  // malformed: the head parser says so
                buffer.moveReaderIndex(forwardBy: 2)
            } else {
                return true
            }
        }
        return true
    }

    /// The head's length through the empty line that ends it, or nil when that line has not
    /// arrived yet.
    private mutating func headLength(_ buffer: ByteBuffer) -> Int? {
        let (length, resume) = buffer.withUnsafeReadableBytes { bytes -> (Int?, Int) in
            var index = scanned
            while index < bytes.count {
                guard bytes[index] == Self.lf else {
                    index += 1
                    continue
                }
                let next = index + 1
                if next == bytes.count { return (nil, index) }
                if bytes[next] == Self.lf { return (next + 1, 0) }
                if bytes[next] == Self.cr {
                    if next + 1 == bytes.count { return (nil, index) }
                    if bytes[next + 1] == Self.lf { return (next + 2, 0) }
                }
                index = next
            }
            return (nil, index)
        }
        scanned = resume
        return length
    }

    /// A chunk-size line (`HEX [; extensions]`) at the front of `buffer`, consumed; nil when it
    /// has not fully arrived.
    private func chunkSize(_ buffer: inout ByteBuffer) throws(Failure) -> Int? {
        guard let (line, end) = line(buffer) else {
            if buffer.readableBytes > Self.maxChunkLine { throw .malformed }
            return nil
        }
        guard line <= Self.maxChunkLine else { throw .malformed }
        let size = buffer.withUnsafeReadableBytes { bytes -> Int? in
            var size = 0
            var index = 0
            while index < line, let digit = Self.hexValue(bytes[index]) {
                guard size <= (Int.max - 15) / 16 else { return nil }
                size = size * 16 + digit
                index += 1
            }
            guard index > 0 else { return nil }
            while index < line && (bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")) { index += 1 }
            guard index == line || bytes[index] == UInt8(ascii: ";") else { return nil }
            return size
        }
        guard let size else { throw .malformed }
        buffer.moveReaderIndex(forwardBy: end)
        return size
    }

    /// The first line in `buffer`: its length without the line end, and with it; nil when no
    /// line end has arrived.
    private func line(_ buffer: ByteBuffer) -> (line: Int, end: Int)? {
        buffer.withUnsafeReadableBytes { bytes in
            guard let lf = bytes.firstIndex(of: Self.lf) else { return nil }
            return (lf > 0 && bytes[lf - 1] == Self.cr ? lf - 1 : lf, lf + 1)
        }
    }

    /// The length of the line end (CRLF or LF) at the front of `buffer`; nil when it has not
    /// arrived.
    private func lineEnd(_ buffer: ByteBuffer) throws(Failure) -> Int? {
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        if first == Self.lf { return 1 }
        guard first == Self.cr else { throw .malformed }
        guard let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else { return nil }
        guard second == Self.lf else { throw .malformed }
        return 2
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
