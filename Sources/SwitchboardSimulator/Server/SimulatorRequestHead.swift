import Switchboard

/// A request's head (request line and header section) as the simulator's HTTP/1.1 codec reads
/// it: names as the client wrote them, values without surrounding whitespace, and the body
/// framing the headers ask for.
struct SimulatorRequestHead {
    /// How the request's body is delimited.
    enum Framing: Equatable {
        /// No body (neither Content-Length nor Transfer-Encoding).
        case none
        /// `Content-Length` bytes.
        case length(Int)
        /// `Transfer-Encoding: chunked`.
        case chunked
    }

    var method: String
    /// The request target as sent (origin or absolute form).
    var target: String
    var version: SimulatorHTTPVersion
    var headers: HTTPHeaders
    var keepAlive: Bool
    var framing: Framing

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    /// Parses a head: `bytes` runs from the request line through the empty line that ends the
    /// header section. Lines end in CRLF (a bare LF is accepted too, RFC 9112 §2.2).
    ///
    /// Malformed: a request line that is not `token SP target SP HTTP/1.x`, a field line without
    /// a token name and a colon (so also obsolete line folding), control characters in a value,
    /// a Content-Length that is not digits or disagrees with another, a Transfer-Encoding other
    /// than `chunked`, or both framing headers at once. A Content-Length over
    /// ``SimulatorListener/maxBodyBytes`` is read as maxBodyBytes + 1 (the caller answers 413).
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<SimulatorRequestHead, SimulatorRequestParser.Failure> {
        var lineStart = 0
        /// The next line without its line end; nil at the end of `bytes`.
        func nextLine() -> Range<Int>? {
            guard lineStart < bytes.count else { return nil }
            var end = lineStart
            while end < bytes.count && bytes[end] != lf { end += 1 }
            let line = lineStart..<(end > lineStart && bytes[end - 1] == cr ? end - 1 : end)
            lineStart = end + 1
            return line
        }
        guard let requestLine = nextLine(),
              let (method, target, version) = parseRequestLine(bytes, requestLine)
        else { return .failure(.malformed) }

        var headers = HTTPHeaders()
        headers.reserveCapacity(12)
        var length: Int?
        var chunked = false
        var close = false
        var keepAlive = false
        while let line = nextLine(), !line.isEmpty {
            var colon = line.lowerBound
            while colon < line.upperBound && bytes[colon] != UInt8(ascii: ":") {
                guard isTokenByte(bytes[colon]) else { return .failure(.malformed) }
                colon += 1
            }
            guard colon < line.upperBound, colon > line.lowerBound else { return .failure(.malformed) }
            var valueStart = colon + 1
            var valueEnd = line.upperBound
            while valueStart < valueEnd && (bytes[valueStart] == space || bytes[valueStart] == tab) { valueStart += 1 }
            while valueEnd > valueStart && (bytes[valueEnd - 1] == space || bytes[valueEnd - 1] == tab) { valueEnd -= 1 }
            for index in valueStart..<valueEnd {
                let byte = bytes[index]
                guard byte == tab || (byte >= space && byte != 0x7F) else { return .failure(.malformed) }
            }
            let name = line.lowerBound..<colon
            let value = valueStart..<valueEnd
            switch name.count {
            case 14 where equalsLowercased(bytes, name, "content-length"):
                guard let parsed = contentLength(bytes, value), length == nil || length == parsed else {
                    return .failure(.malformed)
                }
                length = parsed
            case 17 where equalsLowercased(bytes, name, "transfer-encoding"):
                guard !chunked, equalsLowercased(bytes, value, "chunked") else { return .failure(.malformed) }
                chunked = true
            case 10 where equalsLowercased(bytes, name, "connection"):
                connectionTokens(bytes, value, close: &close, keepAlive: &keepAlive)
            default:
                break
            }
            headers.add(name: string(bytes, name), value: string(bytes, value))
        }
        if chunked && length != nil { return .failure(.malformed) }
        let framing: Framing = chunked ? .chunked : length.map { .length($0) } ?? .none
        // As NIOHTTP1's `isKeepAlive`: `close` wins; neither token means the version's default.
        let persistent = close ? false : keepAlive ? true : version == .http1_1
        return .success(SimulatorRequestHead(method: method, target: target, version: version, headers: headers,
                                             keepAlive: persistent, framing: framing))
    }

    /// `method SP request-target SP HTTP-version`, or nil.
    private static func parseRequestLine(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>)
        -> (String, String, SimulatorHTTPVersion)?
    {
        var methodEnd = line.lowerBound
        while methodEnd < line.upperBound && bytes[methodEnd] != space {
            guard isTokenByte(bytes[methodEnd]) else { return nil }
            methodEnd += 1
        }
        guard methodEnd > line.lowerBound, methodEnd < line.upperBound else { return nil }
        var targetEnd = methodEnd + 1
        while targetEnd < line.upperBound && bytes[targetEnd] != space {
            // No controls, no whitespace; bytes ≥ 0x80 pass (clients should percent-encode them).
            guard bytes[targetEnd] > space && bytes[targetEnd] != 0x7F else { return nil }
            targetEnd += 1
        }
        guard targetEnd > methodEnd + 1, targetEnd < line.upperBound else { return nil }
        let version = (targetEnd + 1)..<line.upperBound
        guard version.count == 8,
              UnsafeRawBufferPointer(rebasing: bytes[version.lowerBound..<(version.lowerBound + 7)])
                .elementsEqual("HTTP/1.".utf8)
        else { return nil }
        let minor: SimulatorHTTPVersion
        switch bytes[version.upperBound - 1] {
        case UInt8(ascii: "1"): minor = .http1_1
        case UInt8(ascii: "0"): minor = .http1_0
        default: return nil
        }
        return (string(bytes, line.lowerBound..<methodEnd), string(bytes, (methodEnd + 1)..<targetEnd), minor)
    }

    /// A Content-Length value: digits only. Values over ``SimulatorListener/maxBodyBytes``
    /// come back as maxBodyBytes + 1.
    private static func contentLength(_ bytes: UnsafeRawBufferPointer, _ value: Range<Int>) -> Int? {
        guard !value.isEmpty else { return nil }
        let cap = SimulatorListener.maxBodyBytes + 1
        var result = 0
        for index in value {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            result = min(cap, result * 10 + Int(digit))
        }
        return result
    }

    /// Notes the `close` and `keep-alive` tokens of a Connection value (a comma-separated list).
    private static func connectionTokens(_ bytes: UnsafeRawBufferPointer, _ value: Range<Int>,
                                         close: inout Bool, keepAlive: inout Bool) {
        var start = value.lowerBound
        while start < value.upperBound {
            var end = start
            while end < value.upperBound && bytes[end] != UInt8(ascii: ",") { end += 1 }
            var lower = start
            var upper = end
            while lower < upper && (bytes[lower] == space || bytes[lower] == tab) { lower += 1 }
            while upper > lower && (bytes[upper - 1] == space || bytes[upper - 1] == tab) { upper -= 1 }
            if equalsLowercased(bytes, lower..<upper, "close") {
                close = true
            } else if equalsLowercased(bytes, lower..<upper, "keep-alive") {
                keepAlive = true
            }
            start = end + 1
        }
    }

    /// Whether `bytes[range]` is `lowercase` ignoring ASCII case (`lowercase` must be lowercase).
    private static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>,
                                         _ lowercase: StaticString) -> Bool {
        guard range.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for (offset, index) in range.enumerated() {
            let byte = bytes[index]
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            guard lower == expected[offset] else { return false }
        }
        return true
    }

    private static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// The simulator's view of the request: raw path (as sent, without query or fragment; the
    /// scheme and authority of an absolute-form target dropped), the query's form fields, the
    /// headers, the body bytes.
    func request(body: [UInt8]) -> SimulatorRequest {
        let utf8 = target.utf8
        var start = utf8.startIndex
        if utf8.first != UInt8(ascii: "/"), let scheme = target.range(of: "://") {
            // Absolute form: drop scheme and authority.
            let rest = utf8[scheme.upperBound...]
            start = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) ?? rest.endIndex
        }
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "#")) ?? utf8.endIndex
        var pathEnd = end
        var query: [(String, String)] = []
        if let mark = utf8[start..<end].firstIndex(of: UInt8(ascii: "?")) {
            pathEnd = mark
            query = FormEncoding.decode(String(target[utf8.index(after: mark)..<end]))
        }
        let path = start == pathEnd ? "/" : start == utf8.startIndex && pathEnd == utf8.endIndex
            ? target : String(target[start..<pathEnd])
        return SimulatorRequest(method: method, path: path, query: query, headers: headers, body: body)
    }
}
