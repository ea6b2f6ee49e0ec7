import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A closed-loop load generator for ``CurlTransport``: `inFlight` tasks each send one request
/// at a time until `requests` have been sent. Backs `switchboard bench transport`.
public enum TransportBenchmark {
    /// What one run measured.
    public struct Result: Sendable, CustomStringConvertible {
        /// Requests measured (warm-up excluded).
        public var requests: Int
        /// Requests that threw instead of returning a response.
        public var failures: Int
        /// The first failure's text, if any.
        public var firstFailure: String?
        /// Concurrent requests kept in flight.
        public var inFlight: Int
        /// Connections per host the transport was allowed.
        public var connectionsPerHost: Int
        /// Wall-clock time of the measured phase.
        public var elapsed: Duration
        /// Measured requests per wall-clock second.
        public var requestsPerSecond: Double
        /// Process CPU time (user + system, `getrusage(RUSAGE_SELF)`) per measured request, in
        /// microseconds. Includes the loop thread, Swift tasks and anything else in the process.
        public var cpuMicrosPerRequest: Double
        /// Median latency of one `send`, including time queued in the per-host FIFO.
        public var p50Latency: Duration
        /// 99th percentile latency.
        public var p99Latency: Duration
        /// Loop stalls the watchdog reported during the run.
        public var loopStalls: Int

        /// One line, e.g. `inFlight=16 conns=16 27,000 req/s 42.0 µs CPU/req p50 0.6 ms p99 1.2 ms`.
        public var description: String {
            func ms(_ duration: Duration) -> String {
                let value =
                    Double(duration.components.seconds) * 1000
                    + Double(duration.components.attoseconds) / 1e15
                return String(Int((value * 100).rounded())).withTwoDecimals + " ms"
            }
            var text = "inFlight=\(inFlight) conns=\(connectionsPerHost) requests=\(requests) "
            text += "\(Int(requestsPerSecond.rounded())) req/s "
            text += "\(String(Int((cpuMicrosPerRequest * 10).rounded())).withOneDecimal) µs CPU/req "
            text += "p50 \(ms(p50Latency)) p99 \(ms(p99Latency))"
            if failures > 0 { text += " failures=\(failures) first: \(firstFailure ?? "?")" }
            if loopStalls > 0 { text += " loopStalls=\(loopStalls)" }
            return text
        }
    }

    /// Sends `requests` requests (plus a warm-up of `inFlight` requests that is not measured)
    /// to `url`, keeping `inFlight` of them outstanding.
    ///
    /// - Parameters:
    ///   - url: the endpoint; any status code counts as a response.
    ///   - inFlight: concurrent requests (≥ 1).
    ///   - requests: measured requests (≥ 1).
    ///   - body: the body; `POST` when non-empty, `GET` when empty.
    ///   - headers: request headers; a form content type by default.
    ///   - connectionsPerHost: the transport's per-host limit; default `min(inFlight, 64)`.
    ///   - caBundlePath: CA bundle for a test HTTPS endpoint.
    public static func run(
        url: String,
        inFlight: Int,
        requests: Int,
        body: [UInt8],
        headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"],
        connectionsPerHost: Int? = nil,
        caBundlePath: String? = nil
    ) async -> Result {
        let inFlight = max(1, inFlight)
        let requests = max(1, requests)
        let connections = max(1, connectionsPerHost ?? min(inFlight, 64))
        let request = HTTPRequest(
            method: body.isEmpty ? .get : .post, url: url, headers: headers, body: body,
            connectTimeout: .seconds(5), totalTimeout: .seconds(60))
        let configuration = CurlTransport.Configuration(
            maxConnectionsPerHost: connections, maxCachedConnections: max(64, connections),
            caBundlePath: caBundlePath)
        let transport: CurlTransport
        do {
            transport = try CurlTransport(configuration: configuration)
        } catch {
            return Result(
                requests: 0, failures: requests, firstFailure: error.description, inFlight: inFlight,
                connectionsPerHost: connections, elapsed: .zero, requestsPerSecond: 0,
                cpuMicrosPerRequest: 0, p50Latency: .zero, p99Latency: .zero, loopStalls: 0)
        }

        _ = await drive(transport, request, inFlight: inFlight, total: inFlight)  // warm-up: connections, TLS
        let stallsBefore = transport.loopStallCount
        let cpuBefore = processCPUMicros()
        let started = ContinuousClock.now
        let samples = await drive(transport, request, inFlight: inFlight, total: requests)
        let elapsed = ContinuousClock.now - started
        let cpu = processCPUMicros() - cpuBefore
        let stalls = transport.loopStallCount - stallsBefore
        await transport.shutdown()

        let latencies = samples.latencies.sorted()
        func percentile(_ p: Double) -> Duration {
            guard !latencies.isEmpty else { return .zero }
            return latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.down)))]
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(
            requests: requests, failures: samples.failures, firstFailure: samples.firstFailure,
            inFlight: inFlight, connectionsPerHost: connections, elapsed: elapsed,
            requestsPerSecond: seconds > 0 ? Double(requests) / seconds : 0,
            cpuMicrosPerRequest: Double(cpu) / Double(requests),
            p50Latency: percentile(0.50), p99Latency: percentile(0.99), loopStalls: stalls)
    }

    private struct Samples: Sendable {
        var latencies: [Duration] = []
        var failures = 0
        var firstFailure: String?
    }

    private static func drive(_ transport: CurlTransport, _ request: HTTPRequest, inFlight: Int, total: Int) async -> Samples {
        let counter = Counter()
        return await withTaskGroup(of: Samples.self) { group in
            for _ in 0..<min(inFlight, total) {
                group.addTask {
                    var samples = Samples()
                    samples.latencies.reserveCapacity(total / inFlight + 1)
                    while counter.claim() < total {
                        let start = ContinuousClock.now
                        do {
                            _ = try await transport.send(request)
                            samples.latencies.append(ContinuousClock.now - start)
                        } catch {
                            samples.failures += 1
                            if samples.firstFailure == nil { samples.firstFailure = "\(error)" }
                        }
                    }
                    return samples
                }
            }
            var merged = Samples()
            for await samples in group {
                merged.latencies += samples.latencies
                merged.failures += samples.failures
                merged.firstFailure = merged.firstFailure ?? samples.firstFailure
            }
            return merged
        }
    }

    private final class Counter: Sendable {
        private let value = Atomic<Int>(0)

        func claim() -> Int {
            value.wrappingAdd(1, ordering: .relaxed).oldValue
        }
    }

    /// User + system CPU time of the whole process, in microseconds.
    private static func processCPUMicros() -> Int64 {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        let user = Int64(usage.ru_utime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec)
        let system = Int64(usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_stime.tv_usec)
        return user + system
    }
}

extension String {
    /// "12345" (hundredths) → "123.45".
    fileprivate var withTwoDecimals: String {
        let padded = count < 3 ? String(repeating: "0", count: 3 - count) + self : self
        return padded.dropLast(2) + "." + padded.suffix(2)
    }

    /// "425" (tenths) → "42.5".
    fileprivate var withOneDecimal: String {
        let padded = count < 2 ? "0" + self : self
        return padded.dropLast(1) + "." + padded.suffix(1)
    }
}
