import Testing
import Switchboard

/// HTTPS against `openssl s_server` with the committed test certificate. These tests fail
/// (never skip) when TLS does not work.
@Suite("CurlTransport TLS")
struct CurlTransportTLSTests {
    @Test func httpsRequestsSucceedAndReuseTheTLSSession() async throws {
        let server = try TestTLSServer()
        defer { server.stop() }
        let configuration = CurlTransport.Configuration(caBundlePath: server.files.certificate)
        try await withTransport(configuration) { transport in
            var sessions: [String] = []
            for _ in 0..<4 {
                // s_server -www closes the connection after each answer: every request makes
                // a new TLS (1.3) connection, which resumes the cached session.
                let response = try await transport.send(HTTPRequest(url: server.url()))
                #expect(response.status == 200)
                #expect(response.metrics.newConnections == 1)
                #expect(response.metrics.tlsHandshakeDoneTime > .zero)
                let page = response.bodyText
                sessions.append(page.contains("Reused,") ? "reused" : page.contains("New,") ? "new" : "?")
            }
            #expect(sessions == ["new", "reused", "reused", "reused"])
        }
    }

    /// Concurrent requests run on different easy handles, most of them fresh: they can only
    /// resume the session through the transport's CURLSH share (without it the result is
    /// `reused, new, new`). TLS 1.2 here: `s_server` accepts a TLS 1.3 ticket only once, so
    /// concurrent handshakes presenting the same ticket would resume only by timing luck.
    @Test func concurrentConnectionsResumeTheSessionThroughTheShare() async throws {
        let server = try TestTLSServer(.opensslStatusPageTLS12)
        defer { server.stop() }
        let configuration = CurlTransport.Configuration(caBundlePath: server.files.certificate)
        try await withTransport(configuration) { transport in
            let first = try await transport.send(HTTPRequest(url: server.url()))
            #expect(first.bodyText.contains("New,"))
            let pages = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await transport.send(HTTPRequest(url: server.url())).bodyText }
                }
                var pages: [String] = []
                for try await page in group {
                    pages.append(page.contains("Reused,") ? "reused" : page.contains("New,") ? "new" : "?")
                }
                return pages
            }
            #expect(pages == ["reused", "reused", "reused"])
        }
    }

    @Test func httpsByHostNameIsVerifiedAgainstTheCertificate() async throws {
        let server = try TestTLSServer()
        defer { server.stop() }
        let configuration = CurlTransport.Configuration(caBundlePath: server.files.certificate)
        try await withTransport(configuration) { transport in
            let response = try await transport.send(HTTPRequest(url: "https://localhost:\(server.port)/"))
            #expect(response.status == 200)
        }
    }

    @Test func httpsPostsReuseOneKeptAliveConnection() async throws {
        let server = try TestTLSServer(.pythonEcho)
        defer { server.stop() }
        let configuration = CurlTransport.Configuration(caBundlePath: server.files.certificate)
        try await withTransport(configuration) { transport in
            var newConnections: [Int] = []
            for index in 0..<3 {
                let body = Array("to=3161234567\(index)&text=hello".utf8)
                let response = try await transport.send(HTTPRequest(method: .post, url: server.url("/sms"), body: body))
                #expect(response.status == 200)
                #expect(response.body == body)
                newConnections.append(response.metrics.newConnections)
            }
            #expect(newConnections == [1, 0, 0])
        }
    }
}
