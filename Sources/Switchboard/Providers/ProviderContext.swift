public import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a plugin gets from Switchboard: its transport, logger, clock and secrets.
/// Plugins never create their own.
public struct ProviderContext: Sendable {
    /// The HTTP transport to send through.
    public var transport: any HTTPTransport
    /// A logger labelled with the provider id. Never log secrets.
    public var logger: Logger
    /// The clock for token expiry, signatures' timestamps and backoff.
    public var clock: any ProviderClock
    /// Resolves secrets by name (`${NAME}` references are already resolved in the configuration;
    /// this is for plugins that need more, e.g. a webhook signature secret from a file).
    public var secrets: @Sendable (String) -> String?

    /// Creates a context.
    public init(transport: any HTTPTransport, logger: Logger, clock: any ProviderClock = SystemProviderClock(),
                secrets: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.transport = transport
        self.logger = logger
        self.clock = clock
        self.secrets = secrets
    }
}

/// Wall-clock time for plugins (tests substitute a fixed clock).
public protocol ProviderClock: Sendable {
    /// Seconds since 1970.
    func now() -> Double
}

/// The system clock.
public struct SystemProviderClock: ProviderClock {
    /// Creates it.
    public init() {}
    /// Seconds since 1970.
    public func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
