import Testing
import Switchboard

@Suite("CurlTransport basics")
struct CurlTransportBasicTests {
    @Test func getReturnsStatusHeadersAndBody() async throws {
        let server = try TestHTTPServer { _ in
            .respond(
                status: 201, headers: [("X-Test", "yes"), ("Content-Type", "application/json")],
                body: Array("hello".utf8))
        }
        defer { server.stop() }
        try await withTransport { transport in
            let response = try await transport.send(
                HTTPRequest(
                    url: server.url("/hello?x=1"), headers: ["X-Custom": "abc"]))
            #expect(response.status == 201)
            #expect(response.headers["x-test"] == "yes")
            #expect(response.headers["CONTENT-TYPE"] == "application/json")
            #expect(response.headers.values(for: "content-length") == ["5"])
            #expect(response.bodyText == "hello")
            let received = try #require(server.received.first)
            #expect(received.method == "GET")
            #expect(received.path == "/hello?x=1")
            #expect(received.header("x-custom") == "abc")
            #expect(received.header("expect") == nil)
        }
    }

    @Test func postSendsBodyAndHeaders() async throws {
        let server = try TestHTTPServer { request in .respond(body: request.body) }
        defer { server.stop() }
        try await withTransport { transport in
            let body = Array("to=31612345678&text=hi".utf8)
            let response = try await transport.send(
                HTTPRequest(
                    method: .post, url: server.url("/sms"),
                    headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
            let received = try #require(server.received.first)
            #expect(received.method == "POST")
            #expect(received.header("Content-Length") == "\(body.count)")
            #expect(received.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(received.header("Expect") == nil)
        }
    }

    @Test func emptyPostBodyIsSentAsContentLengthZero() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        try await withTransport { transport in
            let response = try await transport.send(HTTPRequest(method: .post, url: server.url()))
            #expect(response.status == 200)
            let received = try #require(server.received.first)
            #expect(received.method == "POST")
            #expect(received.header("Content-Length") == "0")
            #expect(received.body.isEmpty)
        }
    }

    @Test func largeBodyIsSentWithoutExpectContinue() async throws {
        let server = try TestHTTPServer { request in .respond(body: Array("\(request.body.count)".utf8)) }
        defer { server.stop() }
        try await withTransport { transport in
            let body = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let response = try await transport.send(HTTPRequest(method: .post, url: server.url(), body: body))
            #expect(response.bodyText == "\(body.count)")
            let received = try #require(server.received.first)
            #expect(received.header("Expect") == nil)
            #expect(received.body == body)
        }
    }

    @Test func sequentialRequestsReuseOneKeptAliveConnection() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        try await withTransport { transport in
            var newConnections: [Int] = []
            for _ in 0..<5 {
                let response = try await transport.send(HTTPRequest(method: .post, url: server.url(), body: [1, 2, 3]))
                #expect(response.status == 200)
                newConnections.append(response.metrics.newConnections)
            }
            #expect(server.connectionCount == 1)
            #expect(server.requestCount == 5)
            #expect(newConnections == [1, 0, 0, 0, 0])
        }
    }

    @Test func otherMethods() async throws {
        let server = try TestHTTPServer { request in
            .respond(headers: [("X-Method", request.method)], body: Array("body".utf8))
        }
        defer { server.stop() }
        try await withTransport { transport in
            let put = try await transport.send(HTTPRequest(method: .put, url: server.url(), body: [7]))
            let delete = try await transport.send(HTTPRequest(method: .delete, url: server.url()))
            let head = try await transport.send(HTTPRequest(method: .head, url: server.url()))
            let patch = try await transport.send(HTTPRequest(method: .patch, url: server.url(), body: []))
            #expect(put.headers["x-method"] == "PUT")
            #expect(delete.headers["x-method"] == "DELETE")
            #expect(head.headers["x-method"] == "HEAD")
            #expect(head.body.isEmpty)
            #expect(patch.headers["x-method"] == "PATCH")
            let received = server.received
            #expect(received.map(\.method) == ["PUT", "DELETE", "HEAD", "PATCH"])
            #expect(received[0].body == [7])
            #expect(received[3].header("Content-Length") == "0")
        }
    }

    @Test func errorStatusesAreResponses() async throws {
        let server = try TestHTTPServer { _ in .respond(status: 503, body: Array("busy".utf8)) }
        defer { server.stop() }
        try await withTransport { transport in
            let response = try await transport.send(HTTPRequest(url: server.url()))
            #expect(response.status == 503)
            #expect(response.bodyText == "busy")
        }
    }

    @Test func invalidRequestsAreRejectedBeforeAnyIO() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        try await withTransport { transport in
            let bad: [HTTPRequest] = [
                HTTPRequest(url: "ftp://127.0.0.1:\(server.port)/"),
                HTTPRequest(url: "file:///etc/passwd"),
                HTTPRequest(url: "not a url"),
                HTTPRequest(url: server.url(), headers: ["X-Evil": "a\r\nX-Injected: 1"]),
                HTTPRequest(url: server.url(), headers: ["Bad Name": "x"]),
                HTTPRequest(method: HTTPMethod(rawValue: "GET /x"), url: server.url()),
            ]
            for request in bad {
                let error = await sendError(transport, request)
                #expect(error.isInvalidRequest, "\(request): \(String(describing: error))")
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test func oversizedResponseBodyIsAmbiguous() async throws {
        let server = try TestHTTPServer { _ in .respond(body: Array(repeating: 65, count: 100)) }
        defer { server.stop() }
        try await withTransport(CurlTransport.Configuration(maxResponseBodyBytes: 10)) { transport in
            let error = await sendError(transport, HTTPRequest(url: server.url()))
            #expect(error.isAmbiguous)
        }
    }

    @Test func secretsNeverAppearInDescriptionsOrErrors() async throws {
        let secret = "s3cr3t-api-key"
        let request = HTTPRequest(
            method: .post, url: "http://127.0.0.1:\(try TestSockets.closedPort())/sms?api_key=\(secret)",
            headers: ["Authorization": "Bearer \(secret)"], body: Array("api_secret=\(secret)".utf8))
        #expect(!request.description.contains(secret))
        #expect(!request.debugDescription.contains(secret))
        #expect(!String(reflecting: request).contains(secret))
        var dumped = ""
        dump(request, to: &dumped)
        #expect(!dumped.contains(secret))
        #expect(!request.headers.description.contains(secret))
        try await withTransport { transport in
            let error = try #require(await sendError(transport, request))
            #expect(error.isNotSent)
            #expect(!error.description.contains(secret))
        }
    }
}
