import Switchboard
import Foundation

/// A Bandwidth v1 error body, `{"category":"…","code":"kebab-case","message":"…","details":[…]}`
/// (reference §4.6), or what could be salvaged from a non-JSON body.
public struct BandwidthAPIError: Sendable, Hashable, Decodable {
    /// The error category (`bad-request`, `authorization`, `credit`, `limit`, `forbidden`, …).
    public var category: String?
    /// The kebab-case code (`message-rate-limit`, `insufficient-available-balance`, …).
    public var code: String?
    /// The provider's message (for a non-JSON body: its first 79 characters, like python-bandwidth).
    public var message: String?

    /// Creates an error.
    public init(category: String? = nil, code: String? = nil, message: String? = nil) {
        self.category = category
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case category, code, message }

    /// Parses an error body. JSON is recognised by a content type starting with
    /// `application/json` (so `; charset=utf-8` is fine) or, without one, by a body starting
    /// with `{`. Anything else becomes a message of at most 79 characters. Never throws.
    public static func parse(body: [UInt8], contentType: String?) -> BandwidthAPIError {
        let type = contentType?.trimmingCharacters(in: .whitespaces).lowercased()
        let text = String(decoding: body, as: UTF8.self)
        let looksJSON = type.map { $0.hasPrefix("application/json") || $0.hasSuffix("+json") }
            ?? text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).hasPrefix("{")
        if looksJSON || text.first == "{",
            let decoded = try? JSONDecoder().decode(BandwidthAPIError.self, from: Data(body)) {
            return decoded
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return BandwidthAPIError(message: trimmed.isEmpty ? nil : String(trimmed.prefix(79)))
    }

    /// The provider error for this body at `status` (nil for an item inside a bulk response).
    func providerError(status: Int?, retryAfter: Double?) -> ProviderError {
        let outcome = BandwidthErrorTable.outcome(status: status, category: category, code: code, retryAfter: retryAfter)
        let label = code ?? status.map { "http \($0)" } ?? "error"
        var text = status.map { "HTTP \($0)" } ?? "bulk item"
        if let category { text += " \(category)" }
        text += ": " + (message ?? "no error message")
        return ProviderError(outcome, code: label, message: text)
    }
}
