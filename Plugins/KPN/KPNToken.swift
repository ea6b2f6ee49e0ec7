import Foundation
public import Switchboard

/// An access token from KPN's Apigee OAuth endpoint (provider-apis.md §3.1).
public struct KPNToken: Sendable, Hashable {
    /// The bearer token. Never log it.
    public var accessToken: String
    /// When it expires (seconds since 1970).
    public var expiresAt: Double
    /// The app's status (`approved` when usable).
    public var status: String?
    /// The API products the app is entitled to (`api_product_list_json`).
    public var products: [String]
    /// `demo` or `prod`, when given.
    public var level: String?
    /// When it was minted (seconds since 1970, our clock).
    public var mintedAt: Double

    /// Creates a token.
    public init(accessToken: String, expiresAt: Double, status: String? = nil, products: [String] = [], level: String? = nil,
                mintedAt: Double? = nil) {
        self.accessToken = accessToken
        self.mintedAt = mintedAt ?? expiresAt - 3599
        self.expiresAt = expiresAt
        self.status = status
        self.products = products
        self.level = level
    }

    /// Reads the token endpoint's answer. Every value is a string (`"expires_in":"3599"`), but
    /// numbers are accepted too. Errors never quote the token or the client secret.
    ///
    /// - `{"ErrorCode":"invalid_client",…}` (any status) → `accountProblem`, terminal.
    /// - 401/403 → `accountProblem`; 429 → `throttled`; 5xx → `unavailable`.
    /// - A 2xx without an `access_token` → `unavailable` (no message was sent, so never ambiguous).
    public static func parse(_ response: HTTPResponse, now: Double) throws(ProviderError) -> KPNToken {
        let json = KPNJSON.object(response.body)
        if let json, let code = KPNJSON.string(json, "ErrorCode") {
            let text = KPNJSON.string(json, "Error") ?? "token request refused"
            throw ProviderError(.accountProblem, code: code, message: "KPN OAuth: \(text)")
        }
        guard (200..<300).contains(response.status) else {
            let retryAfter = KPNGatewayError.retryAfter(response.headers, now: now)
            let outcome: ProviderOutcome = switch response.status {
            case 400, 401, 403: .accountProblem
            case 429: .throttled(retryAfter: retryAfter)
            default: .unavailable
            }
            let detail = json.flatMap { KPNGatewayError(json: $0) }?.summary ?? "HTTP \(response.status)"
            throw ProviderError(outcome, code: "http \(response.status)", message: "KPN OAuth token request failed: \(detail)")
        }
        guard let json, let token = KPNJSON.string(json, "access_token"), !token.isEmpty else {
            throw ProviderError(.unavailable, code: "bad-token-response", message: "KPN OAuth: unreadable token response")
        }
        let lifetime = KPNJSON.double(json, "expires_in") ?? 3599
        let products: [String]
        if let list = json["api_product_list_json"]?.array, list.allSatisfy({ $0.string != nil }) {
            products = list.compactMap(\.string)
        } else if let text = KPNJSON.string(json, "api_product_list") {
            products = text.trimmingCharacters(in: ["[", "]"]).split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
        } else {
            products = []
        }
        return KPNToken(accessToken: token, expiresAt: now + lifetime, status: KPNJSON.string(json, "status"),
                        products: products, level: KPNJSON.string(json, "level"), mintedAt: now)
    }
}

extension KPNToken: CustomStringConvertible {
    /// Expiry and status only — never the token itself.
    public var description: String { "KPNToken(expiresAt: \(expiresAt), status: \(status ?? "-"))" }
}

extension KPNToken: CustomReflectable {
    /// A mirror without the access token.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}
