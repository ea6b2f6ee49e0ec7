/// A complete HTTP response. Any status code is a response: the transport throws only when
/// no complete response arrived.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Response header fields of the final response (interim 1xx responses are dropped).
    /// Lookup is case-insensitive: `headers["content-type"]`.
    public var headers: HTTPHeaders
    /// The response body.
    public var body: [UInt8]
    /// Timing and connection facts for this exchange.
    public var metrics: HTTPTransferMetrics

    /// Creates a response (for tests and fakes).
    public init(
        status: Int,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        metrics: HTTPTransferMetrics = HTTPTransferMetrics()
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.metrics = metrics
    }

    /// The body decoded as UTF-8 (invalid sequences are replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Timing and connection facts for one exchange, as reported by the transport.
public struct HTTPTransferMetrics: Sendable, Equatable {
    /// Time spent waiting in the per-host FIFO before the request was admitted.
    public var queueWait: Duration
    /// New connections opened for this exchange (0 when a kept-alive connection was reused).
    public var newConnections: Int
    /// From admission until the TCP connection was established (0 on reuse).
    public var connectTime: Duration
    /// From admission until the TLS handshake finished (0 for plain HTTP and on reuse).
    public var tlsHandshakeDoneTime: Duration
    /// From admission until the last byte was received.
    public var totalTime: Duration

    /// Creates metrics (all zero by default).
    public init(
        queueWait: Duration = .zero,
        newConnections: Int = 0,
        connectTime: Duration = .zero,
        tlsHandshakeDoneTime: Duration = .zero,
        totalTime: Duration = .zero
    ) {
        self.queueWait = queueWait
        self.newConnections = newConnections
        self.connectTime = connectTime
        self.tlsHandshakeDoneTime = tlsHandshakeDoneTime
        self.totalTime = totalTime
    }
}
