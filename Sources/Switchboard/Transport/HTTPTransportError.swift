/// Why an HTTP exchange produced no response — and, crucially, whether the request may have
/// reached the server.
///
/// The split between ``notSent(reason:)`` and ``ambiguous(reason:)`` drives fallback safety:
/// failing over after `notSent` can never duplicate a message; failing over after `ambiguous`
/// can. ``CurlTransport`` decides it from how many request bytes left the process
/// (`CURLINFO_REQUEST_SIZE`, `CURLINFO_SIZE_UPLOAD_T`), never from the libcurl error code.
///
/// Reasons are libcurl's error text (host and port at most). They never contain request
/// headers, bodies or query strings.
public enum HTTPTransportError: Error, Sendable, Equatable {
    /// The request never left the process (DNS failure, connection refused, connect timeout,
    /// TLS handshake or certificate failure, transport shut down). Safe to send elsewhere.
    case notSent(reason: String)
    /// The request was at least partly written, but no complete response arrived (timeout
    /// after sending, reset, empty reply, a retry refused to avoid a duplicate). The server
    /// may have acted on it.
    case ambiguous(reason: String)
    /// The caller's task was cancelled. If it was cancelled after admission the server may
    /// have received the request, so ``mayHaveBeenSent`` is `true`.
    case cancelled
    /// The request was rejected before any I/O (bad URL or scheme, header with CR/LF, ...).
    case invalidRequest(reason: String)

    /// `true` unless the request certainly did not reach the server.
    public var mayHaveBeenSent: Bool {
        switch self {
        case .notSent, .invalidRequest: false
        case .ambiguous, .cancelled: true
        }
    }

    /// The reason text, if any.
    public var reason: String {
        switch self {
        case .notSent(let reason), .ambiguous(let reason), .invalidRequest(let reason): reason
        case .cancelled: "cancelled"
        }
    }
}

extension HTTPTransportError: CustomStringConvertible {
    /// A one-line summary, e.g. `ambiguous: Operation timed out after 200 milliseconds ...`.
    public var description: String {
        switch self {
        case .notSent(let reason): "not sent: \(reason)"
        case .ambiguous(let reason): "ambiguous: \(reason)"
        case .cancelled: "cancelled"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        }
    }
}
