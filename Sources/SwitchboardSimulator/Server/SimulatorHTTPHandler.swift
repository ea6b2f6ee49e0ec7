import NIOCore
import NIOHTTP1
import Switchboard

/// The last handler of a simulator connection: collects one request (head and body), asks the
/// listener's responder and writes the answer (head, Content-Length body, end).
///
/// `HTTPServerPipelineHandler` in front of it delivers one request at a time (pipelined ones wait
/// until the answer's end is written) and handles quiescing when the listener stops.
final class SimulatorHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: SimulatorListener.Responder
    private let connections: SimulatorConnections
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    /// The body is over the limit: answered 413, the rest of the request is dropped.
    private var rejected = false
    /// A request is being answered.
    private var answering = false
    /// The client half-closed: close once the answer in progress is written.
    private var inputClosed = false
    private var isActive = true

    init(responder: @escaping SimulatorListener.Responder, connections: SimulatorConnections) {
        self.responder = responder
        self.connections = connections
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            rejected = false
        case .body(var chunk):
            guard !rejected, head != nil else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > SimulatorListener.maxBodyBytes {
                rejectTooLarge(context: context)
            } else if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard !rejected, let head else { return }
            self.head = nil
            let request = Self.request(head, body: body)
            body = nil
            answer(request, version: head.version, keepAlive: head.isKeepAlive, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            // The client sends nothing more: close now, or once the answer in progress is written.
            if answering || head != nil { inputClosed = true } else { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Parse errors were answered with 400 by HTTPServerProtocolErrorHandler; anything else
        // (a reset connection, …) ends the connection too.
        context.close(promise: nil)
    }

    private func answer(_ request: SimulatorRequest, version: HTTPVersion, keepAlive: Bool,
                        context: ChannelHandlerContext) {
        answering = true
        switch responder(request) {
        case .now(let response):
            write(response, version: version, keepAlive: keepAlive, context: context)
        case .later(let operation):
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let context = context.loopBound
            connections.run {
                let response = await operation()
                handler.eventLoop.execute {
                    handler.value.write(response, version: version, keepAlive: keepAlive, context: context.value)
                }
            }
        }
    }

    private func write(_ response: SimulatorResponse, version: HTTPVersion, keepAlive: Bool,
                       context: ChannelHandlerContext) {
        answering = false
        guard isActive else { return }
        let close = !keepAlive || inputClosed
        var headers = NIOHTTP1.HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 2)
        for (name, value) in response.headers {
            guard HTTPHeaders.isToken(name), !Self.isFraming(name) else { continue }
            headers.add(name: name, value: Self.legalized(value))
        }
        headers.add(name: "Content-Length", value: String(response.body.count))
        if close {
            if version.minor >= 1 { headers.add(name: "Connection", value: "close") }
        } else if version.major == 1 && version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status),
                                    headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !response.body.isEmpty {
            let buffer = context.channel.allocator.buffer(bytes: response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        if close {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// 413 for a body over ``SimulatorListener/maxBodyBytes``, then the connection closes.
    private func rejectTooLarge(context: ChannelHandlerContext) {
        rejected = true
        body = nil
        let version = head?.version ?? .http1_1
        head = nil
        write(SimulatorResponse(status: 413, headers: [("Content-Type", "text/plain")],
                                body: Array("request body too large".utf8)),
              version: version, keepAlive: false, context: context)
    }

    /// The simulator's view of a request: raw path (as sent, without the query), the query's
    /// form fields, the header names as the client wrote them, the body bytes.
    static func request(_ head: HTTPRequestHead, body: ByteBuffer?) -> SimulatorRequest {
        var target = Substring(head.uri)
        if !target.hasPrefix("/"), let scheme = target.range(of: "://") {
            // Absolute form: drop scheme and authority.
            let rest = target[scheme.upperBound...]
            target = rest[(rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex)...]
        }
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        var path = target
        var query: [(String, String)] = []
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            query = FormEncoding.decode(String(target[target.index(after: mark)...]))
        }
        var headers = Switchboard.HTTPHeaders()
        for (name, value) in head.headers { headers.add(name: name, value: value) }
        return SimulatorRequest(method: head.method.rawValue, path: path.isEmpty ? "/" : String(path), query: query,
                                headers: headers, body: body.map { Array($0.readableBytesView) } ?? [])
    }


    /// The listener frames bodies itself.
    static func isFraming(_ name: String) -> Bool {
        let lower = name.utf8.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return lower.elementsEqual("content-length".utf8) || lower.elementsEqual("transfer-encoding".utf8)
    }

    /// A field value with control characters (CR, LF, NUL, …; not HTAB) turned into spaces and
    /// surrounding whitespace trimmed, as swift-http-types legalises values.
    static func legalized(_ value: String) -> String {
        let isLegal = value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
        if isLegal, value.utf8.first.map({ $0 != 0x20 && $0 != 0x09 }) ?? true,
           value.utf8.last.map({ $0 != 0x20 && $0 != 0x09 }) ?? true {
            return value
        }
        let bytes = value.utf8.map { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) ? $0 : 0x20 }
        let trimmed = bytes.drop(while: { $0 == 0x20 || $0 == 0x09 }).reversed().drop(while: { $0 == 0x20 || $0 == 0x09 })
        return String(decoding: trimmed.reversed(), as: UTF8.self)
    }
}
