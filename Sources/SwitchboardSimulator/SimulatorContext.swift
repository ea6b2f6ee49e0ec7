public import Switchboard
import Foundation
import Synchronization

/// Credentials a simulated provider accepts (what the real API would check).
public struct SimulatorCredentials: Sendable, Hashable, Codable {
    /// Vonage `api_key`, SMS.CX `X-API-KEY`, Bandwidth API token, KPN/SMS.CX OAuth client id.
    public var key: String
    /// Vonage `api_secret`, Bandwidth API secret, OAuth client secret.
    public var secret: String
    /// Vonage signature secret (signed requests and webhooks).
    public var signatureSecret: String
    /// Bandwidth `userId`.
    public var userID: String

    /// Creates credentials.
    public init(key: String, secret: String, signatureSecret: String = "", userID: String = "") {
        self.key = key
        self.secret = secret
        self.signatureSecret = signatureSecret
        self.userID = userID
    }
}

/// A callback the simulator will make later (delivery receipts, inbound messages).
public struct ScheduledCallback: Sendable {
    /// The request to send (to the URL the sender gave or the configured webhook URL).
    public var request: HTTPRequest
    /// Seconds from now.
    public var delay: Double

    /// Creates a callback.
    public init(request: HTTPRequest, delay: Double) {
        self.request = request
        self.delay = delay
    }
}

/// Per-provider state the simulator core keeps and simulations use: credentials, balance,
/// message ids, OAuth tokens, scheduled callbacks. Thread-safe.
public final class SimulatorContext: Sendable {
    private struct State {
        var balance: Double
        var nextID: UInt64 = 1
        var tokens: [String: Double] = [:]  // token → expiry (seconds since 1970)
        var issued: [String] = []  // the last 1,000 tokens issued, in order (expired ones too)
        var callbacks: [ScheduledCallback] = []
        var sends = 0
        var deliveredRatio = 1.0
        var receiptDelay = 0.05
        var defaultCallbackURL: String?
        var baseURL: String
    }

    /// The provider kind.
    public let kind: String
    /// Accepted credentials.
    public let credentials: SimulatorCredentials
    /// This provider's base URL on the simulator (`http://127.0.0.1:PORT`); set by the
    /// simulator once the listener is bound.
    public var baseURL: String { state.withLock { $0.baseURL } }
    /// Price per SMS segment the simulation charges.
    public let pricePerSegment: Double
    /// Token lifetime for OAuth providers, in seconds.
    public let tokenLifetime: Double
    /// `Basic base64(key:secret)`: the canonical Basic `Authorization` value for the
    /// credentials, so a request carrying exactly it is accepted without decoding base64.
    let basicAuthorization: String
    private let state: Mutex<State>
    private let clock: @Sendable () -> Double
    /// Called when a callback is scheduled (the core's sender); nil = keep them for inspection.
    private let onCallback: (@Sendable (ScheduledCallback) -> Void)?

    /// Creates a context.
    public init(kind: String, credentials: SimulatorCredentials, baseURL: String, balance: Double = 100,
                pricePerSegment: Double = 0.05, tokenLifetime: Double = 3599,
                clock: @escaping @Sendable () -> Double = { SystemProviderClock().now() },
                onCallback: (@Sendable (ScheduledCallback) -> Void)? = nil) {
        self.kind = kind
        self.credentials = credentials
        self.pricePerSegment = pricePerSegment
        self.tokenLifetime = tokenLifetime
        self.clock = clock
        self.onCallback = onCallback
        basicAuthorization = "Basic " + Data("\(credentials.key):\(credentials.secret)".utf8).base64EncodedString()
        state = Mutex(State(balance: balance, baseURL: baseURL))
    }

    /// Sets the base URL (the simulator calls this when it binds the provider's listener).
    public func setBaseURL(_ url: String) { state.withLock { $0.baseURL = url } }

    /// Seconds since 1970 (the simulator's clock).
    public func now() -> Double { clock() }

    /// The account balance.
    public var balance: Double { state.withLock { $0.balance } }

    /// Sets the balance (fault injection: "balance running out").
    public func setBalance(_ value: Double) { state.withLock { $0.balance = value } }

    /// Deducts `amount` if the balance covers it; false when it does not (insufficient credit).
    public func charge(_ amount: Double) -> Bool {
        state.withLock {
            guard $0.balance >= amount else { return false }
            $0.balance -= amount
            $0.sends += 1
            return true
        }
    }

    /// Accepted sends so far.
    public var acceptedSends: Int { state.withLock { $0.sends } }

    /// A new unique message id, e.g. `0A00000000000001` (simulations may reformat it).
    public func nextMessageID() -> UInt64 {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Issues an OAuth access token valid for ``tokenLifetime``.
    public func issueToken() -> String {
        let id = nextMessageID()
        let token = "sim-\(kind)-token-\(id)"
        let expiry = now() + tokenLifetime
        state.withLock {
            $0.tokens[token] = expiry
            if $0.issued.count >= 1000 { $0.issued.removeFirst() }
            $0.issued.append(token)
        }
        return token
    }

    /// The OAuth access tokens issued so far (the last 1,000), oldest first — expired ones too,
    /// so tests can check that no token a client ever held reached a log.
    public var issuedTokens: [String] { state.withLock { $0.issued } }

    /// Whether a bearer token is known and unexpired.
    public func isValidToken(_ token: String) -> Bool {
        let t = now()
        return state.withLock { ($0.tokens[token] ?? 0) > t }
    }

    /// Expires every issued token (fault injection: "expired tokens").
    public func expireTokens() { state.withLock { $0.tokens.removeAll() } }

    /// Fraction of messages that get a `delivered` receipt (the rest `failed`).
    public var deliveredRatio: Double { state.withLock { $0.deliveredRatio } }

    /// Sets the delivered ratio.
    public func setDeliveredRatio(_ value: Double) { state.withLock { $0.deliveredRatio = value } }

    /// Seconds between acceptance and the delivery receipt.
    public var receiptDelay: Double { state.withLock { $0.receiptDelay } }

    /// Sets the receipt delay.
    public func setReceiptDelay(_ value: Double) { state.withLock { $0.receiptDelay = value } }

    /// Where receipts go when a send names no callback URL (the account-level webhook setting).
    public var defaultCallbackURL: String? { state.withLock { $0.defaultCallbackURL } }

    /// Sets the account-level webhook URL.
    public func setDefaultCallbackURL(_ url: String?) { state.withLock { $0.defaultCallbackURL = url } }

    /// Whether the next receipt should say delivered (draws against ``deliveredRatio``; a ratio
    /// of 1 or more — the default — or of 0 or less decides without drawing).
    public func drawDelivered() -> Bool {
        let ratio = deliveredRatio
        if ratio >= 1 { return true }
        if ratio <= 0 { return false }
        return Double.random(in: 0..<1) < ratio
    }

    /// Schedules a callback (a receipt or inbound message) to be sent by the core.
    public func schedule(_ callback: ScheduledCallback) {
        if let onCallback { onCallback(callback) } else { state.withLock { $0.callbacks.append(callback) } }
    }

    /// Callbacks scheduled while no sender was attached (for tests), removing them.
    public func takeScheduledCallbacks() -> [ScheduledCallback] {
        state.withLock { state in
            defer { state.callbacks.removeAll() }
            return state.callbacks
        }
    }
}
