import Synchronization
@testable import Switchboard

/// Collects the changes a ``ProviderHealthBoard`` reports, for assertions.
final class HealthChangeRecorder: Sendable {
    private let changes = Mutex<[ProviderHealthChange]>([])

    /// The closure to pass as `onChange`.
    var callback: @Sendable (ProviderHealthChange) -> Void {
        { [self] change in changes.withLock { $0.append(change) } }
    }

    /// Everything reported so far.
    var all: [ProviderHealthChange] { changes.withLock { $0 } }

    /// `state: reason` per change, the easiest form to compare.
    var lines: [String] { all.map { "\($0.provider) \($0.state): \($0.reason)" } }

    /// Returns and forgets what was reported so far.
    func take() -> [String] {
        let taken = lines
        changes.withLock { $0.removeAll() }
        return taken
    }
}
