import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Process-wide libcurl facts.
enum CurlGlobal {
    /// `curl_global_init` runs exactly once, before the first handle is created: Swift runs
    /// a global's initialiser once, thread-safely, on first use.
    private static let initCode: CURLcode = curl_global_init(ccurl_global_default)

    /// Initialises libcurl if needed; `false` if that failed.
    static func initialize() -> Bool {
        initCode == CURLE_OK
    }

    /// The runtime libcurl version as `0xXXYYZZ`.
    static var versionNumber: UInt32 {
        guard let info = ccurl_version_info() else { return 0 }
        return info.pointee.version_num
    }

    /// `"<strerror> (<error buffer>)"`, e.g. `"Timeout was reached: Operation timed out after 200 ms"`.
    /// libcurl's texts name at most a host and port, never headers, bodies or query strings.
    static func describe(_ code: CURLcode, detail: UnsafePointer<CChar>?) -> String {
        let summary = String(cString: curl_easy_strerror(code))
        var text = "curl error \(code.rawValue): \(summary)"
        if let detail, detail.pointee != 0 {
            text += ": " + String(cString: detail).trimmingTrailingNewlines()
        }
        return text
    }
}

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC).
func monotonicNanos() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
}

extension Duration {
    /// Whole milliseconds, rounded up, at least 1 (libcurl treats 0 as "no timeout").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 1 }
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return Int.max }
        let extra = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(1, Int(clamping: ms) &+ Int(extra))
    }

    /// A duration from libcurl's microsecond `curl_off_t` timings.
    static func curlMicroseconds(_ value: Int64) -> Duration {
        .microseconds(value)
    }

    /// A duration from a nanosecond difference.
    static func nanoseconds(between start: UInt64, and end: UInt64) -> Duration {
        end > start ? .nanoseconds(Int64(clamping: end - start)) : .zero
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == " " {
            text.removeLast()
        }
        return String(text)
    }
}
