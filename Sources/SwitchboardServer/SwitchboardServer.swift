public import Switchboard
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `switchboard serve`: provider webhooks, the REST API, `/metrics` and `/healthz` over one
/// ``MessageRouter``, with rules reload on SIGHUP and a graceful shutdown on SIGTERM/SIGINT.
///
/// ```swift
/// let router = try MessageRouter(rulesDirectory: "rules", registry: registry, logPath: "switchboard.sqlite",
///                                options: options)   // options.callbackBaseURL = "https://hooks.example.com"
/// let server = SwitchboardServer(router: router,
///                                configuration: ServerConfiguration(apiToken: token),
///                                metrics: .bootstrap())
/// try await server.run()   // until SIGTERM/SIGINT; drains in-flight sends, then shuts the router down
/// ```
///
/// Endpoints:
/// - `GET|POST /webhooks/{provider}/receipts`, `/webhooks/{provider}/inbound` (see the plugin of
///   each provider for what it accepts; signatures are verified where the provider signs)
/// - `POST /v1/messages`, `POST /v1/estimate`, `GET /v1/messages`, `GET /v1/messages/{id}`
///   (`Authorization: Bearer <token>`)
/// - `GET /metrics` (Prometheus text), `GET /healthz` (200 while a provider is usable, else 503)
public final class SwitchboardServer: Sendable {
    /// The router every endpoint uses.
    public let router: MessageRouter
    /// How the server listens.
    public let configuration: ServerConfiguration
    let metrics: MetricsEndpoint?
    let inFlight = InFlightSends()
    private let state = Mutex<(group: ServiceGroup?, stopRequested: Bool)>((nil, false))

    /// Creates a server (nothing listens until ``run(onListening:)``).
    ///
    /// - Parameters:
    ///   - metrics: what `/metrics` shows (usually ``MetricsEndpoint/bootstrap()``); nil = 404.
    public init(router: MessageRouter, configuration: ServerConfiguration, metrics: MetricsEndpoint? = nil) {
        self.router = router
        self.configuration = configuration
        self.metrics = metrics
    }

    /// Serves until SIGTERM/SIGINT (when ``ServerConfiguration/handlesSignals``) or
    /// ``shutdown()``: stops accepting connections, lets requests in progress finish, waits for
    /// in-flight sends (up to ``ServerConfiguration/drainTimeout``), then shuts the router down
    /// (flushing the outcome log).
    ///
    /// - Parameter onListening: called with the bound port once the server listens (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let logger = configuration.logger
        let port = configuration.port
        let app = Application(
            router: makeRoutes(),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: port)),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.notice("switchboard serve listening", metadata: ["host": "\(self.configuration.host)", "port": "\(bound)"])
                await onListening(bound)
            },
            logger: logger)
        var services = [ServiceGroupConfiguration.ServiceConfiguration(service: app)]
        if configuration.handlesSignals {
            services.append(.init(service: RulesReloader(router: router, logger: logger),
                                  successTerminationBehavior: .gracefullyShutdownGroup))
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: configuration.handlesSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        let stopAlready = state.withLock { state in
            state.group = group
            return state.stopRequested
        }
        if stopAlready { await group.triggerGracefulShutdown() }
        var failure: (any Error)?
        do { try await group.run() } catch { failure = error }
        if await !inFlight.drain(timeout: configuration.drainTimeout) {
            logger.warning("shutdown: \(inFlight.current) send(s) still in flight after the drain timeout")
        }
        await router.shutdown()
        state.withLock { $0.group = nil }
        logger.notice("switchboard serve stopped")
        if let failure { throw failure }
    }

    /// Starts a graceful shutdown (as SIGTERM does); ``run(onListening:)`` returns when it is done.
    public func shutdown() async {
        let group = state.withLock { state in
            state.stopRequested = true
            return state.group
        }
        await group?.triggerGracefulShutdown()
    }

    /// Reloads the rules as SIGHUP does: validate everything, then swap. Returns whether the new
    /// rules are in use; on problems the old rules keep serving and each is logged with `file:line`.
    @discardableResult
    public func reloadRules() -> Bool { RulesReloader.reload(router, logger: configuration.logger) }

    /// The endpoints.
    func makeRoutes() -> Hummingbird.Router<BasicRequestContext> {
        let routes = Hummingbird.Router(context: BasicRequestContext.self)
        let router = self.router
        routes.get("healthz") { _, _ in
            let report = HealthReport(providers: router.providerHealth)
            return HTTPExchange.json(report.json, status: report.usable > 0 ? .ok : .serviceUnavailable)
        }
        let metrics = self.metrics
        routes.get("metrics") { _, _ in
            guard let metrics else { throw APIError.notFound("metrics are not enabled on this server") }
            return metrics.response()
        }
        WebhookRoutes(router: router, maxBodyBytes: configuration.maxBodyBytes, logger: configuration.logger)
            .register(on: routes.group("webhooks"))
        MessageAPI(router: router, maxBodyBytes: configuration.maxBodyBytes, inFlight: inFlight)
            .register(on: routes.group("v1").add(middleware: BearerAuth(token: configuration.apiToken)))
        return routes
    }
}
