import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Switchboard

/// One Hummingbird listener on 127.0.0.1 that hands every request (any method, any path) to a
/// handler. Cancelling its task closes the listening socket (gracefully), so clients get "connection refused".
enum SimulatorListener {
    /// Why a listener did not come up.
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// How long a stopping listener waits for requests in progress (an injected hang never ends
    /// by itself) before cancelling them.
    static let hangGrace = Duration.milliseconds(500)

    /// Largest request body the simulator reads.
    static let maxBodyBytes = 16 << 20

    /// Binds `127.0.0.1:port` (0 = any) and serves until the returned task is cancelled.
    static func start(port: Int, label: String,
                      handler: @escaping @Sendable (SimulatorRequest) async -> SimulatorResponse) async throws
        -> (task: Task<Void, Never>, port: Int)
    {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            var headers = Switchboard.HTTPHeaders()
            for field in request.headers { headers.add(name: field.name.rawName, value: field.value) }
            let simulated = SimulatorRequest(
                method: request.method.rawValue, path: request.uri.path,
                query: request.uri.query.map { FormEncoding.decode($0) } ?? [],
                headers: headers, body: Array(buffer.readableBytesView))
            let answer = await handler(simulated)
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
            }
            return Response(status: HTTPTypes.HTTPResponse.Status(code: answer.status), headers: fields,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        // Cancelling the returned task shuts the listener down gracefully: the listening socket
        // closes first and every connection already accepted is served. Cancelling the server's
        // own task instead can leave an accepted connection unserved, which traps in swift-nio
        // ("Deinited NIOAsyncWriter without calling finish()", apple/swift-nio#3481). Requests
        // still running after a short grace (an injected hang) are then cancelled.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: logger))
        let task = Task {
            let serving = Task { try await group.run() }
            await withTaskCancellationHandler {
                do {
                    try await serving.value
                    continuation.yield(.failure(StartError(description: "\(label): listener stopped")))
                } catch {
                    continuation.yield(.failure(error))
                }
            } onCancel: {
                Task {
                    await group.triggerGracefulShutdown()
                    try? await Task.sleep(for: hangGrace)
                    serving.cancel()
                }
            }
            continuation.finish()
        }
        for await event in events {
            switch event {
            case .success(let bound): return (task, bound)
            case .failure(let error):
                task.cancel()
                throw StartError(description: "\(label): cannot listen on 127.0.0.1:\(port): \(error)")
            }
        }
        throw StartError(description: "\(label): listener stopped before it was running")
    }
}
