/// Sends HTTP requests. Provider plugins receive one from their `ProviderContext` and never
/// create their own.
///
/// Implementations must be safe to call concurrently from many tasks.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete response (any status code).
    ///
    /// - Throws: ``HTTPTransportError``: `notSent` when the request certainly did not leave
    ///   the process, `ambiguous` when it may have reached the server, `cancelled` when the
    ///   calling task was cancelled, `invalidRequest` when it was rejected before any I/O.
    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse
}
