import Synchronization

/// What the core decided for one request before the simulation sees it.
enum FaultDecision: Sendable {
    case hang
    case garbage
    case fault(InjectedFault)
    case pass
}

/// What happens to a request as it arrives (``SimulatorFaultState/arrive(_:)``).
enum FaultArrival: Sendable {
    /// Wait this long, then ``SimulatorFaultState/decide(isSend:)``.
    case wait(milliseconds: Double)
    /// No latency: decided at once.
    case decided(FaultDecision)
    /// A send while sends are held: wait for ``SimulatorFaultState/gate``, then this long, then
    /// ``SimulatorFaultState/decide(isSend:)``.
    case held(milliseconds: Double)
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
        /// Sends wait at ``gate`` (``hold()``).
        var holding = false
    }

    private let state = Mutex(State())
    /// Where held sends wait.
    let gate = SimulatorSendGate()
    private static let maxRecords = 10_000

    var settings: FaultSettings {
        get { state.withLock { $0.settings } }
        set { state.withLock { $0.settings = newValue; if newValue.rateLimitPerSecond == nil { $0.bucket = nil } } }
    }

    func failNext(_ fault: InjectedFault, count: Int) {
        state.withLock { $0.forced.append(contentsOf: repeatElement(fault, count: max(0, count))) }
    }

    func hangNext(count: Int) { state.withLock { $0.hangs += max(0, count) } }

    /// Sends from now on wait at ``gate`` until ``release()``.
    func hold() {
        gate.close()
        state.withLock { $0.holding = true }
    }

    /// Lets held sends go on (each with its latency, then its faults) and stops holding.
    func release() {
        state.withLock { $0.holding = false }
        gate.open()
    }
    func garbageNext(count: Int) { state.withLock { $0.garbage += max(0, count) } }

    func clearInjections() {
        state.withLock {
            $0.forced.removeAll()
            $0.hangs = 0
            $0.garbage = 0
        }
    }

    /// What happens to a request as it arrives: it is logged and, with no latency to wait out,
    /// decided at once — one lock either way.
    func arrive(_ record: SimulatorRequestRecord) -> FaultArrival {
        state.withLock { state in
            if state.records.count >= Self.maxRecords { state.records.removeFirst(state.records.count / 2) }
            state.records.append(record)
            let delay = state.settings.latency.sample()
            if state.holding, record.isSend { return .held(milliseconds: delay) }
            guard delay <= 0 else { return .wait(milliseconds: delay) }
            return .decided(Self.decide(&state, isSend: record.isSend))
        }
    }

    var records: [SimulatorRequestRecord] { state.withLock { $0.records } }
    var requestCount: Int { state.withLock { $0.records.count } }
    var sendCount: Int { state.withLock { $0.records.lazy.filter(\.isSend).count } }

    /// Decides what happens to a request whose latency is over.
    func decide(isSend: Bool) -> FaultDecision {
        state.withLock { Self.decide(&$0, isSend: isSend) }
    }

    /// Forced injections (`*Next`) apply to sends only, so a token fetch or probe before the send
    /// does not consume them; the rates apply to every request (hang, garbage) or every send
    /// (error rates, rate limit). The clock is read only for a rate limit.
    private static func decide(_ state: inout State, isSend: Bool) -> FaultDecision {
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
        if state.settings.hangRate > 0, Double.random(in: 0..<1) < state.settings.hangRate { return .hang }
        if state.settings.garbageRate > 0, Double.random(in: 0..<1) < state.settings.garbageRate { return .garbage }
        guard isSend else { return .pass }
        if !state.forced.isEmpty { return .fault(state.forced.removeFirst()) }
        if let rate = state.settings.rateLimitPerSecond {
            let now = ContinuousClock.now
            if state.bucket == nil { state.bucket = TokenBucket(rate: rate, now: now) }
            if state.bucket?.take(rate: rate, now: now) == false { return .fault(.throttled) }
        }
        if !state.settings.errorRates.isEmpty {
            for fault in InjectedFault.allCases {
                if let p = state.settings.errorRates[fault], p > 0, Double.random(in: 0..<1) < p { return .fault(fault) }
            }
        }
        return .pass
    }
}
