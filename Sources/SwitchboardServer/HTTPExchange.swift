import Hummingbird
import HTTPTypes
import NIOCore
import Switchboard

/// Reading bodies within the limit and writing JSON answers.
enum HTTPExchange {
    /// The whole body, at most `limit` bytes: a larger `Content-Length` or a longer stream is a
    /// 413 ``APIError``.
    static func body(of request: Request, limit: Int) async throws(APIError) -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.tooLarge(limit: limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limit: limit)
        } catch {
            throw APIError(.badRequest, kind: "invalidInput", message: "the request body could not be read")
        }
    }

    /// A JSON answer.
    static func json(_ value: JSONValue, status: Hummingbird.HTTPResponse.Status = .ok, headers: [(HTTPField.Name, String)] = []) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        for (name, value) in headers { fields[name] = value }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: value.encoded())))
    }

    /// The raw query string's parameters in order (`+` is a space, percent escapes decoded).
    static func query(of request: Request) -> [(String, String)] {
        guard let query = request.uri.query, !query.isEmpty else { return [] }
        return FormEncoding.decode(query)
    }
}
