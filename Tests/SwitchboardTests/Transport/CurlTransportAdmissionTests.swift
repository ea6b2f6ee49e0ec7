import Testing
import Switchboard

/// Per-host FIFO admission in Swift (reference pitfall 2).
@Suite("CurlTransport admission")
struct CurlTransportAdmissionTests {
    @Test func withOneConnectionPerHostRequestsCompleteInSubmissionOrder() async throws {
        let gate = TestGate()
        let server = try TestHTTPServer { request in
            request.path == "/0"
                ? .wait(gate, then: .respond(body: Array(request.path.utf8))) : .respond(body: Array(request.path.utf8))
        }
        defer { server.stop() }
        try await withTransport(CurlTransport.Configuration(maxConnectionsPerHost: 1)) { transport in
            let completions = TestRecorder<String>()
            var tasks: [Task<Void, any Error>] = []
            for index in 0..<10 {
                tasks.append(
                    Task {
                        let response = try await transport.send(
                            HTTPRequest(method: .post, url: server.url("/\(index)"), body: [1]))
                        completions.append(response.bodyText)
                    })
                // Submit strictly one after the other: wait until this one is in flight or queued.
                #expect(await eventually { server.requestCount == 1 && transport.statistics.queued == index })
            }
            gate.open()
            for task in tasks { try await task.value }
            let expected = (0..<10).map { "/\($0)" }
            // FIFO admission shows in the order the server received them (one connection, so also
            // the order they were answered). The order the waiting tasks *resume* in is up to the
            // scheduler on a loaded machine, so completions are compared as a set.
            #expect(server.received.map(\.path) == expected)
            #expect(completions.values.sorted() == expected)
            #expect(server.connectionCount == 1)
        }
    }

    @Test func atMostTheConfiguredNumberOfRequestsPerHostAreInFlight() async throws {
        let gate = TestGate()
        let server = try TestHTTPServer { _ in .wait(gate, then: .respond()) }
        defer { server.stop() }
        try await withTransport(CurlTransport.Configuration(maxConnectionsPerHost: 2)) { transport in
            let tasks = (0..<6).map { index in
                Task { try await transport.send(HTTPRequest(url: server.url("/\(index)"))) }
            }
            #expect(await eventually { server.requestCount == 2 && transport.statistics.queued == 4 })
            #expect(transport.statistics.inFlight == 2)
            try await Task.sleep(for: .milliseconds(100))
            #expect(server.requestCount == 2)
            gate.open()
            for task in tasks { #expect(try await task.value.status == 200) }
            #expect(server.connectionCount == 2)
            #expect(server.requestCount == 6)
        }
    }

    @Test func aBusyHostDoesNotBlockAnotherHost() async throws {
        let gate = TestGate()
        let busy = try TestHTTPServer { _ in .wait(gate, then: .respond()) }
        let idle = try TestHTTPServer()
        defer {
            busy.stop()
            idle.stop()
        }
        try await withTransport(CurlTransport.Configuration(maxConnectionsPerHost: 1)) { transport in
            let blocked = Task { try await transport.send(HTTPRequest(url: busy.url())) }
            let queued = Task { try await transport.send(HTTPRequest(url: busy.url())) }
            #expect(await eventually { busy.requestCount == 1 && transport.statistics.queued == 1 })
            let response = try await transport.send(HTTPRequest(url: idle.url()))
            #expect(response.status == 200)
            gate.open()
            #expect(try await blocked.value.status == 200)
            #expect(try await queued.value.status == 200)
        }
    }

    /// The total-timeout clock of a queued request starts at admission: waiting in the FIFO
    /// longer than its total timeout does not fail it.
    @Test func totalTimeoutStartsWhenTheRequestIsAdmitted() async throws {
        let gate = TestGate()
        let server = try TestHTTPServer { request in request.path == "/first" ? .wait(gate, then: .respond()) : .respond() }
        defer { server.stop() }
        try await withTransport(CurlTransport.Configuration(maxConnectionsPerHost: 1)) { transport in
            let first = Task { try await transport.send(HTTPRequest(url: server.url("/first"))) }
            #expect(await eventually { server.requestCount == 1 })
            let second = Task {
                try await transport.send(HTTPRequest(url: server.url("/second"), totalTimeout: .milliseconds(500)))
            }
            #expect(await eventually { transport.statistics.queued == 1 })
            try await Task.sleep(for: .milliseconds(800))
            gate.open()
            #expect(try await first.value.status == 200)
            let response = try await second.value
            #expect(response.status == 200)
            #expect(response.metrics.queueWait >= .milliseconds(700))
        }
    }

    @Test func manyConcurrentRequestsAllArriveExactlyOnce() async throws {
        let server = try TestHTTPServer { request in .respond(body: Array(request.path.utf8)) }
        defer { server.stop() }
        try await withTransport(CurlTransport.Configuration(maxConnectionsPerHost: 8)) { transport in
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<400 {
                    group.addTask {
                        try await transport.send(HTTPRequest(method: .post, url: server.url("/\(index)"), body: [1])).bodyText
                    }
                }
                var all: [String] = []
                for try await body in group { all.append(body) }
                return all
            }
            #expect(Set(bodies) == Set((0..<400).map { "/\($0)" }))
            #expect(server.requestCount == 400)
            #expect(server.connectionCount <= 8)
            #expect(transport.statistics.completed == 400)
        }
    }
}
