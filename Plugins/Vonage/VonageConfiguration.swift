import Switchboard

/// How sends authenticate (provider reference §1.1).
public enum VonageAuthMode: String, Sendable, Hashable, Decodable, CaseIterable {
    /// `api_key` and `api_secret` as form parameters (the spec's way).
    case body
    /// `Authorization: Basic base64(api_key:api_secret)` (what SDK v4 does).
    case basic
    /// A signed request: `api_key`, `timestamp` and `sig`, without `api_secret`.
    case signature
}

/// The `config:` block of a `plugin: vonage` provider.
///
/// ```yaml
/// config:
///   api_key: ${VONAGE_KEY}
///   api_secret: ${VONAGE_SECRET}
///   signature_secret: ${VONAGE_SIG}   # optional: signed sends and signed webhooks
///   signature_method: sha256          # md5hash (default), md5, sha1, sha256, sha512
///   auth: signature                   # body (default), basic or signature (default when only a signature secret is given)
///   base_url: https://rest.nexmo.com
///   timeout_ms: 10000
/// ```
///
/// Printing a configuration never shows the credentials (`api_key` included).
public struct VonageConfiguration: Decodable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `api_key`.
    public var apiKey: String
    /// `api_secret` (needed for `body` and `basic` auth and the balance probe).
    public var apiSecret: String?
    /// The signature secret: signs sends in `signature` mode and verifies webhooks.
    public var signatureSecret: String?
    /// The account's signature method.
    public var signatureMethod: VonageSignatureMethod
    /// How sends authenticate; nil picks `signature` when there is no `api_secret` but a
    /// signature secret, otherwise `body`.
    public var auth: VonageAuthMode?
    /// The API host (default the real one); tests point it at the simulator.
    public var baseURL: String
    /// The whole-exchange timeout per request, in milliseconds.
    public var timeoutMilliseconds: Int
    /// `ttl` to send, in milliseconds (20000–604800000); nil leaves Vonage's 72 h default.
    public var ttlMilliseconds: Int?
    /// `status-report-req`: whether Vonage should send delivery receipts.
    public var statusReportRequested: Bool
    /// Whether webhooks must carry a valid signature; default true when a signature secret is set.
    public var verifyWebhookSignatures: Bool?

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
        case apiSecret = "api_secret"
        case signatureSecret = "signature_secret"
        case signatureMethod = "signature_method"
        case auth
        case baseURL = "base_url"
        case timeoutMilliseconds = "timeout_ms"
        case ttlMilliseconds = "ttl_ms"
        case statusReportRequested = "status_report_req"
        case verifyWebhookSignatures = "verify_webhook_signatures"
    }

    /// The real API host.
    public static let defaultBaseURL = "https://rest.nexmo.com"

    /// Creates a configuration.
    public init(apiKey: String, apiSecret: String? = nil, signatureSecret: String? = nil,
                signatureMethod: VonageSignatureMethod = .md5hash, auth: VonageAuthMode? = nil,
                baseURL: String = VonageConfiguration.defaultBaseURL, timeoutMilliseconds: Int = 10_000,
                ttlMilliseconds: Int? = nil, statusReportRequested: Bool = true, verifyWebhookSignatures: Bool? = nil) {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.signatureSecret = signatureSecret
        self.signatureMethod = signatureMethod
        self.auth = auth
        self.baseURL = baseURL
        self.timeoutMilliseconds = timeoutMilliseconds
        self.ttlMilliseconds = ttlMilliseconds
        self.statusReportRequested = statusReportRequested
        self.verifyWebhookSignatures = verifyWebhookSignatures
    }

    /// Decodes the YAML block.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiKey = try c.decode(String.self, forKey: .apiKey)
        apiSecret = try c.decodeIfPresent(String.self, forKey: .apiSecret)
        signatureSecret = try c.decodeIfPresent(String.self, forKey: .signatureSecret)
        signatureMethod = try c.decodeIfPresent(VonageSignatureMethod.self, forKey: .signatureMethod) ?? .md5hash
        auth = try c.decodeIfPresent(VonageAuthMode.self, forKey: .auth)
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL) ?? Self.defaultBaseURL
        timeoutMilliseconds = try c.decodeIfPresent(Int.self, forKey: .timeoutMilliseconds) ?? 10_000
        ttlMilliseconds = try c.decodeIfPresent(Int.self, forKey: .ttlMilliseconds)
        statusReportRequested = try c.decodeIfPresent(Bool.self, forKey: .statusReportRequested) ?? true
        verifyWebhookSignatures = try c.decodeIfPresent(Bool.self, forKey: .verifyWebhookSignatures)
    }

    /// The auth mode in effect.
    public var effectiveAuth: VonageAuthMode {
        auth ?? ((apiSecret ?? "").isEmpty && !(signatureSecret ?? "").isEmpty ? .signature : .body)
    }

    /// Checks the combination; messages never contain secret values.
    func validate() throws(ProviderConfigurationError) {
        if apiKey.isEmpty { throw ProviderConfigurationError("vonage: api_key is empty") }
        switch effectiveAuth {
        case .body, .basic:
            if (apiSecret ?? "").isEmpty { throw ProviderConfigurationError("vonage: auth '\(effectiveAuth.rawValue)' needs api_secret") }
        case .signature:
            if (signatureSecret ?? "").isEmpty { throw ProviderConfigurationError("vonage: auth 'signature' needs signature_secret") }
        }
        if !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ProviderConfigurationError("vonage: base_url must start with http:// or https://")
        }
        if timeoutMilliseconds <= 0 { throw ProviderConfigurationError("vonage: timeout_ms must be positive") }
        if let ttl = ttlMilliseconds, !(20_000...604_800_000).contains(ttl) {
            throw ProviderConfigurationError("vonage: ttl_ms must be within 20000...604800000")
        }
    }

    /// Mode, signature method and host — never credentials: the `api_key` is redacted like the
    /// secrets (it is half of the Basic credential and goes with every request).
    public var description: String {
        "VonageConfiguration(api_key: <redacted>, auth: \(effectiveAuth.rawValue), signature_method: \(signatureMethod.rawValue), base_url: \(baseURL), secrets: <redacted>)"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without secrets.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}
