/// A parsed JSON value: a small document model for reading provider answers on the hot path,
/// where `JSONDecoder` and `JSONSerialization` cost several microseconds per response.
///
/// Numbers keep their literal text, so integers of any size and decimals read back exactly.
/// Objects keep their members in document order (lookups are linear: provider answers are small).
///
/// ```swift
/// let answer = try JSONNode(parsing: response.body)
/// let id = answer["messages"]?[0]?["message-id"]?.string
/// ```
public enum JSONNode: Sendable, Hashable {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONNode

        /// Creates a member.
        public init(key: String, value: JSONNode) {
            self.key = key
            self.value = value
        }
    }

    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its literal text (`42`, `-0.0333`, `1e3`).
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONNode])
    /// An object, members in document order.
    case object([Member])

    /// Parses a complete JSON document (RFC 8259; any value at the top, whitespace around it).
    ///
    /// - Throws: ``JSONNodeError`` with the byte offset of the first problem.
    public init(parsing bytes: [UInt8]) throws(JSONNodeError) {
        self = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONNodeError) -> JSONNode in
            var parser = JSONNodeParser(buffer)
            return try parser.document()
        }
    }

    /// The first member named `key` of an object; nil for a missing key or a non-object.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// The element at `index` of an array; nil out of range or for a non-array.
    public subscript(index: Int) -> JSONNode? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string of a `.string`; nil otherwise.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements of an `.array`; nil otherwise.
    public var array: [JSONNode]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an `.object`; nil otherwise.
    public var members: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The value of a `.bool`; nil otherwise.
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The value of a `.number`; nil otherwise.
    public var double: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// The value of a `.number` that is a whole number (`3`, `3.0`, `3e2`); nil otherwise.
    public var int: Int? {
        guard case .number(let text) = self else { return nil }
        if let exact = Int(text) { return exact }
        guard let d = Double(text), d.rounded() == d, abs(d) < 9.0e18 else { return nil }
        return Int(d)
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// A scalar as text, for APIs that send numbers as strings and vice versa: a string as it
    /// is, a number's literal, a boolean as `1` or `0`; nil for null, arrays and objects.
    public var scalarText: String? {
        switch self {
        case .string(let s): s
        case .number(let text): text
        case .bool(let b): b ? "1" : "0"
        default: nil
        }
    }
}

/// Why a document is not JSON.
public struct JSONNodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset of the problem.
    public var offset: Int
    /// What is wrong there.
    public var reason: String

    /// Creates an error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `invalid JSON at byte 12: expected ':'`.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
