import Hummingbird
import HTTPTypes

/// Bearer-token authentication for the REST API: `Authorization: Bearer <token>`.
///
/// A missing header (or another scheme) is 401 with `WWW-Authenticate: Bearer`; a wrong token is
/// 403. Tokens are compared in constant time and never logged or echoed.
struct BearerAuth<Context: RequestContext>: RouterMiddleware {
    /// The token; nil means no token is configured and the REST API refuses every request.
    let token: [UInt8]?

    init(token: String?) {
        self.token = token.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else {
            return Self.unauthorized("the REST API is disabled: the server has no API token",
                                     fix: "start `switchboard serve` with SWITCHBOARD_API_TOKEN set or --token-file")
        }
        guard let header = request.headers[.authorization] else {
            return Self.unauthorized("missing bearer token", fix: "send 'Authorization: Bearer <token>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return Self.unauthorized("the Authorization header is not a bearer token", fix: "send 'Authorization: Bearer <token>'")
        }
        guard Self.constantTimeEqual(Array(parts[1].trimmingPrefix(" ").utf8), token) else {
            return APIError(.forbidden, kind: "forbidden", message: "the bearer token is not valid",
                            fix: "use the token the server was started with").response()
        }
        return try await next(request, context)
    }

    static func unauthorized(_ message: String, fix: String) -> Response {
        var error = APIError(.unauthorized, kind: "unauthorized", message: message, fix: fix)
        error.headers = [(.wwwAuthenticate, #"Bearer realm="switchboard""#)]
        return error.response()
    }

    /// Compares without an early exit (the length is not secret).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
