import CCurl
import Synchronization

/// A validated request, prepared on the caller's thread so the loop thread only does I/O.
struct CurlRequestPlan: Sendable {
    /// `scheme://host:port`, lower-cased: the key of the per-host FIFO.
    let hostKey: String
    let url: String
    let method: HTTPMethod
    /// `"Name: value"` lines, including the empty `Expect:`.
    let headerLines: [String]
    let body: [UInt8]
    let connectTimeoutMs: Int
    let totalTimeoutMs: Int

    init(_ request: HTTPRequest) throws(HTTPTransportError) {
        hostKey = try Self.cachedHostKey(of: request.url)
        url = request.url
        method = request.method
        guard HTTPHeaders.isToken(method.rawValue) else {
            throw .invalidRequest(reason: "the method is not a valid HTTP token")
        }
        var lines: [String] = []
        lines.reserveCapacity(request.headers.count + 1)
        for field in request.headers {
            guard HTTPHeaders.isToken(field.name) else {
                throw .invalidRequest(reason: "a header name is not a valid HTTP token")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw .invalidRequest(reason: "the value of header \(field.name) contains CR, LF or NUL")
            }
            if HTTPHeaders.namesEqual(field.name, "Expect") { continue }
            // "Name:" alone would make libcurl remove the header; "Name;" sends it empty.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        // Pitfall 5: never let libcurl add `Expect: 100-continue` to a large body.
        lines.append("Expect:")
        headerLines = lines
        body = request.body
        connectTimeoutMs = request.connectTimeout.curlMilliseconds
        totalTimeoutMs = request.totalTimeout.curlMilliseconds
    }

    /// Host keys of URLs already parsed. A plugin sends to the same few URLs over and over;
    /// parsing each with libcurl (a handle, three look-ups, three strings) was ~1.5% of the
    /// router's CPU in `bench e2e`. Bounded: emptied when it reaches `hostKeyCacheLimit`.
    private static let hostKeys = Mutex<[String: String]>([:])
    private static let hostKeyCacheLimit = 1024

    /// ``hostKey(of:)``, remembered per URL (only URLs that parsed are remembered, so a
    /// malformed one is rejected every time).
    private static func cachedHostKey(of url: String) throws(HTTPTransportError) -> String {
        if let key = hostKeys.withLock({ $0[url] }) { return key }
        let key = try hostKey(of: url)
        hostKeys.withLock { cache in
            if cache.count >= hostKeyCacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[url] = key
        }
        return key
    }

    /// Parses `url` with libcurl's own URL parser (so curl and the FIFO agree on the host).
    private static func hostKey(of url: String) throws(HTTPTransportError) -> String {
        guard CurlGlobal.initialize(), let handle = curl_url() else {
            throw .invalidRequest(reason: "libcurl is not available")
        }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else {
            throw .invalidRequest(reason: "the URL is malformed")
        }
        func part(_ which: CURLUPart, _ flags: UInt32 = 0) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        guard let scheme = part(CURLUPART_SCHEME)?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .invalidRequest(reason: "only http and https URLs are supported")
        }
        guard let host = part(CURLUPART_HOST), !host.isEmpty,
            let port = part(CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT))
        else {
            throw .invalidRequest(reason: "the URL has no host")
        }
        return "\(scheme)://\(host.lowercased()):\(port)"
    }

}
