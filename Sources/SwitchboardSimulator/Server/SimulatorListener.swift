import NIOCore
import NIOPosix

/// One swift-nio HTTP/1.1 listener on 127.0.0.1 that hands every request (any method, any
/// path) to a responder; the simulator's own codec (``SimulatorHTTPHandler``) reads requests
/// and writes answers. Cancelling its task closes the listening socket, so clients get
/// "connection refused"; connections already accepted finish the request they are in.
///
/// Every listener shares ``MultiThreadedEventLoopGroup/singleton``. A responder that can answer
/// at once (``Reply/now(_:)``) is called and written on the connection's event loop, with no task
/// hop; only answers that have to wait (latency, hangs, async simulations) run on a task.
enum SimulatorListener {
    /// Why a listener did not come up.
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// A responder's answer to one request.
    enum Reply: Sendable {
        /// The answer, ready now (written on the connection's event loop).
        case now(SimulatorResponse)
        /// The answer has to wait: run on a task, then written.
        case later(@Sendable () async -> SimulatorResponse)
    }

    /// Answers one request; runs on the connection's event loop, so it must not block.
    typealias Responder = @Sendable (SimulatorRequest) -> Reply

    /// How long a stopping listener waits for requests in progress (an injected hang never ends
    /// by itself) before closing their connections and cancelling their tasks.
    static let hangGrace = Duration.milliseconds(500)

    /// Largest request body the simulator reads; a larger one gets 413 and the connection closes.
    static let maxBodyBytes = 16 << 20

    /// Binds `127.0.0.1:port` (0 = any) and serves until the returned task is cancelled; every
    /// request is answered on a task by `handler`.
    static func start(port: Int, label: String,
                      handler: @escaping @Sendable (SimulatorRequest) async -> SimulatorResponse) async throws
        -> (task: Task<Void, Never>, port: Int)
    {
        try await start(port: port, label: label, responder: { request in .later { await handler(request) } })
    }

    /// Binds `127.0.0.1:port` (0 = any) and serves until the returned task is cancelled.
    ///
    /// Cancelling the task closes the listening socket at once; idle connections close, busy ones
    /// after their answer. Whatever is still running after ``hangGrace`` is cut off (connections
    /// closed, tasks cancelled). The task ends when every connection and request task is done.
    static func start(port: Int, label: String, responder: @escaping Responder) async throws
        -> (task: Task<Void, Never>, port: Int)
    {
        let connections = SimulatorConnections()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SimulatorHTTPHandler(responder: responder, connections: connections))
                    connections.add(channel)
                }
            }
        let server: any Channel
        do {
            server = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        } catch {
            throw StartError(description: "\(label): cannot listen on 127.0.0.1:\(port): \(error)")
        }
        guard let bound = server.localAddress?.port else {
            try? await server.close().get()
            throw StartError(description: "\(label): listener has no local port")
        }
        let task = Task {
            await withTaskCancellationHandler {
                try? await server.closeFuture.get()
            } onCancel: {
                server.close(promise: nil)
            }
            // The listening socket is closed: let accepted connections finish, then cut off
            // what is left (an injected hang never ends by itself).
            connections.stop()
            let cutoff = server.eventLoop.scheduleTask(in: TimeAmount(hangGrace)) { connections.cutOff() }
            await connections.drained()
            cutoff.cancel()
        }
        return (task, bound)
    }
}
