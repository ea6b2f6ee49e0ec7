import Switchboard

/// The `config:` block of an `smscx` provider in providers.yaml.
///
/// ```yaml
/// config:
///   api_key: ${SMSCX_API_KEY}          # X-API-KEY auth, or:
///   application_id: ${SMSCX_APP_ID}    # OAuth2 client credentials (Basic id:secret → Bearer)
///   application_secret: ${SMSCX_APP_SECRET}
///   default_from: InfoText
///   timeout_ms: 10000
///   transliteration: { alphabet: NON_GSM, remove_emojis: true }
/// ```
public struct SMSCXConfiguration: Decodable, Sendable {
    /// Transliteration the provider applies before sending (`transliteration` request object).
    public struct Transliteration: Decodable, Sendable, Hashable {
        /// The alphabets the API accepts (error 1110 otherwise).
        public static let alphabets: Set<String> = [
            "NONE", "NON_GSM", "POLISH", "TURKISH", "GREEK", "ROMANIAN", "RUSSIAN_CYRILLIC", "BULGARIAN_CYRILLIC",
            "UKRAINIAN_CYRILLIC", "BELARUSIAN_CYRILLIC", "SERBIAN_CYRILLIC", "MACEDONIAN_CYRILLIC",
        ]
        /// `alphabet` (required by the API).
        public var alphabet: String
        /// `removeEmojis` (default false).
        public var removeEmojis: Bool

        /// Creates it.
        public init(alphabet: String, removeEmojis: Bool = false) {
            self.alphabet = alphabet
            self.removeEmojis = removeEmojis
        }

        enum CodingKeys: String, CodingKey {
            case alphabet
            case removeEmojis = "remove_emojis"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            alphabet = try c.decode(String.self, forKey: .alphabet)
            removeEmojis = try c.decodeIfPresent(Bool.self, forKey: .removeEmojis) ?? false
        }
    }

    /// API base URL (default the real host `https://api.sms.cx`).
    public var baseURL: String
    /// API key for `X-API-KEY` auth.
    public var apiKey: String?
    /// OAuth2 application id (client id).
    public var applicationID: String?
    /// OAuth2 application secret.
    public var applicationSecret: String?
    /// Optional OAuth scope (space separated; empty grants all).
    public var scope: String?
    /// Sender used when a message has none (`from` is required by the API).
    public var defaultFrom: String?
    /// Total request timeout in milliseconds (default 10 000).
    public var timeoutMilliseconds: Int
    /// Transliteration option sent with every message, if any.
    public var transliteration: Transliteration?

    /// Creates a configuration.
    public init(baseURL: String = "https://api.sms.cx", apiKey: String? = nil, applicationID: String? = nil,
                applicationSecret: String? = nil, scope: String? = nil, defaultFrom: String? = nil,
                timeoutMilliseconds: Int = 10_000, transliteration: Transliteration? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.applicationID = applicationID
        self.applicationSecret = applicationSecret
        self.scope = scope
        self.defaultFrom = defaultFrom
        self.timeoutMilliseconds = timeoutMilliseconds
        self.transliteration = transliteration
    }

    enum CodingKeys: String, CodingKey {
        case baseURL = "base_url"
        case apiKey = "api_key"
        case applicationID = "application_id"
        case applicationSecret = "application_secret"
        case scope
        case defaultFrom = "default_from"
        case timeoutMilliseconds = "timeout_ms"
        case transliteration
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL) ?? "https://api.sms.cx"
        apiKey = try c.decodeIfPresent(String.self, forKey: .apiKey)
        applicationID = try c.decodeIfPresent(String.self, forKey: .applicationID)
        applicationSecret = try c.decodeIfPresent(String.self, forKey: .applicationSecret)
        scope = try c.decodeIfPresent(String.self, forKey: .scope)
        defaultFrom = try c.decodeIfPresent(String.self, forKey: .defaultFrom)
        timeoutMilliseconds = try c.decodeIfPresent(Int.self, forKey: .timeoutMilliseconds) ?? 10_000
        transliteration = try c.decodeIfPresent(Transliteration.self, forKey: .transliteration)
    }

    /// Checks the configuration; the messages never contain secret values.
    func validate() throws(ProviderConfigurationError) {
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw ProviderConfigurationError("smscx: base_url must be an http(s) URL")
        }
        let hasKey = !(apiKey ?? "").isEmpty
        let hasOAuth = !(applicationID ?? "").isEmpty && !(applicationSecret ?? "").isEmpty
        guard hasKey || hasOAuth else {
            throw ProviderConfigurationError("smscx: set api_key, or application_id and application_secret")
        }
        guard timeoutMilliseconds > 0 else { throw ProviderConfigurationError("smscx: timeout_ms must be positive") }
        if let transliteration, !Transliteration.alphabets.contains(transliteration.alphabet) {
            throw ProviderConfigurationError(
                "smscx: transliteration.alphabet '\(transliteration.alphabet)' is not one of \(Transliteration.alphabets.sorted().joined(separator: ", "))")
        }
    }
}

extension SMSCXConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The configuration without secret values.
    public var description: String {
        let auth = (apiKey ?? "").isEmpty ? "oauth(application_id: <redacted>)" : "api_key(<redacted>)"
        return "SMSCXConfiguration(base_url: \(baseURL), auth: \(auth), timeout_ms: \(timeoutMilliseconds))"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// Only the redacted summary is reflected (`dump`, `String(reflecting:)`).
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}
