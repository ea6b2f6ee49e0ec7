import Switchboard
import Synchronization

/// Runs `body` with a fresh transport and always shuts it down afterwards.
func withTransport<T>(
    _ configuration: CurlTransport.Configuration = CurlTransport.Configuration(),
    _ body: (CurlTransport) async throws -> T
) async throws -> T {
    let transport = try CurlTransport(configuration: configuration)
    do {
        let result = try await body(transport)
        await transport.shutdown()
        return result
    } catch {
        await transport.shutdown()
        throw error
    }
}

/// The error `send` threw, or `nil` if it returned a response.
func sendError(_ transport: some HTTPTransport, _ request: HTTPRequest) async -> HTTPTransportError? {
    do {
        _ = try await transport.send(request)
        return nil
    } catch {
        return error
    }
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

extension HTTPTransportError {
    var isNotSent: Bool {
        if case .notSent = self { return true }
        return false
    }

    var isAmbiguous: Bool {
        if case .ambiguous = self { return true }
        return false
    }

    var isInvalidRequest: Bool {
        if case .invalidRequest = self { return true }
        return false
    }
}

extension Optional where Wrapped == HTTPTransportError {
    var isNotSent: Bool { self?.isNotSent ?? false }
    var isAmbiguous: Bool { self?.isAmbiguous ?? false }
    var isInvalidRequest: Bool { self?.isInvalidRequest ?? false }
}

/// A thread-safe append-only list for tests.
final class TestRecorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    func append(_ value: Value) {
        storage.withLock { $0.append(value) }
    }

    var values: [Value] { storage.withLock { $0 } }
}
