import Logging
import Testing
@testable import Switchboard

#if canImport(Glibc)
    import Glibc
#endif

@Suite("CurlTransport lifecycle")
struct CurlTransportLifecycleTests {
    @Test func afterShutdownRequestsAreNotSent() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let transport = try CurlTransport()
        #expect(try await transport.send(HTTPRequest(url: server.url())).status == 200)
        await transport.shutdown()
        await transport.shutdown()  // idempotent
        let error = await sendError(transport, HTTPRequest(url: server.url()))
        #expect(error.isNotSent)
        #expect(server.requestCount == 1)
    }

    @Test func shutdownAnswersInFlightAndQueuedRequests() async throws {
        let server = try TestHTTPServer { _ in .hang }
        defer { server.stop() }
        let transport = try CurlTransport(configuration: CurlTransport.Configuration(maxConnectionsPerHost: 1))
        let inFlight = Task { await sendError(transport, HTTPRequest(method: .post, url: server.url(), body: [1])) }
        // Generous waits: on a starved 2-core machine a thread can go unscheduled for seconds.
        #expect(await eventually(timeout: .seconds(60)) { server.requestCount == 1 })
        let queued = Task { await sendError(transport, HTTPRequest(method: .post, url: server.url(), body: [2])) }
        #expect(await eventually(timeout: .seconds(60)) { transport.statistics.queued == 1 })
        async let first: Void = transport.shutdown()
        async let second: Void = transport.shutdown()
        _ = await (first, second)
        #expect(await inFlight.value.isAmbiguous)
        #expect(await queued.value.isNotSent)
        #expect(server.requestCount == 1)
    }

    /// Shutdown races senders that are enqueueing and waking the loop: every call returns,
    /// nothing crashes (curl_multi_wakeup never runs after curl_multi_cleanup).
    @Test func shutdownWhileManyTasksAreSendingIsSafe() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        for _ in 0..<5 {
            let transport = try CurlTransport(configuration: CurlTransport.Configuration(maxConnectionsPerHost: 4))
            let outcomes = await withTaskGroup(of: [String].self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        var outcomes: [String] = []
                        for _ in 0..<50 {
                            switch await sendError(transport, HTTPRequest(url: server.url())) {
                            case nil: outcomes.append("ok")
                            case let error?: outcomes.append(error.isNotSent || error.isAmbiguous ? "failed" : "\(error)")
                            }
                        }
                        return outcomes
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(20))
                    await transport.shutdown()
                    return []
                }
                var all: [String] = []
                for await outcomes in group { all += outcomes }
                return all
            }
            #expect(outcomes.count == 16 * 50)
            #expect(outcomes.allSatisfy { $0 == "ok" || $0 == "failed" }, "\(Set(outcomes))")
        }
    }

    @Test func droppingATransportWithoutShutdownStopsItsLoop() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var shared: CurlLoopShared?
        do {
            let transport = try CurlTransport()
            #expect(try await transport.send(HTTPRequest(url: server.url())).status == 200)
            shared = transport.shared
        }
        let loop = try #require(shared)
        #expect(await eventually { loop.isFinished })
    }

    @Test func theWatchdogCountsAndLogsALoopStall() async throws {
        let records = LogRecords()
        let logger = Logger(label: "test.transport") { _ in CapturingLogHandler(records: records) }
        let configuration = CurlTransport.Configuration(stallThreshold: .milliseconds(200), logger: logger)
        let server = try TestHTTPServer()
        defer { server.stop() }
        try await withTransport(configuration) { transport in
            let before = try await transport.send(HTTPRequest(url: server.url()))
            #expect(before.status == 200)
            #expect(transport.loopStallCount == 0)
            #expect(transport.runOnLoopThread { usleep(900_000) })
            #expect(await eventually { transport.loopStallCount == 1 })
            let after = try await transport.send(HTTPRequest(url: server.url()))
            #expect(after.status == 200)
            #expect(await eventually { records.messages.contains("HTTP transport loop recovered") })
            #expect(transport.loopStallCount == 1)
            #expect(transport.statistics.loopStalls == 1)
            #expect(records.messages.contains("HTTP transport loop stalled"))
        }
    }
}

final class LogRecords: Sendable {
    private let storage = TestRecorder<String>()

    func append(_ message: String) {
        storage.append(message)
    }

    var messages: [String] { storage.values }
}

struct CapturingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.append(event.message.description)
    }
}
