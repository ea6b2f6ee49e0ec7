extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing spaces and tabs (HTTP's optional whitespace, and
    /// what surrounds numbers in loosely typed provider JSON).
    ///
    /// ASCII only, unlike Foundation's `trimmingCharacters(in: .whitespaces)`, which costs a
    /// bridge to `NSString` per call on paths that run once per message.
    public func trimmingOptionalWhitespace() -> SubSequence {
        var text = self[...]
        while let first = text.utf8.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
        while let last = text.utf8.last, last == 0x20 || last == 0x09 { text = text.dropLast() }
        return text
    }
}
