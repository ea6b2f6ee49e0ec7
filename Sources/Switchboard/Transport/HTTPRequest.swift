/// An HTTP request method.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method token as sent on the wire, e.g. `"POST"`.
    public let rawValue: String

    /// Creates a method from its token (e.g. `"PROPFIND"`).
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `GET`.
    public static let get = HTTPMethod(rawValue: "GET")
    /// `POST`.
    public static let post = HTTPMethod(rawValue: "POST")
    /// `PUT`.
    public static let put = HTTPMethod(rawValue: "PUT")
    /// `PATCH`.
    public static let patch = HTTPMethod(rawValue: "PATCH")
    /// `DELETE`.
    public static let delete = HTTPMethod(rawValue: "DELETE")
    /// `HEAD`: the response has no body.
    public static let head = HTTPMethod(rawValue: "HEAD")

    /// The method token.
    public var description: String { rawValue }
}

/// One HTTP/1.1 request to send through an ``HTTPTransport``.
///
/// Printing a request (`description`, `debugDescription`, `dump`) never shows header values,
/// the query string or the body: they carry provider credentials.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The absolute `http://` or `https://` URL.
    public var url: String
    /// Request header fields. The transport adds `Host`, `Content-Length` and an empty
    /// `Expect:`; do not set those yourself.
    public var headers: HTTPHeaders
    /// The request body; may be empty (also for `POST`).
    public var body: [UInt8]
    /// The longest time to wait for the TCP (and TLS) connection to be established.
    public var connectTimeout: Duration
    /// The longest time the whole exchange may take, from admission to the last response
    /// byte. See ``CurlTransport`` for when the clock starts for a queued request.
    public var totalTimeout: Duration

    /// Creates a request.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        connectTimeout: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    /// The URL without its query string and fragment, for logs.
    public var redactedURL: String {
        var end = url.endIndex
        if let index = url.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            end = index
        }
        let base = String(url[..<end])
        return end == url.endIndex ? base : base + "?<redacted>"
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Method, redacted URL, header names and body size — never secrets.
    public var description: String {
        "\(method) \(redactedURL) headers: \(headers) body: \(body.count) bytes"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror that shows only redacted information.
    public var customMirror: Mirror {
        Mirror(self, children: ["summary": description], displayStyle: .struct)
    }
}
