import Logging
import Switchboard

/// Requests to the control API of a separate `switchboard simulator` (its port + 4), for the
/// benchmarks that can run against one.
enum SimulatorControlClient {
    /// POSTs each `path` (with its JSON `body`) to `127.0.0.1:controlPort`, one after another,
    /// stopping at the first that does not answer 200.
    ///
    /// - Returns: nil when all of them got a 200, else what went wrong and how to fix it.
    static func post(controlPort: Int, _ requests: [(path: String, body: [UInt8])], logger: Logger) async -> String? {
        let control: CurlTransport
        do {
            control = try CurlTransport(configuration: CurlTransport.Configuration(maxConnectionsPerHost: 1, logger: logger))
        } catch {
            return "cannot start an HTTP transport: \(error)"
        }
        var problem: String?
        for (path, body) in requests where problem == nil {
            let request = HTTPRequest(method: .post, url: "http://127.0.0.1:\(controlPort)\(path)",
                                      headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
            do {
                let response = try await control.send(request)
                if response.status != 200 { problem = "simulator control API: \(path): \(response.status) \(response.bodyText)" }
            } catch {
                problem = "no simulator control API on port \(controlPort) (start one with `switchboard simulator --port \(controlPort - 4)`): \(error)"
            }
        }
        await control.shutdown()
        return problem
    }
}
