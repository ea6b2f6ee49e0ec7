import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny blocking HTTP/1.1 server on 127.0.0.1 (one thread per connection) whose answer to
/// every request is scripted, including misbehaviour: close without answering, reset, hang.
final class TestHTTPServer: Sendable {
    /// A request as the server received it.
    struct Received: Sendable {
        var method: String
        var path: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// 0-based number of the TCP connection it arrived on.
        var connection: Int
        /// 0-based position on that connection.
        var indexOnConnection: Int

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// What to do after reading a request.
    enum Action: Sendable {
        /// Answer (keep-alive unless `close`).
        case respond(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], close: Bool = false)
        /// Close the connection without answering (FIN).
        case closeWithoutAnswer
        /// Reset the connection without answering (RST).
        case reset
        /// Never answer; keep the connection open until the client or `stop()` closes it.
        case hang
        /// Wait until `gate` opens, then do `then`.
        indirect case wait(TestGate, then: Action)
    }

    typealias Handler = @Sendable (Received) -> Action

    private struct State {
        var received: [Received] = []
        var connections = 0
        var openSockets: Set<Int32> = []
        var stopped = false
    }

    let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex(State())

    /// Starts listening on an ephemeral port of 127.0.0.1.
    init(handler: @escaping Handler = { _ in .respond(body: Array("ok".utf8)) }) throws {
        let fd = try TestSockets.listeningSocket(backlog: 128)
        listener = fd
        port = try TestSockets.localPort(of: fd)
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "test-http-accept"
        thread.start()
    }

    deinit {
        stop()
    }

    func url(_ path: String = "/") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Every request read so far, in arrival order.
    var received: [Received] { state.withLock { $0.received } }
    var requestCount: Int { state.withLock { $0.received.count } }
    var connectionCount: Int { state.withLock { $0.connections } }

    /// Closes the listener and every connection. Sockets are shut down under the lock, and
    /// connection threads close their socket under the same lock, so a descriptor number that
    /// was closed and reused elsewhere in the process is never touched.
    func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            Glibc.shutdown(listener, Int32(SHUT_RDWR))
            for socket in state.openSockets {
                Glibc.shutdown(socket, Int32(SHUT_RDWR))
            }
        }
    }

    /// Runs until `stop()`; only then closes the listener (so `stop()` never shuts down a
    /// recycled descriptor).
    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if state.withLock({ $0.stopped }) { return }
                if errno != EINTR { usleep(1000) }  // e.g. ECONNABORTED: keep serving
                continue
            }
            let number = state.withLock { state -> Int? in
                guard !state.stopped else { return nil }
                state.openSockets.insert(client)
                state.connections += 1
                return state.connections - 1
            }
            guard let number else {
                close(client)
                return
            }
            let thread = Thread { [self] in serve(client, connection: number) }
            thread.name = "test-http-conn"
            thread.start()
        }
    }

    private func serve(_ socket: Int32, connection: Int) {
        var reader = TestSocketReader(socket: socket)
        var index = 0
        var resetOnClose = false
        defer {
            if resetOnClose {
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            }
            state.withLock { state in
                state.openSockets.remove(socket)
                close(socket)
            }
        }
        while let head = reader.readHead() {
            var request = Self.parse(head: head, connection: connection, index: index)
            let length = Int(request.header("Content-Length") ?? "0") ?? 0
            guard let body = reader.read(count: length) else { return }
            request.body = body
            index += 1
            state.withLock { $0.received.append(request) }

            var action = handler(request)
            while case .wait(let gate, let then) = action {
                gate.wait()
                action = then
            }
            switch action {
            case .respond(let status, let headers, var body, let closeAfter):
                if request.method == "HEAD" { body = [] }
                var text = "HTTP/1.1 \(status) Status\r\nContent-Length: \(body.count)\r\n"
                for (name, value) in headers { text += "\(name): \(value)\r\n" }
                if closeAfter { text += "Connection: close\r\n" }
                text += "\r\n"
                guard TestSockets.writeAll(socket, Array(text.utf8) + body), !closeAfter else { return }
            case .closeWithoutAnswer:
                return
            case .reset:
                resetOnClose = true
                return
            case .hang:
                reader.drainUntilClosed()
                return
            case .wait:
                return
            }
        }
    }

    private static func parse(head: [UInt8], connection: Int, index: Int) -> Received {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        var headers: [(String, String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return Received(
            method: requestLine.count > 0 ? String(requestLine[0]) : "",
            path: requestLine.count > 1 ? String(requestLine[1]) : "",
            headers: headers.map { (name: $0.0, value: $0.1) },
            body: [],
            connection: connection,
            indexOnConnection: index
        )
    }
}

/// A one-shot latch a server action can wait on.
final class TestGate: Sendable {
    private let isOpen = Mutex(false)

    func open() {
        isOpen.withLock { $0 = true }
    }

    func wait() {
        while !isOpen.withLock({ $0 }) {
            usleep(1000)
        }
    }
}

/// Buffered reads of HTTP request heads and bodies from a blocking socket.
struct TestSocketReader {
    let socket: Int32
    private var buffer: [UInt8] = []

    init(socket: Int32) {
        self.socket = socket
    }

    /// Reads up to and including the blank line; `nil` on EOF/error.
    mutating func readHead() -> [UInt8]? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let range = buffer.firstRange(of: terminator) {
                let head = Array(buffer[..<range.lowerBound])
                buffer.removeSubrange(..<range.upperBound)
                return head
            }
            guard fill() else { return nil }
        }
    }

    mutating func read(count: Int) -> [UInt8]? {
        while buffer.count < count {
            guard fill() else { return nil }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return bytes
    }

    /// Blocks until the peer closes (or the socket is shut down).
    mutating func drainUntilClosed() {
        while fill() { buffer.removeAll() }
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if n < 0, errno == EINTR { return true }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[..<n])
        return true
    }
}

enum TestSockets {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A TCP socket listening on 127.0.0.1 with an ephemeral port.
    static func listeningSocket(backlog: Int32) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, backlog) == 0 else {
            close(fd)
            throw Failure(description: "bind/listen: \(errno)")
        }
        return fd
    }

    static func localPort(of fd: Int32) throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw Failure(description: "getsockname: \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// A port on which nothing listens (bound, then closed).
    static func closedPort() throws -> UInt16 {
        let fd = try listeningSocket(backlog: 1)
        let port = try localPort(of: fd)
        close(fd)
        return port
    }

    /// A listener with `backlog 0` that never accepts, whose accept queue has been filled so
    /// that further SYNs are dropped: connecting to it times out instead of being refused.
    final class FullBacklogListener: Sendable {
        let port: UInt16
        private let sockets: [Int32]

        init() throws {
            let listener = try TestSockets.listeningSocket(backlog: 0)
            port = try TestSockets.localPort(of: listener)
            var sockets = [listener]
            // Connect until a connection attempt stays pending: then the queue is full.
            for _ in 0..<64 {
                let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
                guard client >= 0 else { break }
                sockets.append(client)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = port.bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                _ = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                var poller = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
                if poll(&poller, 1, 200) == 0 {
                    self.sockets = sockets
                    return
                }
            }
            for fd in sockets { close(fd) }
            throw Failure(description: "could not fill the accept queue of a backlog-0 listener")
        }

        deinit {
            for fd in sockets { close(fd) }
        }
    }
}
