import Metrics
import Hummingbird
public import Prometheus

/// `/metrics`: the Prometheus text exposition of a collector registry.
///
/// The router's counters (`switchboard_attempts_total{provider,outcome}`,
/// `switchboard_messages_total`, `switchboard_receipts_total`, latency, provider state) reach the
/// registry through swift-metrics once ``bootstrap()`` made Prometheus the process's backend.
public struct MetricsEndpoint: Sendable {
    /// The registry rendered at `/metrics`.
    public let registry: PrometheusCollectorRegistry

    /// An endpoint over `registry` (without bootstrapping swift-metrics).
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    private static let shared: MetricsEndpoint = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return MetricsEndpoint(registry: registry)
    }()

    /// Makes a Prometheus registry the swift-metrics backend of this process (once; later calls
    /// return the same endpoint). Do not call it when the app bootstrapped another backend.
    public static func bootstrap() -> MetricsEndpoint { shared }

    /// The exposition.
    func response() -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
