import CCurl

/// One admitted request and everything libcurl's callbacks fill in. Loop thread only.
final class CurlActiveTransfer {
    let submission: CurlSubmission
    let easy: CurlEasyHandle
    let admittedAt: UInt64
    let maxBodyBytes: Int
    private(set) var headerList: UnsafeMutablePointer<curl_slist>?

    /// The raw header lines of the latest response block (parsed later, off the loop thread).
    var headerBytes: [UInt8] = []
    var body: [UInt8] = []
    /// How many times libcurl was about to send this request (CURLOPT_PREREQFUNCTION).
    var sendAttempts = 0
    /// A second attempt was refused: libcurl wanted to re-send after a connection died.
    var refusedResend = false
    var bodyTooLarge = false

    init(submission: CurlSubmission, easy: CurlEasyHandle, admittedAt: UInt64, maxBodyBytes: Int) {
        self.submission = submission
        self.easy = easy
        self.admittedAt = admittedAt
        self.maxBodyBytes = maxBodyBytes
    }

    /// Frees the header list. Call after the easy handle left the multi handle.
    func releaseResources() {
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
    }

    /// Sets every option for this request on the (freshly reset) easy handle.
    /// - Returns: the first failing option's code, or `CURLE_OK`.
    func configure(_ configuration: CurlTransport.Configuration) -> CURLcode {
        let plan = submission.plan
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        var failure = CURLE_OK
        func check(_ code: CURLcode) {
            if failure == CURLE_OK, code != CURLE_OK { failure = code }
        }

        check(easy.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(easy.errorBuffer)))
        check(easy.set(CURLOPT_NOSIGNAL, 1))  // pitfall 4
        check(easy.set(CURLOPT_URL, plan.url))
        check(easy.set(CURLOPT_PROTOCOLS_STR, "http,https"))
        check(easy.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)))  // pitfall 9
        check(easy.set(CURLOPT_CONNECTTIMEOUT_MS, plan.connectTimeoutMs))
        check(easy.set(CURLOPT_TIMEOUT_MS, plan.totalTimeoutMs))
        check(easy.set(CURLOPT_MAXAGE_CONN, max(1, Int(configuration.maxIdleConnectionAge.components.seconds))))
        check(easy.set(CURLOPT_PROXY, configuration.proxy ?? ""))  // "": no proxy, env ignored
        if let userAgent = configuration.userAgent {
            check(easy.set(CURLOPT_USERAGENT, userAgent))
        }
        if let caBundlePath = configuration.caBundlePath {
            check(easy.set(CURLOPT_CAINFO, caBundlePath))
        }

        for line in plan.headerLines {
            guard let appended = curl_slist_append(headerList, line) else {
                return CURLE_OUT_OF_MEMORY
            }
            headerList = appended
        }
        check(easy.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(headerList)))

        check(configureMethodAndBody(plan))

        check(
            ccurl_easy_setopt_data_callback(easy.raw, CURLOPT_WRITEFUNCTION) { buffer, size, count, userdata in
                guard let userdata else { return 0 }
                let transfer = Unmanaged<CurlActiveTransfer>.fromOpaque(userdata).takeUnretainedValue()
                return transfer.receiveBody(buffer, size * count)
            })
        check(easy.set(CURLOPT_WRITEDATA, pointer: userdata))
        check(
            ccurl_easy_setopt_data_callback(easy.raw, CURLOPT_HEADERFUNCTION) { buffer, size, count, userdata in
                guard let userdata else { return 0 }
                let transfer = Unmanaged<CurlActiveTransfer>.fromOpaque(userdata).takeUnretainedValue()
                return transfer.receiveHeaderLine(buffer, size * count)
            })
        check(easy.set(CURLOPT_HEADERDATA, pointer: userdata))
        // Pitfall 1: libcurl silently re-sends a request when a reused connection dies
        // before any response byte. Allow exactly one attempt per transfer.
        check(
            ccurl_easy_setopt_prereq_callback(easy.raw) { userdata, _, _, _, _ in
                guard let userdata else { return ccurl_prereq_abort }
                let transfer = Unmanaged<CurlActiveTransfer>.fromOpaque(userdata).takeUnretainedValue()
                return transfer.allowSendAttempt() ? ccurl_prereq_ok : ccurl_prereq_abort
            })
        check(easy.set(CURLOPT_PREREQDATA, pointer: userdata))
        return failure
    }

    private func configureMethodAndBody(_ plan: CurlRequestPlan) -> CURLcode {
        switch plan.method {
        case .get where plan.body.isEmpty:
            return easy.set(CURLOPT_HTTPGET, 1)
        case .head where plan.body.isEmpty:
            return easy.set(CURLOPT_NOBODY, 1)
        default:
            break
        }
        if plan.method != .post {
            let code = easy.set(CURLOPT_CUSTOMREQUEST, plan.method.rawValue)
            guard code == CURLE_OK else { return code }
            if plan.body.isEmpty, plan.method != .put, plan.method != .patch {
                return CURLE_OK  // e.g. DELETE without a body: no Content-Length: 0
            }
        }
        // Pitfall 3: size first, then a non-NULL body (libcurl would read stdin on NULL).
        let code = easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(plan.body.count))
        guard code == CURLE_OK else { return code }
        if plan.body.isEmpty {
            return easy.set(CURLOPT_COPYPOSTFIELDS, "")
        }
        return plan.body.withUnsafeBytes { bytes in
            easy.set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        }
    }

    // MARK: Callbacks (run on the loop thread inside curl_multi_perform)

    fileprivate func allowSendAttempt() -> Bool {
        sendAttempts += 1
        if sendAttempts > 1 {
            refusedResend = true
            return false
        }
        return true
    }

    fileprivate func receiveBody(_ buffer: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0, let buffer else { return count }
        guard body.count + count <= maxBodyBytes else {
            bodyTooLarge = true
            return 0  // aborts the transfer with CURLE_WRITE_ERROR
        }
        body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: count))
        return count
    }

    fileprivate func receiveHeaderLine(_ buffer: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0, let buffer else { return count }
        let line = UnsafeRawBufferPointer(start: buffer, count: count)
        if line.starts(with: "HTTP/".utf8) {
            // A new status line: a 1xx interim response or a new attempt. Keep the last block.
            headerBytes.removeAll(keepingCapacity: true)
        }
        headerBytes.append(contentsOf: line)
        return count
    }

    // MARK: Outcome

    /// Classifies a finished transfer. Call before the handle is reset.
    ///
    /// Not-sent vs ambiguous follows `reference/http-transport.md`: the request never left
    /// the process iff `CURLINFO_REQUEST_SIZE` and `CURLINFO_SIZE_UPLOAD_T` are both 0. The
    /// CURLcode only feeds the reason text. A refused re-send (a second attempt stopped by
    /// the PREREQFUNCTION) is always ambiguous: the first attempt was handed to the socket.
    func outcome(_ code: CURLcode) -> CurlTransferToken.Outcome {
        if code == CURLE_OK {
            return .success(
                CurlRawResponse(
                    status: easy.info(long: CURLINFO_RESPONSE_CODE),
                    headerBytes: headerBytes,
                    body: body,
                    metrics: metrics()
                ))
        }
        var reason = CurlGlobal.describe(code, detail: easy.errorBuffer)
        if refusedResend {
            reason =
                "the connection closed after the request was sent; libcurl's automatic re-send was refused ("
                + reason + ")"
        } else if bodyTooLarge {
            reason = "the response body exceeds \(maxBodyBytes) bytes (" + reason + ")"
        }
        return .failure(classify(reason: reason))
    }

    /// The size rule: not sent iff no request byte left the process. A refused re-send is
    /// always ambiguous, whatever libcurl reports for the refused attempt.
    func classify(reason: String) -> HTTPTransportError {
        let requestBytes = easy.info(long: CURLINFO_REQUEST_SIZE)
        let uploadedBytes = easy.info(offset: CURLINFO_SIZE_UPLOAD_T)
        let detail = "\(reason) [request bytes sent: \(requestBytes), body bytes sent: \(uploadedBytes)]"
        if requestBytes == 0, uploadedBytes == 0, !refusedResend {
            return .notSent(reason: detail)
        }
        return .ambiguous(reason: detail)
    }

    private func metrics() -> HTTPTransferMetrics {
        HTTPTransferMetrics(
            queueWait: .nanoseconds(between: submission.enqueuedAt, and: admittedAt),
            newConnections: easy.info(long: CURLINFO_NUM_CONNECTS),
            connectTime: .curlMicroseconds(easy.info(offset: CURLINFO_CONNECT_TIME_T)),
            tlsHandshakeDoneTime: .curlMicroseconds(easy.info(offset: CURLINFO_APPCONNECT_TIME_T)),
            totalTime: .curlMicroseconds(easy.info(offset: CURLINFO_TOTAL_TIME_T))
        )
    }
}

/// A response as the loop thread hands it over; the caller's task parses the headers, so the
/// loop thread (the transport's bottleneck) does not.
struct CurlRawResponse: Sendable {
    let status: Int
    let headerBytes: [UInt8]
    let body: [UInt8]
    let metrics: HTTPTransferMetrics

    func parsed() -> HTTPResponse {
        HTTPResponse(status: status, headers: parseHeaders(), body: body, metrics: metrics)
    }

    /// Parses `Name: value` lines after the status line; folded lines continue the previous value.
    private func parseHeaders() -> HTTPHeaders {
        var headers = HTTPHeaders()
        var lineStart = 0
        var isStatusLine = true
        while lineStart < headerBytes.count {
            var lineEnd = headerBytes[lineStart...].firstIndex(of: 0x0A) ?? headerBytes.count
            let next = lineEnd + 1
            while lineEnd > lineStart, headerBytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = headerBytes[lineStart..<lineEnd]
            lineStart = next
            if isStatusLine {
                isStatusLine = false
                continue
            }
            guard let first = line.first else { continue }
            if first == 0x20 || first == 0x09 {
                guard !headers.isEmpty else { continue }
                let more = String(String(decoding: line, as: UTF8.self).trimmingOptionalWhitespace())
                headers.fields[headers.fields.count - 1].value += " " + more
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            headers.add(
                name: String(decoding: line[..<colon], as: UTF8.self),
                value: String(String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingOptionalWhitespace()))
        }
        return headers
    }
}
