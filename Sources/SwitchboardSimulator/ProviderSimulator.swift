import Switchboard
public import Logging
import Synchronization

/// A local fake of several provider APIs at once, each on its own `127.0.0.1` port, with fault
/// injection. Used by plugin tests (real HTTP through `CurlTransport`), demos and benchmarks.
///
/// ```swift
/// let simulator = ProviderSimulator(providers: [.init(simulation: VonageSimulation(), credentials: creds)])
/// try await simulator.start()
/// let url = simulator.baseURL(for: "vonage")      // "http://127.0.0.1:54321"
/// simulator.failNext(.throttled, for: "vonage")   // the next send is throttled
/// try await simulator.setOutage(true, for: "vonage")  // connection refused until set back
/// await simulator.stop()
/// ```
///
/// Per request the core applies: outage (listener closed) → held sends (``holdSends(for:)``) → latency → hang / garbage →
/// for sends (``SimulatedProvider/isSend(_:)``): forced faults, rate limit, error-rate draw →
/// the simulation's fault answer (fallback: plain 503 JSON) → otherwise the simulation handles it.
/// ``failNext(_:count:for:)``, ``hangNext(count:for:)`` and ``garbageNext(count:for:)`` apply to
/// sends only, so an OAuth token fetch or a probe never consumes them.
///
/// Unknown kinds passed to the per-kind methods are a programming error (precondition failure).
public final class ProviderSimulator: Sendable {
    /// One provider to simulate.
    public struct Provider: Sendable {
        /// The simulation (wire format, credentials check, fault answers).
        public var simulation: any SimulatedProvider
        /// Credentials the fake API accepts.
        public var credentials: SimulatorCredentials
        /// Starting account balance.
        public var balance: Double
        /// Price per SMS segment.
        public var pricePerSegment: Double
        /// Port to listen on (0 = any free port).
        public var port: Int

        /// Creates a provider entry.
        public init(simulation: any SimulatedProvider, credentials: SimulatorCredentials, balance: Double = 100,
                    pricePerSegment: Double = 0.05, port: Int = 0) {
            self.simulation = simulation
            self.credentials = credentials
            self.balance = balance
            self.pricePerSegment = pricePerSegment
            self.port = port
        }

        /// The simulated kind (`vonage`, …).
        public var kind: String { type(of: simulation).kind }
    }

    /// Errors from starting or restarting listeners.
    public struct SimulatorError: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    final class Slot: Sendable {
        struct Listening {
            var task: Task<Void, Never>?
            var port: Int
        }

        let simulation: any SimulatedProvider
        let context: SimulatorContext
        let faults = SimulatorFaultState()
        let listening: Mutex<Listening>

        init(simulation: any SimulatedProvider, context: SimulatorContext, port: Int) {
            self.simulation = simulation
            self.context = context
            listening = Mutex(Listening(task: nil, port: port))
        }

        var kind: String { context.kind }
    }

    private let slots: [String: Slot]
    /// The simulated kinds, in the order given.
    public let kinds: [String]
    private let sender: CallbackSender
    private let deliversCallbacks: Bool
    private let lifecycle = Mutex(false)  // started
    /// The control API's listener task and port, when running.
    let control = Mutex<(task: Task<Void, Never>?, port: Int)>((nil, 0))
    let logger: Logger

    /// Creates a simulator (nothing listens until ``start()``).
    ///
    /// - Parameters:
    ///   - providers: one entry per kind (a repeated kind is a programming error).
    ///   - deliverCallbacks: true = scheduled receipts/inbound messages are POSTed to their URLs
    ///     (with retries); false = they are kept in each context for
    ///     ``SimulatorContext/takeScheduledCallbacks()`` (deterministic tests).
    ///   - logger: where callback failures are logged (never secrets).
    public init(providers: [Provider], deliverCallbacks: Bool = true,
                logger: Logger = Logger(label: "switchboard.simulator")) {
        let sender = CallbackSender(logger: logger)
        var slots: [String: Slot] = [:]
        var kinds: [String] = []
        for provider in providers {
            let kind = provider.kind
            precondition(slots[kind] == nil, "ProviderSimulator: kind '\(kind)' given twice")
            let onCallback: (@Sendable (ScheduledCallback) -> Void)? =
                deliverCallbacks ? { @Sendable callback in sender.enqueue(callback, kind: kind) } : nil
            let context = SimulatorContext(
                kind: kind, credentials: provider.credentials, baseURL: "http://127.0.0.1:\(provider.port)",
                balance: provider.balance, pricePerSegment: provider.pricePerSegment, onCallback: onCallback)
            slots[kind] = Slot(simulation: provider.simulation, context: context, port: provider.port)
            kinds.append(kind)
        }
        self.slots = slots
        self.kinds = kinds
        self.sender = sender
        self.deliversCallbacks = deliverCallbacks
        self.logger = logger
    }

    func slot(_ kind: String) -> Slot {
        guard let slot = slots[kind] else {
            preconditionFailure("ProviderSimulator: no simulated provider '\(kind)' (have: \(kinds.joined(separator: ", ")))")
        }
        return slot
    }

    /// Whether a kind is simulated.
    public func simulates(_ kind: String) -> Bool { slots[kind] != nil }

    /// Binds every provider on its own `127.0.0.1` listener.
    public func start() async throws {
        let alreadyStarted = lifecycle.withLock { started in
            defer { started = true }
            return started
        }
        guard !alreadyStarted else { return }
        if deliversCallbacks { try sender.start() }
        do {
            for kind in kinds { try await listen(slot(kind)) }
        } catch {
            await stop()
            throw error
        }
    }

    /// Closes every listener (hung requests are cancelled) and the callback sender.
    public func stop() async {
        lifecycle.withLock { $0 = false }
        let controlTask = control.withLock { control in
            defer { control.task = nil }
            return control.task
        }
        controlTask?.cancel()
        await controlTask?.value
        for kind in kinds { await close(slot(kind)) }
        await sender.shutdown()
    }

    private func listen(_ slot: Slot) async throws {
        let port = slot.listening.withLock { $0.port }
        do {
            let (task, bound) = try await SimulatorListener.start(port: port, label: "simulator.\(slot.kind)") {
                [self] request in
                self.reply(to: request, slot: slot)
            }
            slot.listening.withLock {
                $0.task = task
                $0.port = bound
            }
            slot.context.setBaseURL("http://127.0.0.1:\(bound)")
        } catch {
            throw SimulatorError(description: "\(error)")
        }
    }

    private func close(_ slot: Slot) async {
        let task = slot.listening.withLock { listening in
            defer { listening.task = nil }
            return listening.task
        }
        guard let task else { return }
        task.cancel()
        await task.value
    }

    /// This provider's base URL, `http://127.0.0.1:PORT` (the bound port once started).
    public func baseURL(for kind: String) -> String { slot(kind).context.baseURL }

    /// The bound port (the requested one before ``start()``).
    public func port(for kind: String) -> Int { slot(kind).listening.withLock { $0.port } }

    /// This provider's state: balance, tokens, ids, callbacks.
    public func context(for kind: String) -> SimulatorContext { slot(kind).context }

    /// The current fault settings.
    public func faults(for kind: String) -> FaultSettings { slot(kind).faults.settings }

    /// Replaces the fault settings (takes effect for the next request).
    public func setFaults(_ faults: FaultSettings, for kind: String) { slot(kind).faults.settings = faults }

    /// The next `count` sends get `fault` (the simulation's wire answer for it).
    public func failNext(_ fault: InjectedFault, count: Int = 1, for kind: String) {
        slot(kind).faults.failNext(fault, count: count)
    }

    /// The next `count` sends are received and never answered (the client times out: ambiguous).
    public func hangNext(count: Int = 1, for kind: String) { slot(kind).faults.hangNext(count: count) }

    /// The next `count` sends get HTTP 200 with an unparseable body.
    public func garbageNext(count: Int = 1, for kind: String) { slot(kind).faults.garbageNext(count: count) }

    /// Holds this provider's sends: they are read and left unanswered until
    /// ``releaseSends(for:)`` (token requests, probes and other calls are answered as usual).
    /// For measuring a client with many requests outstanding at once (`bench e2e --in-flight`).
    public func holdSends(for kind: String) { slot(kind).faults.hold() }

    /// Answers the held sends (each after its latency, with its faults) and stops holding.
    public func releaseSends(for kind: String) { slot(kind).faults.release() }

    /// Sends held now (``holdSends(for:)``).
    public func heldSends(for kind: String) -> Int { slot(kind).faults.gate.waiting }

    /// Drops pending `failNext`/`hangNext`/`garbageNext` injections.
    public func clearInjections(for kind: String) { slot(kind).faults.clearInjections() }

    /// Takes the provider down (its listener closes: connection refused) or brings it back on
    /// the same port.
    public func setOutage(_ down: Bool, for kind: String) async throws {
        let slot = slot(kind)
        if down {
            await close(slot)
        } else if slot.listening.withLock({ $0.task == nil }) {
            // While it was down, another socket (often a client's ephemeral port) may hold the
            // port for a moment: retry for up to 5 s before giving up.
            var delay = Duration.milliseconds(20)
            let end = ContinuousClock.now + .seconds(5)
            while true {
                do {
                    try await listen(slot)
                    return
                } catch {
                    guard ContinuousClock.now < end else { throw error }
                    try await Task.sleep(for: delay)
                    delay = min(delay * 2, .milliseconds(500))
                }
            }
        }
    }

    /// Whether the provider's listener is down.
    public func isDown(_ kind: String) -> Bool { slot(kind).listening.withLock { $0.task == nil } }

    /// Requests received so far (including faulted and hung ones).
    public func receivedRequests(for kind: String) -> Int { slot(kind).faults.requestCount }

    /// Sends received so far (requests the simulation classed as sends).
    public func receivedSends(for kind: String) -> Int { slot(kind).faults.sendCount }

    /// The log of received requests (method and path only).
    public func requestLog(for kind: String) -> [SimulatorRequestRecord] { slot(kind).faults.records }

    /// Callbacks delivered with a 2xx answer / given up on, across providers.
    public var callbackCounts: (delivered: Int, failed: Int) { (sender.delivered, sender.failed) }

    /// Asks the simulation to send its inbound-message webhook for a message `from` a handset
    /// `to` one of our numbers, to `webhookURL` (default: the context's default callback URL).
    ///
    /// - Returns: false when the simulation does not simulate inbound messages or no URL is known.
    @discardableResult
    public func injectInbound(kind: String, from: String, to: String, text: String, webhookURL: String? = nil) -> Bool {
        let slot = slot(kind)
        guard let url = webhookURL ?? slot.context.defaultCallbackURL,
              let callbacks = slot.simulation.inboundCallback(from: from, to: to, text: text, url: url,
                                                              context: slot.context)
        else { return false }
        for callback in callbacks { slot.context.schedule(callback) }
        return true
    }

    /// The answer for one request, computed on the listener's event loop when nothing has to
    /// wait; latency, a hang or a simulation without ``SimulatedProvider/handleImmediately(_:context:)``
    /// make it a task. Without latency the request is logged and its faults decided under one lock.
    func reply(to request: SimulatorRequest, slot: Slot) -> SimulatorListener.Reply {
        let isSend = slot.simulation.isSend(request)
        switch slot.faults.arrive(SimulatorRequestRecord(method: request.method, path: request.path, isSend: isSend)) {
        case .decided(let decision):
            return answer(request, decision: decision, slot: slot)
        case .held(let delay):
            return .later { [self] in
                await slot.faults.gate.pass()
                if delay > 0 {
                    do { try await Task.sleep(for: .milliseconds(delay)) } catch { return Self.unavailable }
                } else if Task.isCancelled {
                    return Self.unavailable
                }
                switch self.answer(request, decision: slot.faults.decide(isSend: isSend), slot: slot) {
                case .now(let response): return response
                case .later(let answer): return await answer()
                }
            }
        case .wait(let delay):
            return .later { [self] in
                do { try await Task.sleep(for: .milliseconds(delay)) } catch { return Self.unavailable }
                switch self.answer(request, decision: slot.faults.decide(isSend: isSend), slot: slot) {
                case .now(let response): return response
                case .later(let answer): return await answer()
                }
            }
        }
    }

    /// Hang / garbage → forced faults, rate limit, error-rate draw → the simulation.
    private func answer(_ request: SimulatorRequest, decision: FaultDecision, slot: Slot) -> SimulatorListener.Reply {
        switch decision {
        case .hang:
            // Never answer; the listener's cut-off (stop/outage) cancels the wait.
            return .later {
                try? await Task.sleep(for: .seconds(24 * 3600))
                return Self.unavailable
            }
        case .garbage:
            return .now(SimulatorResponse(status: 200, headers: [("Content-Type", "application/json")],
                                          body: Array("<html>\u{0}garbage{{".utf8)))
        case .fault(let fault):
            return .now(slot.simulation.response(for: fault, to: request, context: slot.context)
                ?? .json(503, #"{"error":"service unavailable","fault":"\#(fault.rawValue)"}"#))
        case .pass:
            if let answer = slot.simulation.handleImmediately(request, context: slot.context) { return .now(answer) }
            return .later { await slot.simulation.handle(request, context: slot.context) }
        }
    }

    static let unavailable = SimulatorResponse.json(503, #"{"error":"service unavailable"}"#)
}
