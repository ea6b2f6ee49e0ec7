import Foundation
import Switchboard

/// A JSON value the server builds its answers from (sorted keys, snake_case from Codable types).
enum JSONValue: Sendable, Hashable, Codable {
    case string(String)
    case number(Double)
    case int(Int64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    /// The encoder for answers: snake_case keys, ISO 8601 dates, sorted keys.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A Codable value as JSON (snake_case keys); nil if it cannot be encoded.
    init?(encoding value: some Encodable) {
        guard let data = try? Self.encoder().encode(value),
              let decoded = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        self = decoded
    }

    /// An optional string (null when nil).
    init(_ text: String?) { self = text.map(JSONValue.string) ?? .null }

    /// An optional number (null when nil).
    init(_ number: Double?) { self = number.map(JSONValue.number) ?? .null }

    /// One attempt of a send.
    init(_ attempt: AttemptSummary) {
        self = .object([
            "seq": .int(Int64(attempt.seq)), "provider": .string(attempt.provider.rawValue),
            "outcome": .string(attempt.outcome.name), "code": JSONValue(attempt.code),
            "detail": JSONValue(attempt.detail), "duration": .number(attempt.duration),
        ])
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let d): try c.encode(d.isFinite ? d : 0)
        case .int(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// UTF-8 JSON text.
    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(self))) ?? Array(#"{"error":{"kind":"internal","message":"encoding failed"}}"#.utf8)
    }
}
