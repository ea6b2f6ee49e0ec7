import NIOCore

/// A simulator connection's whole HTTP/1.1 server: reads requests off the bytes
/// (``SimulatorRequestParser``), asks the listener's responder and writes each answer as one
/// buffer (``SimulatorResponseEncoder``) with one flush.
///
/// One request is answered at a time: pipelined requests wait in the buffer, and while an
/// answer waits (``SimulatorListener/Reply/later(_:)``) the socket is not read. The connection
/// closes after an answer when the request asked for it (`Connection: close`, HTTP/1.0 without
/// keep-alive), when the client half-closed and nothing more is buffered, when the listener is
/// stopping (``SimulatorConnections/stop()`` fires `ChannelShouldQuiesceEvent`), and after an
/// error answer: 400 for malformed bytes, 431 for a head over
/// ``SimulatorRequestParser/maxHeadBytes``, 413 for a body over ``SimulatorListener/maxBodyBytes``.
final class SimulatorHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What an answer's framing needs of its request.
    private struct Framing {
        var version: SimulatorHTTPVersion
        var keepAlive: Bool
        var isHead: Bool
    }

    private let responder: SimulatorListener.Responder
    private let connections: SimulatorConnections
    private var parser = SimulatorRequestParser()
    /// Bytes read and not yet parsed.
    private var buffer: ByteBuffer?
    /// A request is being answered.
    private var answering = false
    /// The last answer is written (or the connection is closing): nothing more is read or answered.
    private var closing = false
    /// The client half-closed: answer what is buffered, then close.
    private var inputClosed = false
    /// The listener is stopping: close after the answer in progress.
    private var quiescing = false
    /// A read was asked for while answering.
    private var readPending = false
    /// An error answer is written and the output shut: what the client still sends is read and
    /// dropped until it closes (so the close does not reset the connection before the client
    /// has read the answer), for at most ``lingerLimit``.
    private var lingering = false
    private var isActive = true

    /// How long a connection lingers after an error answer.
    private static let lingerLimit = TimeAmount.seconds(2)

    /// The answer to a malformed request (as NIOHTTP1's `HTTPServerProtocolErrorHandler` wrote it).
    private static let badRequest: StaticString = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

    init(responder: @escaping SimulatorListener.Responder, connections: SimulatorConnections) {
        self.responder = responder
        self.connections = connections
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard !closing else { return }
        if buffer == nil {
            buffer = bytes
        } else {
            buffer!.writeBuffer(&bytes)
        }
        answerBuffered(context: context)
    }

    func read(context: ChannelHandlerContext) {
        if answering {
            readPending = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed:
            inputClosed = true
            if lingering {
                context.close(promise: nil)
            } else if !answering {
                answerBuffered(context: context)
            }
        case is ChannelShouldQuiesceEvent:
            quiescing = true
            // Idle (or only part of a head read): close now. Otherwise after the answer in
            // progress, or the one to the request whose body is arriving.
            if !answering && !parser.isInsideRequest { close(context: context) }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        buffer = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset connection, …: nothing more to answer.
        close(context: context)
    }

    /// Answers the requests complete in the buffer, one at a time, until one has to wait, the
    /// connection closes or more bytes are needed.
    private func answerBuffered(context: ChannelHandlerContext) {
        while !answering && !closing && isActive {
            guard var bytes = buffer else { break }
            buffer = nil  // uniquely referenced while parsing
            let parsed: SimulatorParsedRequest?
            do {
                parsed = try parser.next(&bytes)
            } catch {
                fail(error, context: context)
                return
            }
            // Emptied: let go, so NIO's pooled receive buffer can be reused for the next read.
            buffer = bytes.readableBytes == 0 ? nil : bytes
            guard let parsed else { break }
            answer(parsed, context: context)
        }
        guard !answering && !closing && isActive else { return }
        if inputClosed {
            // The client sends nothing more: a request cut short gets 400, then the connection closes.
            if parser.isInsideRequest || (buffer?.readableBytes ?? 0) > 0 {
                fail(.malformed, context: context)
            } else {
                close(context: context)
            }
        } else if quiescing && !parser.isInsideRequest {
            close(context: context)
        }
    }

    private func answer(_ parsed: SimulatorParsedRequest, context: ChannelHandlerContext) {
        let framing = Framing(version: parsed.version, keepAlive: parsed.keepAlive, isHead: parsed.isHead)
        answering = true
        switch responder(parsed.request) {
        case .now(let response):
            write(response, framing: framing, context: context)
        case .later(let operation):
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let context = context.loopBound
            connections.run {
                let response = await operation()
                handler.eventLoop.execute {
                    let context = context.value
                    handler.value.write(response, framing: framing, context: context)
                    handler.value.answerBuffered(context: context)
                }
            }
        }
    }

    private func write(_ response: SimulatorResponse, framing: Framing, context: ChannelHandlerContext) {
        answering = false
        guard isActive, !closing else { return }
        let close = !framing.keepAlive || quiescing || (inputClosed && (buffer?.readableBytes ?? 0) == 0)
        let bytes = SimulatorResponseEncoder.encode(response, version: framing.version, close: close,
                                                    isHead: framing.isHead, allocator: context.channel.allocator)
        send(bytes, thenClose: close, context: context)
    }

    /// Answers a request the parser refused, then closes.
    private func fail(_ failure: SimulatorRequestParser.Failure, context: ChannelHandlerContext) {
        buffer = nil
        switch failure {
        case .malformed:
            var bytes = context.channel.allocator.buffer(capacity: Self.badRequest.utf8CodeUnitCount)
            bytes.writeStaticString(Self.badRequest)
            send(bytes, thenClose: true, linger: true, context: context)
        case .headTooLarge:
            let response = SimulatorResponse(status: 431, headers: [("Content-Type", "text/plain")],
                                             body: Array("request header section too large".utf8))
            let bytes = SimulatorResponseEncoder.encode(response, version: .http1_1, close: true, isHead: false,
                                                        allocator: context.channel.allocator)
            send(bytes, thenClose: true, linger: true, context: context)
        case .bodyTooLarge(let version):
            let response = SimulatorResponse(status: 413, headers: [("Content-Type", "text/plain")],
                                             body: Array("request body too large".utf8))
            let bytes = SimulatorResponseEncoder.encode(response, version: version, close: true, isHead: false,
                                                        allocator: context.channel.allocator)
            send(bytes, thenClose: true, linger: true, context: context)
        }
    }

    private func send(_ bytes: ByteBuffer, thenClose: Bool, linger: Bool = false, context: ChannelHandlerContext) {
        if thenClose {
            closing = true
            buffer = nil
            let written = context.writeAndFlush(wrapOutboundOut(bytes)).assumeIsolated()
            guard linger else {
                written.whenComplete { _ in context.close(promise: nil) }
                return
            }
            written.whenComplete { [self] _ in
                guard isActive else { return }
                lingering = true
                if inputClosed {
                    context.close(promise: nil)
                    return
                }
                context.close(mode: .output, promise: nil)
                context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerLimit) { context.close(promise: nil) }
                if readPending {
                    readPending = false
                    context.read()
                }
            }
        } else {
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            if readPending {
                readPending = false
                context.read()
            }
        }
    }

    private func close(context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        buffer = nil
        context.close(promise: nil)
    }
}
