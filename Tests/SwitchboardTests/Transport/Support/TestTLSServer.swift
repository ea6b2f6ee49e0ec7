import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TLS server on 127.0.0.1 with the committed test certificate, run as a child process.
/// Startup failures throw: TLS tests fail loudly rather than skip.
final class TestTLSServer: Sendable {
    enum Kind {
        /// `openssl s_server -www`: answers every GET with an HTTP/1.0 status page (then closes
        /// the connection) that says whether the TLS session was `New` or `Reused`.
        case opensslStatusPage
        /// The same, restricted to TLS 1.2.
        case opensslStatusPageTLS12
        /// A Python `http.server` speaking HTTP/1.1 with keep-alive that echoes request bodies.
        case pythonEcho
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: UInt16
    let files: TestTLSFixtures.Files
    private let process: Mutex<Process?>

    init(_ kind: Kind = .opensslStatusPage) throws {
        let files = try TestTLSFixtures.writeToTemporaryDirectory()
        self.files = files
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        switch kind {
        case .opensslStatusPage, .opensslStatusPageTLS12:
            process.arguments =
                [
                    "openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", files.certificate,
                    "-key", files.privateKey, "-www",
                ] + (kind == .opensslStatusPageTLS12 ? ["-tls1_2"] : [])
        case .pythonEcho:
            process.arguments = ["python3", "-c", Self.pythonEchoServer, files.certificate, files.privateKey]
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not launch the \(kind) TLS server: \(error)")
        }
        let fd = output.fileHandleForReading.fileDescriptor
        guard let port = Self.readAcceptedPort(fd: fd) else {
            kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "the \(kind) TLS server did not report its port within 10 s")
        }
        self.port = port
        self.process = Mutex(process)
        // Keep draining its output so it never blocks on a full pipe. The thread reads its own
        // duplicate of the descriptor: the Pipe closes the original when it is deallocated, and
        // reading a closed-then-reused descriptor would steal another socket's bytes.
        let drain = dup(fd)
        Thread {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while read(drain, &chunk, chunk.count) > 0 {}
            close(drain)
        }.start()
    }

    deinit {
        stop()
    }

    func url(_ path: String = "/") -> String {
        "https://127.0.0.1:\(port)\(path)"
    }

    /// Kills the server. SIGKILL, because a child spawned from a Swift concurrency thread
    /// inherits that thread's blocked signal mask, so SIGTERM would stay pending forever.
    /// (`Process.waitUntilExit()` is avoided too: off the main thread it busy-spins.)
    func stop() {
        process.withLock { process in
            if let running = process, running.isRunning {
                kill(running.processIdentifier, SIGKILL)
                let deadline = Date().addingTimeInterval(5)
                while running.isRunning, Date() < deadline {
                    usleep(1000)
                }
            }
            process = nil
        }
        try? FileManager.default.removeItem(atPath: files.directory)
    }

    private static let pythonEchoServer = """
        import http.server, ssl, sys
        class Echo(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def answer(self, body):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def do_POST(self):
                self.answer(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            def do_GET(self):
                self.answer(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print("ACCEPT 127.0.0.1:%d" % server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// Reads lines until `ACCEPT 127.0.0.1:<port>`.
    private static func readAcceptedPort(fd: Int32) -> UInt16? {
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        var byte: UInt8 = 0
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            guard read(fd, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") {
                if text.hasPrefix("ACCEPT"), let colon = text.lastIndex(of: ":") {
                    return UInt16(text[text.index(after: colon)...])
                }
                text = ""
            } else {
                text.append(Character(UnicodeScalar(byte)))
            }
        }
        return nil
    }
}
