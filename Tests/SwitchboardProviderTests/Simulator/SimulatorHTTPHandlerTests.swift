import Foundation
import Switchboard
@testable import SwitchboardSimulator
import Testing

/// The simulator's own HTTP/1.1 codec over a real socket: chunked and pipelined requests,
/// error answers (400, 413, 431) and the connection closing after them, half-close, and the
/// header fields a responder's answer may carry.
@Suite struct SimulatorHTTPHandlerTests {
    typealias Support = SimulatorTestSupport

    /// A simulation that answers at once with the header fields it was made with.
    struct HeaderSimulation: SimulatedProvider {
        static let kind = "headers"
        var headers: [(String, String)]

        func handle(_ request: SimulatorRequest, context: SimulatorContext) async -> SimulatorResponse {
            answer(request)
        }

        func handleImmediately(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
            answer(request)
        }

        private func answer(_ request: SimulatorRequest) -> SimulatorResponse {
            let text = "\(request.method) \(request.path) \(request.bodyText)"
            return SimulatorResponse(status: 200, headers: headers, body: Array(text.utf8))
        }

        func response(for fault: InjectedFault, to request: SimulatorRequest,
                      context: SimulatorContext) -> SimulatorResponse? { nil }
        func isSend(_ request: SimulatorRequest) -> Bool { false }
    }

    private static func withHeaderSimulator(_ headers: [(String, String)] = [],
                                            _ body: (Int) async throws -> Void) async throws {
        let simulator = ProviderSimulator(providers: [
            .init(simulation: HeaderSimulation(headers: headers), credentials: .init(key: "", secret: "")),
        ])
        try await Support.withSimulator(simulator) { (simulator, _) async throws in
            try await body(simulator.port(for: "headers"))
        }
    }

    @Test func chunkedAndPipelinedRequestsAreAnsweredInOrder() async throws {
        let capture = CaptureSimulation()
        let simulator = ProviderSimulator(providers: [.init(simulation: capture, credentials: .init(key: "", secret: ""))])
        try await Support.withSimulator(simulator) { (simulator, _) async throws in
            let connection = try RawHTTPConnection(port: simulator.port(for: "capture"))
            try connection.send("POST /one HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nX-Trailer: 1\r\n\r\n"
                + "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
                + "GET http://127.0.0.1/three?x=1 HTTP/1.1\r\nhost: x\r\n\r\n")
            for _ in 0..<3 { #expect(try await connection.readAnswer().status == 200) }
            let requests = capture.captured.all
            #expect(requests.map(\.path) == ["/one", "/two", "/three"])
            #expect(requests.map(\.bodyText) == ["abcdefg", "hi", ""])
            #expect(requests[2].query.first?.1 == "1")
            #expect(requests[2].headers["HOST"] == "x")
        }
    }

    @Test func malformedRequestsGet400AndTheConnectionCloses() async throws {
        try await Self.withHeaderSimulator { port in
            let connection = try RawHTTPConnection(port: port)
            try connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nNo colon here\r\n\r\n")
            #expect(try await connection.readAnswer().status == 200)
            #expect(try await connection.readToEnd()
                == "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        }
    }

    @Test func oversizedHeadsGet431() async throws {
        try await Self.withHeaderSimulator { port in
            let connection = try RawHTTPConnection(port: port)
            try connection.send("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n")
            let answer = try await connection.readAnswer()
            #expect(answer.status == 431)
            #expect(answer.header("Connection") == "close")
            #expect(answer.body == "request header section too large")
            #expect(try await connection.isClosedByServer())
        }
    }

    @Test func oversizedBodiesGet413() async throws {
        try await Self.withHeaderSimulator { port in
            let connection = try RawHTTPConnection(port: port)
            try connection.send("POST / HTTP/1.1\r\nContent-Length: \(SimulatorListener.maxBodyBytes + 1)\r\n\r\nabc")
            let answer = try await connection.readAnswer()
            #expect(answer.status == 413)
            #expect(answer.body == "request body too large")
            #expect(try await connection.isClosedByServer())
        }
    }

    @Test func halfCloseAnswersWhatWasSentThenCloses() async throws {
        try await Self.withHeaderSimulator { port in
            let connection = try RawHTTPConnection(port: port)
            try connection.send("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 1\r\n\r\nz")
            connection.shutdownWrite()
            let first = try await connection.readAnswer()
            let second = try await connection.readAnswer()
            // (Both may be answered before the end of input is seen, so neither need say `close`.)
            #expect(first.body == "GET /a " && first.header("Connection") == nil)
            #expect(second.body == "POST /b z")
            #expect(try await connection.isClosedByServer())

            // A request cut short by the half-close gets 400.
            let short = try RawHTTPConnection(port: port)
            try short.send("POST /c HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
            short.shutdownWrite()
            #expect(try await short.readAnswer().status == 400)
            #expect(try await short.isClosedByServer())
        }
    }

    @Test func answerHeadersAreFilteredAndLegalised() async throws {
        let headers = [("X-Controls", " a\r\nInjected: 1 "), ("Content-Length", "999"), ("transfer-encoding", "chunked"),
                       ("Bad Name", "x"), ("Retry-After", "2")]
        try await Self.withHeaderSimulator(headers) { port in
            let connection = try RawHTTPConnection(port: port)
            try connection.send("HEAD /h HTTP/1.1\r\nConnection: close\r\n\r\n")
            #expect(try await connection.readToEnd()
                == "HTTP/1.1 200 OK\r\nX-Controls: a  Injected: 1\r\nRetry-After: 2\r\nContent-Length: 8\r\n"
                + "Connection: close\r\n\r\n")
        }
    }
}
