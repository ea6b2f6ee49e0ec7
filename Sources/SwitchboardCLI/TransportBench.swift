import ArgumentParser
import Foundation
import Switchboard

/// Transport requests/s and CPU per request against a local endpoint.
struct TransportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transport",
        abstract: "HTTP transport requests/s, CPU µs/request and latency at several in-flight levels.",
        discussion: """
            Point it at a local endpoint in ANOTHER process (CPU is measured for this process only), e.g. nginx, \
            or `switchboard simulator --port 9000` and \
            --url 'http://127.0.0.1:9000/account/get-balance?api_key=simkey01&api_secret=simsecret01'. \
            With --body the requests are POSTs of that form body (the prototype used a 147-byte form POST).
            """)

    @Option(help: "The endpoint (http:// or https://).") var url: String
    @Option(help: "In-flight levels, comma-separated.") var inFlight = "1,16,64,256"
    @Option(help: "Requests per run.") var requests = 20_000
    @Option(help: "Runs per level (the median is reported).") var runs = 3
    @Option(help: "Form body to POST (GET when empty).") var body = ""
    @Option(help: "CA bundle for a test HTTPS endpoint.") var caBundle: String?

    func run() async throws {
        let levels = inFlight.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        print("transport: \(url.split(separator: "?").first ?? ""), \(requests) requests per run, median of \(runs)")
        for level in levels {
            var results: [TransportBenchmark.Result] = []
            for _ in 0..<runs {
                results.append(await TransportBenchmark.run(url: url, inFlight: level, requests: requests,
                                                            body: Array(body.utf8), caBundlePath: caBundle))
            }
            let sorted = results.sorted { $0.requestsPerSecond < $1.requestsPerSecond }
            let m = sorted[sorted.count / 2]
            print(String(format: "  %4d in flight: %8.0f req/s  %6.1f µs CPU/req", level, m.requestsPerSecond, m.cpuMicrosPerRequest)
                + "  p50 \(m.p50Latency)  p99 \(m.p99Latency)  failures \(m.failures)")
            if let failure = m.firstFailure { print("        first failure: \(failure)") }
        }
    }
}
