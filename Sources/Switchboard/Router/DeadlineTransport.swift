/// Wraps the transport a provider plugin gets, so every request honours the provider's
/// `timeout:` from providers.yaml and the overall deadline of the message being sent (passed
/// down as a task-local by the router) — without plugins having to know about either.
struct DeadlineTransport: HTTPTransport {
    /// The deadline of the message the current task is sending.
    @TaskLocal static var deadline: ContinuousClock.Instant?

    let base: any HTTPTransport
    let cap: Duration

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        var limit = cap
        if let deadline = Self.deadline {
            limit = min(limit, max(ContinuousClock.now.duration(to: deadline), .milliseconds(1)))
        }
        guard request.totalTimeout > limit || request.connectTimeout > limit else {
            return try await base.send(request)
        }
        var capped = request
        capped.totalTimeout = min(capped.totalTimeout, limit)
        capped.connectTimeout = min(capped.connectTimeout, limit)
        return try await base.send(capped)
    }
}
