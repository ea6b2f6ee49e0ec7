extension BandwidthProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Kind, id, base URL and user id — never the token, secret or Authorization header.
    public var description: String {
        "BandwidthProvider(id: \(id), base_url: \(configuration.baseURL), user_id: \(configuration.userID))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without credentials (so `dump` and `String(reflecting:)` cannot leak them).
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}

extension BandwidthConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The configuration with its token and secrets redacted.
    public var description: String {
        "BandwidthConfiguration(user_id: \(userID), api_token: <redacted>, api_secret: <redacted>, base_url: \(baseURL), "
            + "from: \(from ?? "-"), receipt_requested: \(receiptRequested), "
            + "timeout_ms: \(timeoutMS))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without credentials.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}
