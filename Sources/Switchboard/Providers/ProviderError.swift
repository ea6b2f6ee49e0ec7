/// A send that did not (fully) succeed, with its outcome class and the provider's own words.
///
/// `message` must never contain secrets: plugins build it from the provider's status code
/// and error text only, never from request headers, bodies or URLs with credentials.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The outcome class (drives fallback).
    public var outcome: ProviderOutcome
    /// The provider's code (`"7"`, `"insufficient_credit"`, `"message-rate-limit"`, `"http 503"`).
    public var code: String?
    /// A human-readable explanation.
    public var message: String
    /// Parts the provider did accept before failing (multipart SMS), if any.
    public var partial: ProviderAcceptance?

    /// Creates an error.
    public init(_ outcome: ProviderOutcome, code: String? = nil, message: String, partial: ProviderAcceptance? = nil) {
        self.outcome = outcome
        self.code = code
        self.message = message
        self.partial = partial
    }

    public var description: String {
        var text = outcome.description
        if let code { text += " [\(code)]" }
        text += ": \(message)"
        if let partial { text += " (\(partial.parts.filter { $0.error == nil }.count) of \(partial.parts.count) parts accepted)" }
        return text
    }
}
