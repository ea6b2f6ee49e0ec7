/// Decodes a plugin's `Configuration` from its `config:` YAML block.
///
/// Scalars are converted to whatever type the field asks for (so `api_key: 12345678` is still a
/// String), keys are matched as written (use snake_case `CodingKeys`), and errors name the path
/// and the file position — never a secret value.
public struct YAMLNodeDecoder: Sendable {
    /// The file name used in error messages.
    public var file: String

    /// Creates a decoder.
    public init(file: String = "providers.yaml") {
        self.file = file
    }

    /// Decodes `T` from `node` (an empty mapping when nil).
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode?) throws -> T {
        let root = node ?? YAMLNode(.mapping([]), line: 0, column: 0)
        return try T(from: NodeDecoder(node: root, path: [], file: file))
    }
}

/// Why a plugin configuration is unusable.
public struct ProviderConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with where (file:line:column) and the key path.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

private struct NodeDecoder: Decoder {
    let node: YAMLNode
    let path: [any CodingKey]
    let file: String
    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func fail(_ what: String, at node: YAMLNode? = nil) -> ProviderConfigurationError {
        let n = node ?? self.node
        let keyPath = path.map(\.stringValue).joined(separator: ".")
        return ProviderConfigurationError("\(file):\(n.line):\(n.column): config\(keyPath.isEmpty ? "" : ".\(keyPath)"): \(what)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let pairs = node.mapping else { throw fail("expected a mapping, found \(node.kindName)") }
        var map: [String: YAMLNode] = [:]
        for (k, v) in pairs { if let s = k.scalar { map[s] = v } }
        return KeyedDecodingContainer(Keyed<Key>(decoder: self, map: map))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = node.sequence else { throw fail("expected a list, found \(node.kindName)") }
        return Unkeyed(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func child(_ node: YAMLNode, key: any CodingKey) -> NodeDecoder {
        NodeDecoder(node: node, path: path + [key], file: file)
    }

    /// Converts the scalar to `T`, or throws without quoting secret values.
    func scalar<T>(_ name: String, _ convert: (String) -> T?) throws -> T {
        guard let text = node.scalar else { throw fail("expected \(name), found \(node.kindName)") }
        guard let value = convert(text) else {
            throw fail(node.isSecret ? "expected \(name) (value from the environment not shown)" : "expected \(name), found '\(text)'")
        }
        return value
    }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let map: [String: YAMLNode]
    var codingPath: [any CodingKey] { decoder.path }
    var allKeys: [Key] { map.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { map[key.stringValue] != nil }

    func node(_ key: Key) throws -> YAMLNode {
        guard let n = map[key.stringValue] else {
            throw decoder.fail("missing required key '\(key.stringValue)'")
        }
        return n
    }

    func decodeNil(forKey key: Key) throws -> Bool { map[key.stringValue]?.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: decoder.child(try node(key), key: key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(try node(key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(try node(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(try node(key), key: key) }
}

private struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ i: Int) { stringValue = "[\(i)]"; intValue = i }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let items: [YAMLNode]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.path }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else { throw decoder.fail("list has too few items") }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        if !isAtEnd, items[currentIndex].isNull { currentIndex += 1; return true }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: try next()) }
    mutating func nestedContainer<K: CodingKey>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct Single: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.path }

    func decodeNil() -> Bool { decoder.node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool {
        try decoder.scalar("true or false") {
            switch $0.lowercased() {
            case "true", "yes", "on": true
            case "false", "no", "off": false
            default: nil
            }
        }
    }
    func decode(_ type: String.Type) throws -> String { try decoder.scalar("text") { $0 } }
    func decode(_ type: Double.Type) throws -> Double { try decoder.scalar("a number") { Double($0) } }
    func decode(_ type: Float.Type) throws -> Float { try decoder.scalar("a number") { Float($0) } }
    func decode(_ type: Int.Type) throws -> Int { try decoder.scalar("a whole number") { Int($0) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.scalar("a whole number") { Int8($0) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.scalar("a whole number") { Int16($0) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.scalar("a whole number") { Int32($0) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.scalar("a whole number") { Int64($0) } }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.scalar("a whole number") { UInt($0) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.scalar("a whole number") { UInt8($0) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.scalar("a whole number") { UInt16($0) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.scalar("a whole number") { UInt32($0) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.scalar("a whole number") { UInt64($0) } }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
}
