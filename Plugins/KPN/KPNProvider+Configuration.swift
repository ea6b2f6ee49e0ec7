extension KPNProvider {
    /// The `config:` block in providers.yaml.
    ///
    /// ```yaml
    /// config: { client_id: "${KPN_CLIENT_ID}", client_secret: "${KPN_CLIENT_SECRET}", from: InfoText }
    /// ```
    public struct Configuration: Decodable, Sendable {
        /// The KPN API Store app's client id.
        public var clientID: String
        /// The app's client secret. Never logged.
        public var clientSecret: String
        /// The gateway; default `https://api-prd.kpn.com`.
        public var baseURL: String
        /// Sender used when a message has none (alphanumeric up to 11, or up to 15 digits).
        public var from: String?
        /// Request timeout in milliseconds (default 10,000).
        public var timeoutMilliseconds: Int
        /// Message lifetime in milliseconds (`ttl`, 20000–604800000), if set.
        public var ttlMilliseconds: Int?
        /// Refresh the token this many seconds before it expires (default 300).
        public var tokenRefreshMarginSeconds: Double
        /// When set, the health probe requires this API product in the token's product list.
        public var requiredProduct: String?

        enum CodingKeys: String, CodingKey {
            case clientID = "client_id"
            case clientSecret = "client_secret"
            case baseURL = "base_url"
            case from
            case timeoutMilliseconds = "timeout_ms"
            case ttlMilliseconds = "ttl_ms"
            case tokenRefreshMarginSeconds = "token_refresh_margin_s"
            case requiredProduct = "required_product"
        }

        /// Creates a configuration.
        public init(clientID: String, clientSecret: String, baseURL: String = "https://api-prd.kpn.com", from: String? = nil,
                    timeoutMilliseconds: Int = 10_000, ttlMilliseconds: Int? = nil, tokenRefreshMarginSeconds: Double = 300,
                    requiredProduct: String? = nil) {
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.baseURL = baseURL
            self.from = from
            self.timeoutMilliseconds = timeoutMilliseconds
            self.ttlMilliseconds = ttlMilliseconds
            self.tokenRefreshMarginSeconds = tokenRefreshMarginSeconds
            self.requiredProduct = requiredProduct
        }

        /// Decodes the YAML block (only `client_id` and `client_secret` are required).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                clientID: try c.decode(String.self, forKey: .clientID),
                clientSecret: try c.decode(String.self, forKey: .clientSecret),
                baseURL: try c.decodeIfPresent(String.self, forKey: .baseURL) ?? "https://api-prd.kpn.com",
                from: try c.decodeIfPresent(String.self, forKey: .from),
                timeoutMilliseconds: try c.decodeIfPresent(Int.self, forKey: .timeoutMilliseconds) ?? 10_000,
                ttlMilliseconds: try c.decodeIfPresent(Int.self, forKey: .ttlMilliseconds),
                tokenRefreshMarginSeconds: try c.decodeIfPresent(Double.self, forKey: .tokenRefreshMarginSeconds) ?? 300,
                requiredProduct: try c.decodeIfPresent(String.self, forKey: .requiredProduct))
        }
    }
}

extension KPNProvider.Configuration: CustomStringConvertible, CustomReflectable {
    /// Host and timeout — never credentials: the client id is redacted like the secret (the
    /// pair is the Basic credential of every token request), as SMS.CX's application id is.
    public var description: String {
        "KPNProvider.Configuration(client_id: <redacted>, client_secret: <redacted>, base_url: \(baseURL), timeout_ms: \(timeoutMilliseconds))"
    }

    /// A mirror without credentials.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}

extension KPNProvider: CustomStringConvertible, CustomReflectable {
    /// The id and gateway — never credentials or tokens.
    public var description: String { "KPNProvider(id: \(id.rawValue), base_url: \(baseURL))" }

    /// A mirror without credentials.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}
