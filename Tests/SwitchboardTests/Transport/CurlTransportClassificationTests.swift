import Testing
import Switchboard

/// Not-sent vs ambiguous, decided by request bytes written (reference/http-transport.md).
@Suite("CurlTransport failure classification")
struct CurlTransportClassificationTests {
    @Test func connectionRefusedIsNotSent() async throws {
        let port = try TestSockets.closedPort()
        try await withTransport { transport in
            let error = await sendError(transport, HTTPRequest(method: .post, url: "http://127.0.0.1:\(port)/", body: [1]))
            #expect(error.isNotSent, "\(String(describing: error))")
        }
    }

    @Test func connectTimeoutIsNotSent() async throws {
        let listener = try TestSockets.FullBacklogListener()
        try await withTransport { transport in
            let started = ContinuousClock.now
            let error = await sendError(
                transport,
                HTTPRequest(
                    method: .post, url: "http://127.0.0.1:\(listener.port)/", body: [1],
                    connectTimeout: .milliseconds(300), totalTimeout: .seconds(20)))
            #expect(error.isNotSent, "\(String(describing: error))")
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func totalTimeoutAfterSendingIsAmbiguous() async throws {
        let server = try TestHTTPServer { _ in .hang }
        defer { server.stop() }
        try await withTransport { transport in
            let error = await sendError(
                transport,
                HTTPRequest(
                    method: .post, url: server.url(), body: [1], totalTimeout: .seconds(1)))
            #expect(error.isAmbiguous, "\(String(describing: error))")
            #expect(await eventually { server.requestCount == 1 })
        }
    }

    @Test func resetAfterReadingIsAmbiguous() async throws {
        let server = try TestHTTPServer { _ in .reset }
        defer { server.stop() }
        try await withTransport { transport in
            let error = await sendError(transport, HTTPRequest(method: .post, url: server.url(), body: [1]))
            #expect(error.isAmbiguous, "\(String(describing: error))")
            #expect(server.requestCount == 1)
        }
    }

    @Test func closeWithoutAnswerOnFreshConnectionIsAmbiguous() async throws {
        let server = try TestHTTPServer { _ in .closeWithoutAnswer }
        defer { server.stop() }
        try await withTransport { transport in
            let error = await sendError(transport, HTTPRequest(method: .post, url: server.url(), body: [1]))
            #expect(error.isAmbiguous, "\(String(describing: error))")
            #expect(server.requestCount == 1)
        }
    }

    /// Reference pitfall 1: libcurl re-sends a POST on a new connection when a reused
    /// connection dies before the response. That would be a duplicate SMS.
    @Test func noSilentResendWhenKeptAliveConnectionDies() async throws {
        let server = try TestHTTPServer { request in
            request.connection == 0 && request.indexOnConnection == 1 ? .closeWithoutAnswer : .respond()
        }
        defer { server.stop() }
        try await withTransport { transport in
            let first = try await transport.send(HTTPRequest(method: .post, url: server.url("/1"), body: [1]))
            #expect(first.status == 200)
            let error = await sendError(transport, HTTPRequest(method: .post, url: server.url("/2"), body: [2]))
            #expect(error.isAmbiguous, "\(String(describing: error))")
            #expect(server.requestCount == 2, "the server received a duplicate")
            #expect(server.received.map(\.path) == ["/1", "/2"])

            let third = try await transport.send(HTTPRequest(method: .post, url: server.url("/3"), body: [3]))
            #expect(third.status == 200)
            #expect(server.received.map(\.path) == ["/1", "/2", "/3"])
        }
    }

    @Test func untrustedCertificateIsNotSent() async throws {
        let server = try TestTLSServer()
        defer { server.stop() }
        try await withTransport { transport in
            let error = await sendError(transport, HTTPRequest(method: .post, url: server.url(), body: [1]))
            #expect(error.isNotSent, "\(String(describing: error))")
        }
    }
}
