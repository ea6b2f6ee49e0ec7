import Foundation
public import Switchboard

/// KPN's gateway `ErrorResponse` `{"transactionId","status","name","message","info"}`, found at the
/// top level or nested under `"error"` (provider-apis.md §3.3).
public struct KPNGatewayError: Sendable, Hashable {
    /// Quote this to KPN support.
    public var transactionID: String?
    /// The status as given (`"429"` or `429`).
    public var status: String?
    /// A short name (`TooManyRequests`, `ApplicationNotFound`).
    public var name: String?
    /// The message.
    public var message: String?
    /// More information.
    public var info: String?

    /// Reads the error object from a parsed body (top level or under `error`); nil when neither
    /// has any of its fields.
    public init?(json: JSONNode) {
        let object = json["error"].flatMap { $0.members == nil ? nil : $0 } ?? json
        transactionID = KPNJSON.string(object, "transactionId")
        status = KPNJSON.string(object, "status")
        name = KPNJSON.string(object, "name")
        message = KPNJSON.string(object, "message")
        info = KPNJSON.string(object, "info")
        if transactionID == nil, name == nil, message == nil, info == nil { return nil }
    }

    /// One line for error messages: name, message and transaction id.
    public var summary: String {
        var parts: [String] = []
        if let name { parts.append(name) }
        if let message { parts.append(message) }
        var text = parts.isEmpty ? "gateway error" : parts.joined(separator: ": ")
        if let transactionID { text += " (transactionId \(transactionID))" }
        return text
    }

    /// Seconds to wait after a 429: `Retry-After` when present, else the Apigee
    /// `quota-reset-UTC` header (epoch milliseconds or seconds — its format is not documented,
    /// so both are accepted [INF]); nil when neither is readable.
    public static func retryAfter(_ headers: HTTPHeaders, now: Double) -> Double? {
        if let text = headers["retry-after"], let seconds = Double(text), seconds >= 0 { return seconds }
        if let text = headers["quota-reset-utc"], let value = Double(text) {
            let resetAt = value > 1e11 ? value / 1000 : value
            return resetAt > 1e9 ? max(0, resetAt - now) : nil
        }
        return nil
    }
}

/// The Apigee OAuth fault `{"fault":{"faultstring":…,"detail":{"errorcode":…}}}`.
public struct KPNApigeeFault: Sendable, Hashable {
    /// `oauth.v2.InvalidAccessToken`, `oauth.v2.AccessTokenExpired`, …
    public var errorCode: String
    /// The fault text.
    public var faultString: String

    /// Reads the fault from a parsed body; nil when the body is not a fault.
    public init?(json: JSONNode) {
        guard let fault = json["fault"], fault.members != nil else { return nil }
        let detail = fault["detail"] ?? .object([])
        errorCode = KPNJSON.string(detail, "errorcode") ?? ""
        faultString = KPNJSON.string(fault, "faultstring") ?? ""
    }

    /// True for the invalid/expired-token faults, which may come with ANY HTTP status (even 500):
    /// the answer is to mint a new token and retry once.
    public var isInvalidToken: Bool {
        errorCode == "oauth.v2.InvalidAccessToken" || errorCode == "oauth.v2.AccessTokenExpired"
            || errorCode == "keymanagement.service.invalid_access_token"
            || errorCode == "keymanagement.service.access_token_expired"
    }
}
