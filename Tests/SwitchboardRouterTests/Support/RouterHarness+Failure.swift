import Switchboard
import Testing

extension RouterHarness {
    /// Sends `message` and returns the ``SendFailure`` it must end with; records an issue (and
    /// returns nil) when the router accepted it instead.
    func failure(of message: Message, sourceLocation: SourceLocation = #_sourceLocation) async -> SendFailure? {
        do throws(SendFailure) {
            let result = try await router.send(message)
            Issue.record("expected a failure, got \(result.provider) accepting it", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// Send requests the simulator received, per provider kind (including faulted ones).
    func sends(_ kinds: [String] = ["vonage", "smscx", "kpn", "bandwidth"]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: kinds.map { ($0, simulator.receivedSends(for: $0)) })
    }
}
