public import Logging

/// How `switchboard serve` listens and protects its endpoints.
///
/// Printing a configuration never shows the API token.
public struct ServerConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The address to bind (`127.0.0.1` by default: put a TLS proxy in front for the internet).
    public var host: String
    /// The port; 0 picks a free one (see ``SwitchboardServer/run(onListening:)``).
    public var port: Int
    /// The bearer token the REST API (`/v1/…`) requires. Nil disables the REST API: every
    /// `/v1` request is answered 401 with a hint to configure a token. Webhooks, `/metrics` and
    /// `/healthz` do not use it (providers authenticate webhooks by signature).
    public var apiToken: String?
    /// The largest request body accepted, in bytes (webhooks and REST alike); larger ones get 413.
    public var maxBodyBytes: Int
    /// Whether SIGTERM/SIGINT start a graceful shutdown and SIGHUP reloads the rules. Tests that
    /// run a server inside their own process turn this off.
    public var handlesSignals: Bool
    /// How long a graceful shutdown waits for in-flight REST sends after the listener closes.
    public var drainTimeout: Duration
    /// The logger (label `switchboard.server`). The token and provider secrets are never logged.
    public var logger: Logger

    /// Default: 127.0.0.1:8080, no token, 1 MiB bodies, signals handled.
    public init(host: String = "127.0.0.1", port: Int = 8080, apiToken: String? = nil, maxBodyBytes: Int = 1 << 20,
                handlesSignals: Bool = true, drainTimeout: Duration = .seconds(60),
                logger: Logger = Logger(label: "switchboard.server")) {
        self.host = host
        self.port = port
        self.apiToken = apiToken
        self.maxBodyBytes = maxBodyBytes
        self.handlesSignals = handlesSignals
        self.drainTimeout = drainTimeout
        self.logger = logger
    }

    public var description: String {
        "ServerConfiguration(host: \(host), port: \(port), apiToken: \(apiToken == nil ? "none" : "<redacted>"), "
            + "maxBodyBytes: \(maxBodyBytes), handlesSignals: \(handlesSignals))"
    }

    public var debugDescription: String { description }
}
