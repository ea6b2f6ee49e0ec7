import CCurl
public import Logging

/// An ``HTTPTransport`` on libcurl's multi interface, driven by one dedicated OS thread.
///
/// - One `CURLM` per transport; easy handles are pooled and reset between requests;
///   connections are kept alive in libcurl's connection cache.
/// - HTTP/1.1 only (HTTP/2 semantics and the not-sent rule are not verified yet).
/// - **Admission**: at most ``Configuration/maxConnectionsPerHost`` requests per
///   `scheme://host:port` are inside libcurl at a time; the rest wait in a FIFO in Swift, so
///   requests to one host are admitted in submission order.
/// - **Timeouts**: ``HTTPRequest/totalTimeout`` starts when a request is *admitted*, not when
///   `send` is called: time spent waiting in the FIFO is not counted (it is reported as
///   ``HTTPTransferMetrics/queueWait``). Bound the overall wait by cancelling the calling task
///   — a cancelled request leaves the FIFO at once.
/// - **No silent duplicates**: libcurl's automatic re-send after a kept-alive connection dies
///   is refused; the request fails as ``HTTPTransportError/ambiguous(reason:)``.
/// - **Not sent vs ambiguous** is decided by how many request bytes left the process, never
///   by libcurl's error code.
/// - **HTTPS**: certificates are always verified; TLS sessions are reused through a `CURLSH`
///   share. The share has no lock callbacks: only the loop thread ever touches an easy
///   handle, so libcurl never uses the share from two threads.
/// - **Watchdog**: a small thread checks the loop's heartbeat; a loop that does not come back
///   within ``Configuration/stallThreshold`` is logged and counted in ``loopStallCount``.
///
/// Call ``shutdown()`` when done; dropping the last reference also stops the loop.
public final class CurlTransport: HTTPTransport {
    /// Settings of a ``CurlTransport``.
    public struct Configuration: Sendable {
        /// Requests in flight per `scheme://host:port` (and `CURLMOPT_MAX_HOST_CONNECTIONS`);
        /// further requests wait in a FIFO. At least 1.
        public var maxConnectionsPerHost: Int
        /// Idle connections kept alive across all hosts (`CURLMOPT_MAXCONNECTS`). At least 1.
        public var maxCachedConnections: Int
        /// A PEM bundle of CA certificates to verify servers with instead of libcurl's default
        /// bundle file (`CURLOPT_CAINFO`). Verification itself can never be turned off.
        public var caBundlePath: String?
        /// Responses with a larger body fail as ambiguous. Default 16 MiB.
        public var maxResponseBodyBytes: Int
        /// The `User-Agent` header, or `nil` for none.
        public var userAgent: String?
        /// An HTTP proxy URL (`CURLOPT_PROXY`). `nil` (the default) means direct connections
        /// only: the `http_proxy` / `HTTPS_PROXY` environment variables are ignored. Through a
        /// proxy, bytes written to the proxy count as sent, so failures there classify as
        /// `ambiguous`; the not-sent rule is validated for direct connections only.
        public var proxy: String?
        /// Kept-alive connections idle longer than this are not reused (`CURLOPT_MAXAGE_CONN`).
        /// Keep it below the providers' keep-alive timeouts: a request written just as the
        /// server closes an idle connection fails as ambiguous. Whole seconds; default 30 s.
        public var maxIdleConnectionAge: Duration
        /// How late the loop's heartbeat may be before it counts as a stall. Default 1 s.
        public var stallThreshold: Duration
        /// Where stalls and loop errors are logged. Never receives request contents.
        public var logger: Logger

        /// Creates a configuration.
        public init(
            maxConnectionsPerHost: Int = 16,
            maxCachedConnections: Int = 64,
            caBundlePath: String? = nil,
            maxResponseBodyBytes: Int = 16 << 20,
            userAgent: String? = "Switchboard/\(SwitchboardVersion.current)",
            proxy: String? = nil,
            maxIdleConnectionAge: Duration = .seconds(30),
            stallThreshold: Duration = .seconds(1),
            logger: Logger = Logger(label: "switchboard.http")
        ) {
            self.maxConnectionsPerHost = max(1, maxConnectionsPerHost)
            self.maxCachedConnections = max(1, maxCachedConnections)
            self.caBundlePath = caBundlePath
            self.maxResponseBodyBytes = max(0, maxResponseBodyBytes)
            self.userAgent = userAgent
            self.proxy = proxy
            self.maxIdleConnectionAge = maxIdleConnectionAge
            self.stallThreshold = stallThreshold
            self.logger = logger
        }
    }

    /// Why a transport could not start.
    public struct StartupError: Error, Sendable, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// Live counters of a transport.
    public struct Statistics: Sendable, Equatable {
        /// Requests inside libcurl.
        public var inFlight: Int
        /// Requests waiting in the per-host FIFOs.
        public var queued: Int
        /// Requests answered by the loop (any outcome).
        public var completed: Int
        /// Loop stalls detected by the watchdog.
        public var loopStalls: Int
    }

    /// The settings this transport runs with.
    public let configuration: Configuration
    let shared: CurlLoopShared

    /// Creates the multi handle and the TLS session share, and starts the loop and watchdog
    /// threads.
    public init(configuration: Configuration = Configuration()) throws(StartupError) {
        guard CurlGlobal.initialize() else {
            throw StartupError(description: "curl_global_init failed")
        }
        guard CurlGlobal.versionNumber >= 0x07_50_00 else {
            throw StartupError(description: "libcurl 7.80.0 or newer is required (CURLOPT_PREREQFUNCTION)")
        }
        guard let multi = curl_multi_init() else {
            throw StartupError(description: "curl_multi_init failed")
        }
        guard let share = curl_share_init() else {
            curl_multi_cleanup(multi)
            throw StartupError(description: "curl_share_init failed")
        }
        _ = ccurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxCachedConnections)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)

        self.configuration = configuration
        let shared = CurlLoopShared(configuration: configuration, handles: CurlHandles(multi: multi, share: share))
        self.shared = shared
        guard startDetachedThread(name: "sb-curl-loop", { CurlLoopDriver(shared: shared).run() }) else {
            _ = shared.close()  // so that deinit's requestStop() never wakes the freed handle
            curl_multi_cleanup(multi)
            curl_share_cleanup(share)
            shared.markFinished()
            throw StartupError(description: "could not start the loop thread")
        }
        if !CurlLoopWatchdog.start(shared: shared) {
            configuration.logger.error("could not start the HTTP transport watchdog thread")
        }
    }

    deinit {
        shared.requestStop()
    }

    /// Sends `request` and returns the complete response (any status code).
    ///
    /// Cancelling the calling task answers ``HTTPTransportError/cancelled`` at once, removes
    /// the request from the FIFO or from libcurl (closing its connection), and leaves the
    /// transport usable.
    public func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        let plan = try CurlRequestPlan(request)
        let token = CurlTransferToken()
        let shared = self.shared
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<CurlTransferToken.Outcome, Never>) in
                guard token.install(continuation) else { return }  // cancelled before it started
                let submission = CurlSubmission(token: token, plan: plan, enqueuedAt: monotonicNanos())
                if !shared.submit(.add(submission)) {
                    token.complete(.failure(.notSent(reason: "the transport was shut down")))
                }
            }
        } onCancel: {
            if token.cancel() {
                _ = shared.submit(.cancel(token))
            }
        }
        return try outcome.get().parsed()
    }

    /// Stops the transport: new requests fail as `notSent`, queued ones fail as `notSent`,
    /// in-flight ones fail as `notSent` or `ambiguous` (by the same size rule). Returns once
    /// the loop thread has exited its loop and freed every libcurl handle. Safe to call more
    /// than once and from several tasks.
    public func shutdown() async {
        shared.requestStop()
        await shared.waitUntilFinished()
    }

    /// Loop stalls detected by the watchdog since the transport started.
    public var loopStallCount: Int {
        shared.stallCount.load(ordering: .relaxed)
    }

    /// A snapshot of the live counters.
    public var statistics: Statistics {
        Statistics(
            inFlight: shared.inFlightCount.load(ordering: .relaxed),
            queued: shared.queuedCount.load(ordering: .relaxed),
            completed: shared.completedCount.load(ordering: .relaxed),
            loopStalls: shared.stallCount.load(ordering: .relaxed)
        )
    }

    /// Runs `body` on the loop thread (tests use it to simulate a stalled loop).
    func runOnLoopThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        shared.submit(.run(body))
    }
}
