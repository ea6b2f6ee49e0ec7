/// The HTTP versions the simulator's listener speaks.
enum SimulatorHTTPVersion: Sendable, Hashable {
    case http1_0
    case http1_1
}

/// One complete request read off a simulator connection, with what its answer's framing
/// depends on.
struct SimulatorParsedRequest: Sendable {
    /// What the responder gets.
    var request: SimulatorRequest
    /// The request's version; the answer uses it too.
    var version: SimulatorHTTPVersion
    /// Whether the connection may stay open after the answer (`Connection` header, else the
    /// version's default: HTTP/1.1 yes, HTTP/1.0 no).
    var keepAlive: Bool
    /// A `HEAD` request: the answer's body is not sent (its Content-Length still is).
    var isHead: Bool
}
