/// A position in a source file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct RuleLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file path as the user gave it (relative paths stay relative).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: RuleLocation, b: RuleLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A YAML node with its position, composed directly from libyaml events.
///
/// Every scalar stays a string (no implicit typing): the rules loader interprets each field
/// according to what that field means, which is both faster and gives better errors than
/// YAML 1.1's implicit resolver (`NO` is Norway, not `false`).
public struct YAMLNode: Sendable {
    /// The node's content.
    public enum Content: Sendable {
        /// A scalar; `plain` is false when it was quoted or a block scalar.
        case scalar(String, plain: Bool)
        /// A sequence of nodes.
        case sequence([YAMLNode])
        /// A mapping, in file order. Keys are nodes so they keep their positions.
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    /// The content.
    public var content: Content
    /// 1-based line where the node starts.
    public var line: Int
    /// 1-based column where the node starts.
    public var column: Int
    /// True when the scalar's value came from a `${ENV}` reference (a secret: never print it).
    public var isSecret: Bool = false

    /// Creates a node.
    public init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    /// The scalar's text, or nil for collections.
    public var scalar: String? {
        if case .scalar(let s, _) = content { return s }
        return nil
    }

    /// True for an explicit null (`~`, `null`, or an empty plain scalar).
    public var isNull: Bool {
        if case .scalar(let s, let plain) = content, plain {
            return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL"
        }
        return false
    }

    /// The mapping's pairs, or nil.
    public var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let m) = content { return m }
        return nil
    }

    /// The sequence's items, or nil.
    public var sequence: [YAMLNode]? {
        if case .sequence(let s) = content { return s }
        return nil
    }

    /// The value for a scalar key in a mapping (first occurrence).
    public subscript(key: String) -> YAMLNode? {
        guard let pairs = mapping else { return nil }
        for pair in pairs where pair.key.scalar == key { return pair.value }
        return nil
    }

    /// A short name of the node's kind, for error messages.
    public var kindName: String {
        switch content {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The node's location in `file`.
    public func location(in file: String) -> RuleLocation {
        RuleLocation(file: file, line: line, column: column)
    }
}
