import Logging
import Synchronization

/// A log handler that keeps every rendered line (to check no secret is ever logged).
/// Shared by every plugin's tests.
struct LogCapture: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
    }
    let store = Store()
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.lines.withLock { $0.append("\(event.message) \(event.metadata ?? [:])") }
    }

    var lines: [String] { store.lines.withLock { $0 } }
}
