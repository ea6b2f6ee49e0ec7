import Synchronization

/// What the core decided for one request before the simulation sees it.
enum FaultDecision: Sendable {
    case hang
    case garbage
    case fault(InjectedFault)
    case pass
}

/// One logged request (method and path only: never queries, headers or bodies — they hold credentials).
public struct SimulatorRequestRecord: Sendable, Hashable, CustomStringConvertible {
    /// `GET`, `POST`, …
    public var method: String
    /// The path without the query.
    public var path: String
    /// Whether the simulation counted it as a send.
    public var isSend: Bool

    /// `POST /sms/json`.
    public var description: String { "\(method) \(path)" }
}

/// Per-provider fault state: settings, forced injections, token bucket, request log. Thread-safe.
final class SimulatorFaultState: Sendable {
    private struct State {
        var settings = FaultSettings.none
        var forced: [InjectedFault] = []
        var hangs = 0
        var garbage = 0
        var bucket: TokenBucket?
        var records: [SimulatorRequestRecord] = []
    }

    private let state = Mutex(State())
    private static let maxRecords = 10_000

    var settings: FaultSettings {
        get { state.withLock { $0.settings } }
        set { state.withLock { $0.settings = newValue; if newValue.rateLimitPerSecond == nil { $0.bucket = nil } } }
    }

    func failNext(_ fault: InjectedFault, count: Int) {
        state.withLock { $0.forced.append(contentsOf: repeatElement(fault, count: max(0, count))) }
    }

    func hangNext(count: Int) { state.withLock { $0.hangs += max(0, count) } }
    func garbageNext(count: Int) { state.withLock { $0.garbage += max(0, count) } }

    func clearInjections() {
        state.withLock {
            $0.forced.removeAll()
            $0.hangs = 0
            $0.garbage = 0
        }
    }

    /// Logs a request and returns the current settings (one lock).
    func recordAndSettings(_ record: SimulatorRequestRecord) -> FaultSettings {
        state.withLock {
            if $0.records.count >= Self.maxRecords { $0.records.removeFirst($0.records.count / 2) }
            $0.records.append(record)
            return $0.settings
        }
    }

    var records: [SimulatorRequestRecord] { state.withLock { $0.records } }
    var requestCount: Int { state.withLock { $0.records.count } }
    var sendCount: Int { state.withLock { $0.records.lazy.filter(\.isSend).count } }

    /// Decides what happens to a request. Forced injections (`*Next`) apply to sends only, so a
    /// token fetch or probe before the send does not consume them; the rates apply to every
    /// request (hang, garbage) or every send (error rates, rate limit).
    func decide(isSend: Bool, now: ContinuousClock.Instant) -> FaultDecision {
        state.withLock { state in
            if isSend {
                if state.hangs > 0 {
                    state.hangs -= 1
                    return .hang
                }
                if state.garbage > 0 {
                    state.garbage -= 1
                    return .garbage
                }
            }
            let settings = state.settings
            if settings.hangRate > 0, Double.random(in: 0..<1) < settings.hangRate { return .hang }
            if settings.garbageRate > 0, Double.random(in: 0..<1) < settings.garbageRate { return .garbage }
            guard isSend else { return .pass }
            if !state.forced.isEmpty { return .fault(state.forced.removeFirst()) }
            if let rate = settings.rateLimitPerSecond {
                if state.bucket == nil { state.bucket = TokenBucket(rate: rate, now: now) }
                if state.bucket?.take(rate: rate, now: now) == false { return .fault(.throttled) }
            }
            if !settings.errorRates.isEmpty {
                for fault in InjectedFault.allCases {
                    if let p = settings.errorRates[fault], p > 0, Double.random(in: 0..<1) < p { return .fault(fault) }
                }
            }
            return .pass
        }
    }
}
