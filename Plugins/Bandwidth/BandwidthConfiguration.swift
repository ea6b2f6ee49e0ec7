/// The `config:` block of a Bandwidth (Catapult v1 Messages) provider in providers.yaml.
///
/// ```yaml
/// - id: bandwidth
///   plugin: bandwidth
///   config:
///     user_id: "${BANDWIDTH_USER_ID}"       # u-…, the {userId} in every path
///     api_token: "${BANDWIDTH_API_TOKEN}"   # HTTP Basic user
///     api_secret: "${BANDWIDTH_API_SECRET}" # HTTP Basic password
///     from: "+19195551212"                  # default sender (one of your Bandwidth numbers)
///     callback_url: https://example.com/webhooks/bandwidth
/// ```
public struct BandwidthConfiguration: Decodable, Sendable, Hashable {
    /// The Catapult user id (`u-…`), the `{userId}` path segment.
    public var userID: String
    /// API token (HTTP Basic user name).
    public var apiToken: String
    /// API secret (HTTP Basic password).
    public var apiSecret: String
    /// Base URL without the version, default `https://api.catapult.inetwork.com`.
    public var baseURL: String
    /// API version path segment, default `v1`.
    public var apiVersion: String
    /// Default sender number (E.164) when a message names none.
    public var from: String?
    /// Callback URL used when a message carries none (`callbackUrl`).
    public var callbackURL: String?
    /// `callbackHttpMethod`: `GET` or `POST` (provider default POST); omitted when nil.
    public var callbackHTTPMethod: String?
    /// `callbackTimeout` in ms (provider default and maximum 10000); omitted when nil.
    public var callbackTimeoutMS: Int?
    /// `fallbackUrl` for callbacks that fail; omitted when nil.
    public var fallbackURL: String?
    /// `receiptRequested`: `none`, `all` or `error`. Default `all` (receipts are only sent
    /// when this is `all` or `error`).
    public var receiptRequested: String
    /// Total timeout of one API call in milliseconds (default 10 000).
    public var timeoutMS: Int
    /// When set (with ``webhookPassword``), webhooks must carry this HTTP Basic user — the
    /// credentials you embedded in the callback URL (`https://user:pass@host/…`).
    public var webhookUsername: String?
    /// The HTTP Basic password expected on webhooks.
    public var webhookPassword: String?

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case apiToken = "api_token"
        case apiSecret = "api_secret"
        case baseURL = "base_url"
        case apiVersion = "api_version"
        case from
        case callbackURL = "callback_url"
        case callbackHTTPMethod = "callback_http_method"
        case callbackTimeoutMS = "callback_timeout_ms"
        case fallbackURL = "fallback_url"
        case receiptRequested = "receipt_requested"
        case timeoutMS = "timeout_ms"
        case webhookUsername = "webhook_username"
        case webhookPassword = "webhook_password"
    }

    /// The real API host.
    public static let defaultBaseURL = "https://api.catapult.inetwork.com"

    /// Creates a configuration.
    public init(userID: String, apiToken: String, apiSecret: String, baseURL: String = BandwidthConfiguration.defaultBaseURL,
                apiVersion: String = "v1", from: String? = nil, callbackURL: String? = nil,
                callbackHTTPMethod: String? = nil, callbackTimeoutMS: Int? = nil, fallbackURL: String? = nil,
                receiptRequested: String = "all", timeoutMS: Int = 10_000, webhookUsername: String? = nil,
                webhookPassword: String? = nil) {
        self.userID = userID
        self.apiToken = apiToken
        self.apiSecret = apiSecret
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.from = from
        self.callbackURL = callbackURL
        self.callbackHTTPMethod = callbackHTTPMethod
        self.callbackTimeoutMS = callbackTimeoutMS
        self.fallbackURL = fallbackURL
        self.receiptRequested = receiptRequested
        self.timeoutMS = timeoutMS
        self.webhookUsername = webhookUsername
        self.webhookPassword = webhookPassword
    }

    /// Decodes the YAML block; optional keys take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            userID: try c.decode(String.self, forKey: .userID),
            apiToken: try c.decode(String.self, forKey: .apiToken),
            apiSecret: try c.decode(String.self, forKey: .apiSecret),
            baseURL: try c.decodeIfPresent(String.self, forKey: .baseURL) ?? Self.defaultBaseURL,
            apiVersion: try c.decodeIfPresent(String.self, forKey: .apiVersion) ?? "v1",
            from: try c.decodeIfPresent(String.self, forKey: .from),
            callbackURL: try c.decodeIfPresent(String.self, forKey: .callbackURL),
            callbackHTTPMethod: try c.decodeIfPresent(String.self, forKey: .callbackHTTPMethod),
            callbackTimeoutMS: try c.decodeIfPresent(Int.self, forKey: .callbackTimeoutMS),
            fallbackURL: try c.decodeIfPresent(String.self, forKey: .fallbackURL),
            receiptRequested: try c.decodeIfPresent(String.self, forKey: .receiptRequested) ?? "all",
            timeoutMS: try c.decodeIfPresent(Int.self, forKey: .timeoutMS) ?? 10_000,
            webhookUsername: try c.decodeIfPresent(String.self, forKey: .webhookUsername),
            webhookPassword: try c.decodeIfPresent(String.self, forKey: .webhookPassword))
    }
}
