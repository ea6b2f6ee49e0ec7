/// An HTTP request a provider made to our webhook endpoint, as the server hands it to a plugin.
public struct WebhookRequest: Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// The path after the provider's webhook prefix (e.g. `/dlr`, `/inbound`).
    public var path: String
    /// Query parameters in order (names may repeat).
    public var query: [(String, String)]
    /// Header fields (lookup is case-insensitive).
    public var headers: HTTPHeaders
    /// The raw body.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, path: String, query: [(String, String)] = [], headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// Why a webhook was refused. The server answers 4xx; the provider retries or gives up.
public enum WebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The signature is missing or does not verify.
    case badSignature(String)
    /// The body or parameters are not what the provider sends.
    case malformed(String)
    /// This plugin does not take webhooks (or not at this path).
    case unsupported(String)

    public var description: String {
        switch self {
        case .badSignature(let m): "bad signature: \(m)"
        case .malformed(let m): "malformed webhook: \(m)"
        case .unsupported(let m): "unsupported webhook: \(m)"
        }
    }
}
