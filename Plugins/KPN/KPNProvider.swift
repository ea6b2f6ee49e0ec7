public import Switchboard

/// KPN API Store's "Vonage (Nexmo) SMS API" proxy (provider-apis.md §3): Apigee OAuth2
/// client-credentials tokens, then Vonage form fields to `POST /communication/nexmo/sms/send`.
///
/// ```yaml
/// - id: kpn
///   plugin: kpn
///   config: { client_id: "${KPN_CLIENT_ID}", client_secret: "${KPN_CLIENT_SECRET}", from: InfoText }
/// ```
///
/// Tokens are cached, refreshed 5 minutes before expiry, minted once for many concurrent sends,
/// and re-minted once when the gateway rejects them. Sends are not idempotent: `client-ref`
/// (our message id) is for correlation only.
public struct KPNProvider: MessageProvider {
    /// `plugin: kpn`.
    public static let kind = "kpn"
    /// The token path (query `grant_type=client_credentials`).
    public static let tokenPath = "/oauth/client_credential/accesstoken"
    /// The send path.
    public static let sendPath = "/communication/nexmo/sms/send"
    /// The longest `client-ref` KPN's schema allows.
    public static let maxClientReferenceLength = 40

    /// The provider id from providers.yaml.
    public let id: ProviderID
    private let configuration: Configuration
    let baseURL: String
    private let context: ProviderContext
    private let tokens: KPNTokenStore

    /// SMS only, one message per request, no idempotency key, no balance endpoint.
    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(channels: [.sms], maxBatchSize: 1, idempotentRetries: false, reportsBalance: false)
    }

    /// Creates the provider; throws ``ProviderConfigurationError`` for empty credentials, a
    /// base URL that is not http(s), or a non-positive timeout.
    public init(id: ProviderID, configuration: Configuration, context: ProviderContext) throws {
        guard !configuration.clientID.isEmpty, !configuration.clientSecret.isEmpty else {
            throw ProviderConfigurationError("provider '\(id.rawValue)': kpn needs client_id and client_secret")
        }
        guard configuration.baseURL.hasPrefix("http://") || configuration.baseURL.hasPrefix("https://") else {
            throw ProviderConfigurationError("provider '\(id.rawValue)': base_url must start with http:// or https://")
        }
        guard configuration.timeoutMilliseconds > 0 else {
            throw ProviderConfigurationError("provider '\(id.rawValue)': timeout_ms must be positive")
        }
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.id = id
        self.configuration = configuration
        self.baseURL = base
        self.context = context
        let tokenRequest = Self.tokenRequest(baseURL: base, configuration: configuration)
        let transport = context.transport
        let clock = context.clock
        let logger = context.logger
        tokens = KPNTokenStore(refreshMargin: configuration.tokenRefreshMarginSeconds, clock: clock) { () async throws(ProviderError) -> KPNToken in
            logger.debug("kpn: minting an OAuth token")
            let response: HTTPResponse
            do {
                response = try await transport.send(tokenRequest)
            } catch {
                // No message was sent yet, so even an ambiguous token call is "unavailable".
                throw ProviderError(.unavailable, code: "transport", message: "KPN OAuth token request failed: \(error)")
            }
            do throws(ProviderError) {
                return try KPNToken.parse(response, now: clock.now())
            } catch {
                logger.warning("kpn: token request refused: \(error)")
                throw error
            }
        }
    }

    /// The request timeout.
    var timeout: Duration { .milliseconds(configuration.timeoutMilliseconds) }

    /// The OAuth token request: form `client_id`/`client_secret`, no Basic auth.
    public static func tokenRequest(baseURL: String, configuration: Configuration) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: baseURL + tokenPath + "?grant_type=client_credentials",
            headers: HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]),
            body: Array(FormEncoding.encode([("client_id", configuration.clientID), ("client_secret", configuration.clientSecret)]).utf8),
            totalTimeout: .milliseconds(configuration.timeoutMilliseconds))
    }

    /// The form fields of a send (Vonage names, no `api_key`/`api_secret`: the gateway adds them).
    public func formFields(for message: OutboundMessage) throws(ProviderError) -> [(String, String)] {
        guard message.channel == .sms else {
            throw ProviderError(.routeRejected, code: "channel", message: "KPN's Nexmo SMS API carries only SMS, not \(message.channel)")
        }
        let sender: String
        switch message.from {
        case .alphanumeric(let name)?: sender = name
        case .shortCode(let code)?: sender = code
        case .number(let number)?: sender = number.digits
        case nil:
            guard let from = configuration.from, !from.isEmpty else {
                throw ProviderError(.routeRejected, code: "from", message: "KPN needs a sender (`from`) and none was given or configured")
            }
            sender = from
        }
        var fields: [(String, String)] = [
            ("from", sender),
            ("to", message.to.digits),
            ("text", message.text),
            ("type", message.analysis.encoding == .ucs2 ? "unicode" : "text"),
            ("client-ref", String(message.id.prefix(Self.maxClientReferenceLength))),
        ]
        if let ttl = configuration.ttlMilliseconds { fields.append(("ttl", String(ttl))) }
        if let callback = message.callbackURL, !callback.isEmpty {
            // KPN's default is false (Vonage's is true): ask for the DLR explicitly.
            fields.append(("status-report-req", "true"))
            fields.append(("callback", callback))
        }
        return fields
    }

    /// The send request with a bearer token.
    public func sendRequest(for message: OutboundMessage, accessToken: String) throws(ProviderError) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: baseURL + Self.sendPath,
            headers: HTTPHeaders([
                ("Authorization", "Bearer " + accessToken),
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json"),
            ]),
            body: Array(FormEncoding.encode(try formFields(for: message)).utf8),
            totalTimeout: timeout)
    }

    /// Sends one message; re-mints the token once when the gateway rejects it.
    public func send(_ message: OutboundMessage) async throws(ProviderError) -> ProviderAcceptance {
        var reminted = false
        while true {
            let token: KPNToken
            if !reminted, let cached = tokens.usableCachedToken() {
                token = cached
            } else {
                token = try await tokens.token()
            }
            let request = try sendRequest(for: message, accessToken: token.accessToken)
            let response: HTTPResponse
            do {
                response = try await context.transport.send(request)
            } catch {
                let failure = Self.transportFailure(error)
                context.logger.info("kpn: send \(message.id) failed: \(failure)")
                throw failure
            }
            switch KPNSendResponse.classify(response, now: context.clock.now()) {
            case .accepted(let acceptance):
                context.logger.debug("kpn: send \(message.id) accepted, \(acceptance.parts.count) part(s)")
                return acceptance
            case .failed(let error):
                context.logger.info("kpn: send \(message.id) failed: \(error)")
                throw error
            case .tokenRejected(let error):
                await tokens.invalidate(token.accessToken)
                if reminted {
                    context.logger.warning("kpn: a freshly minted token was rejected: \(error)")
                    throw error
                }
                reminted = true
                context.logger.info("kpn: token rejected (\(error.code ?? "?")); minting a new one and retrying once")
            }
        }
    }

    /// Maps a transport failure: not sent → `unavailable`; maybe sent → `ambiguous`.
    public static func transportFailure(_ error: HTTPTransportError) -> ProviderError {
        switch error {
        case .notSent, .invalidRequest: ProviderError(.unavailable, code: "transport", message: "KPN not reached: \(error)")
        case .ambiguous, .cancelled: ProviderError(.ambiguous, code: "transport", message: "KPN may have received the message: \(error)")
        }
    }

    /// Mints a fresh token: healthy when the app's status is `approved` (and, when configured,
    /// the token lists `required_product`).
    public func checkHealth() async -> ProviderHealth {
        do {
            let token = try await tokens.refresh()
            if let product = configuration.requiredProduct, !token.products.contains(product) {
                return ProviderHealth(status: .down, outcome: .accountProblem,
                                      detail: "token minted, but the app is not entitled to \(product)")
            }
            switch token.status {
            case "approved"?:
                return ProviderHealth(status: .healthy, detail: "token minted (app approved\(token.level.map { ", level \($0)" } ?? ""))")
            case nil:
                return ProviderHealth(status: .degraded, detail: "token minted without an app status")
            case let status?:
                return ProviderHealth(status: .down, outcome: .accountProblem, detail: "app status is '\(status)'")
            }
        } catch {
            return ProviderHealth(status: .down, outcome: error.outcome, detail: error.description)
        }
    }

    /// How many tokens this provider has minted (diagnostics).
    public func tokenMintCount() async -> Int { await tokens.mintCount }
}
