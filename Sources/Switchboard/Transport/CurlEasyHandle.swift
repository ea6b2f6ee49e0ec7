import CCurl

/// A pooled `CURL *` with its error buffer. Loop thread only.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates an easy handle attached to `share` (the TLS session cache), or `nil` if
    /// libcurl is out of memory.
    init?(share: UnsafeMutableRawPointer) {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: ccurl_error_size)
        errorBuffer.initialize(repeating: 0, count: ccurl_error_size)
        // `curl_easy_reset` keeps the share, so attaching once is enough.
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_SHARE, share)
    }

    /// Forgets every per-request option (URL, headers, callbacks) so the handle can be pooled.
    func reset() {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
    }

    /// Frees the handle. It must not be in a multi handle.
    func destroy() {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    // MARK: Typed option and info access

    @discardableResult
    func set(_ option: CURLoption, _ value: Int) -> CURLcode {
        ccurl_easy_setopt_long(raw, option, value)
    }

    @discardableResult
    func set(_ option: CURLoption, _ value: String) -> CURLcode {
        value.withCString { ccurl_easy_setopt_string(raw, option, $0) }
    }

    @discardableResult
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) -> CURLcode {
        ccurl_easy_setopt_pointer(raw, option, pointer)
    }

    @discardableResult
    func set(_ option: CURLoption, offset value: Int64) -> CURLcode {
        ccurl_easy_setopt_off_t(raw, option, curl_off_t(value))
    }

    func info(long info: CURLINFO) -> Int {
        var value = 0
        return ccurl_easy_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    func info(offset info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return ccurl_easy_getinfo_off_t(raw, info, &value) == CURLE_OK ? Int64(value) : 0
    }
}
