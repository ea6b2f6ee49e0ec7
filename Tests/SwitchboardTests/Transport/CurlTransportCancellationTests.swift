import Testing
import Switchboard

@Suite("CurlTransport cancellation")
struct CurlTransportCancellationTests {
    @Test func cancellingAnInFlightRequestReturnsPromptlyAndTheTransportKeepsWorking() async throws {
        let server = try TestHTTPServer { request in request.path == "/hang" ? .hang : .respond() }
        defer { server.stop() }
        try await withTransport { transport in
            let task = Task { await sendError(transport, HTTPRequest(url: server.url("/hang"), totalTimeout: .seconds(60))) }
            #expect(await eventually { server.requestCount == 1 })
            let cancelled = ContinuousClock.now
            task.cancel()
            let error = await task.value
            #expect(error == .cancelled)
            // Prompt: well before the request's own 60 s timeout (not a tight bound: a loaded
            // machine can stall any thread for a second or two).
            #expect(ContinuousClock.now - cancelled < .seconds(15))

            let response = try await transport.send(HTTPRequest(url: server.url("/after")))
            #expect(response.status == 200)
            #expect(await eventually { transport.statistics.inFlight == 0 })
        }
    }

    @Test func aTaskCancelledBeforeSendingSendsNothing() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        try await withTransport { transport in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await sendError(transport, HTTPRequest(url: server.url()))
            }
            #expect(await task.value == .cancelled)
            #expect(server.requestCount == 0)
        }
    }

    @Test func cancellingAQueuedRequestRemovesItFromTheFIFO() async throws {
        let gate = TestGate()
        let server = try TestHTTPServer { request in request.path == "/first" ? .wait(gate, then: .respond()) : .respond() }
        defer { server.stop() }
        try await withTransport(CurlTransport.Configuration(maxConnectionsPerHost: 1)) { transport in
            let first = Task { try await transport.send(HTTPRequest(url: server.url("/first"))) }
            #expect(await eventually { server.requestCount == 1 })
            let second = Task { await sendError(transport, HTTPRequest(url: server.url("/second"))) }
            #expect(await eventually { transport.statistics.queued == 1 })
            second.cancel()
            #expect(await second.value == .cancelled)
            gate.open()
            #expect(try await first.value.status == 200)
            let third = try await transport.send(HTTPRequest(url: server.url("/third")))
            #expect(third.status == 200)
            #expect(server.received.map(\.path) == ["/first", "/third"])
            #expect(await eventually { transport.statistics.queued == 0 })
        }
    }

    /// Many requests, many cancelled at random moments: every call returns exactly once, the
    /// counters drain to zero, the transport keeps working.
    @Test func randomCancellationsNeverLoseACaller() async throws {
        let server = try TestHTTPServer { request in
            request.path.hasSuffix("/slow") ? .wait(TestGate.openAfter(milliseconds: 20), then: .respond()) : .respond()
        }
        defer { server.stop() }
        try await withTransport(CurlTransport.Configuration(maxConnectionsPerHost: 4)) { transport in
            let outcomes = await withTaskGroup(of: String.self) { group in
                for index in 0..<300 {
                    let task = Task { () -> String in
                        let path = index % 3 == 0 ? "/\(index)/slow" : "/\(index)"
                        switch await sendError(transport, HTTPRequest(url: server.url(path))) {
                        case nil: return "ok"
                        case .cancelled?: return "cancelled"
                        case let other?: return "\(other)"
                        }
                    }
                    if index % 2 == 0 {
                        group.addTask {
                            try? await Task.sleep(for: .microseconds(UInt64(index % 7) * 300))
                            task.cancel()
                            return await task.value
                        }
                    } else {
                        group.addTask { await task.value }
                    }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.count == 300)
            #expect(outcomes.allSatisfy { $0 == "ok" || $0 == "cancelled" }, "\(Set(outcomes))")
            #expect(await eventually { transport.statistics.inFlight == 0 && transport.statistics.queued == 0 })
            let response = try await transport.send(HTTPRequest(url: server.url("/final")))
            #expect(response.status == 200)
        }
    }
}

extension TestGate {
    /// A gate that opens by itself after a delay.
    static func openAfter(milliseconds: Int) -> TestGate {
        let gate = TestGate()
        Task {
            try? await Task.sleep(for: .milliseconds(milliseconds))
            gate.open()
        }
        return gate
    }
}
