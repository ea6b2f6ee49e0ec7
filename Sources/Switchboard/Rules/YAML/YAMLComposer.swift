internal import CYaml

/// Builds ``YAMLNode`` trees straight from libyaml's event stream.
///
/// Yams' own composer resolves every scalar through its tag resolver and stops at the first
/// duplicate key; the rules loader needs speed and *every* problem at once, so this composer
/// keeps scalars as strings and reports duplicate keys and tabs as diagnostics while going on.
struct YAMLComposer {
    let file: String

    /// Parses `text` into the root node (nil for an empty document); problems go to `diagnostics`.
    func compose(_ text: String, diagnostics: inout [RuleDiagnostic]) -> YAMLNode? {
        let tabLines = reportTabs(in: text, diagnostics: &diagnostics)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(.init(.yamlSyntax, at: .init(file: file, line: 1, column: 1),
                                     "could not initialise the YAML parser"))
            return nil
        }
        defer { yaml_parser_delete(&parser) }
        var utf8 = Array(text.utf8)
        if utf8.isEmpty { utf8.append(0x0A) }
        return utf8.withUnsafeBufferPointer { buffer -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var state = State(parser: &parser, file: file)
            let root = state.run()
            if let failure = state.failure, !tabLines.contains(failure.location.line) {
                diagnostics.append(failure)
            }
            diagnostics.append(contentsOf: state.diagnostics)
            return state.failure == nil ? root : nil
        }
    }

    /// Reports tab characters used for indentation (YAML forbids them) with their position.
    private func reportTabs(in text: String, diagnostics: inout [RuleDiagnostic]) -> Set<Int> {
        var lines = Set<Int>()
        var line = 1
        var column = 1
        var inIndent = true
        for byte in text.utf8 {
            if byte == 0x0A {
                line += 1
                column = 1
                inIndent = true
                continue
            }
            if byte == 0x09 && inIndent {
                lines.insert(line)
                diagnostics.append(.init(.tab, at: .init(file: file, line: line, column: column),
                                         "tab character in indentation",
                                         hint: "YAML indents with spaces only; replace the tab with spaces"))
                inIndent = false
            } else if byte != 0x20 && byte != 0x2D {
                inIndent = false
            }
            if byte & 0xC0 != 0x80 { column += 1 }
        }
        return lines
    }
}

/// The event loop state of one parse.
private struct State {
    let parser: UnsafeMutablePointer<yaml_parser_t>
    let file: String
    var anchors: [String: YAMLNode] = [:]
    var diagnostics: [RuleDiagnostic] = []
    var failure: RuleDiagnostic? { didSet { failed = failure != nil } }
    /// Cheap to test on every event (an optional diagnostic is not).
    var failed = false

    init(parser: UnsafeMutablePointer<yaml_parser_t>, file: String) {
        self.parser = parser
        self.file = file
    }

    /// Parses the first document; later documents are reported.
    mutating func run() -> YAMLNode? {
        var root: YAMLNode?
        var documents = 0
        while let event = next() {
            defer { var e = event; yaml_event_delete(&e) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    diagnostics.append(.init(.yamlSyntax, at: mark(event.start_mark),
                                             "more than one YAML document in this file",
                                             hint: "remove the `---` separator; each rules file holds one document"))
                }
            case YAML_DOCUMENT_END_EVENT, YAML_STREAM_START_EVENT:
                continue
            default:
                let node = compose(event)
                if documents <= 1 { root = node }
                if failed { return nil }
            }
        }
        return failure == nil ? root : nil
    }

    private mutating func next() -> yaml_event_t? {
        if failed { return nil }
        var event = yaml_event_t()
        if yaml_parser_parse(parser, &event) != 1 {
            let problem = parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML"
            let context = parser.pointee.context.map { String(cString: $0) }
            let m = parser.pointee.problem_mark
            var message = problem
            if let context { message = "\(problem) \(context)" }
            failure = .init(.yamlSyntax, at: mark(m), "YAML syntax error: \(message)",
                            hint: "check indentation and quoting on this line and the one above it")
            return nil
        }
        return event
    }

    private func mark(_ m: yaml_mark_t) -> RuleLocation {
        RuleLocation(file: file, line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    private mutating func compose(_ event: yaml_event_t) -> YAMLNode? {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = s.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self)
            } ?? ""
            let node = YAMLNode(.scalar(text, plain: s.style == YAML_PLAIN_SCALAR_STYLE),
                                line: line, column: column)
            remember(s.anchor, node)
            return node
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard var node = anchors[name] else {
                diagnostics.append(.init(.yamlSyntax, at: mark(event.start_mark),
                                         "unknown alias *\(name)", hint: "define the anchor &\(name) before using it"))
                return nil
            }
            node.line = line
            node.column = column
            return node
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor
            var items: [YAMLNode] = []
            items.reserveCapacity(4)
            while let child = next() {
                defer { var e = child; yaml_event_delete(&e) }
                if child.type == YAML_SEQUENCE_END_EVENT { break }
                if let node = compose(child) { items.append(node) }
                if failed { return nil }
            }
            let node = YAMLNode(.sequence(items), line: line, column: column)
            remember(anchor, node)
            return node
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            pairs.reserveCapacity(8)
            var seen: [String: Int] = [:]  // only for big mappings; small ones scan `pairs`
            while let keyEvent = next() {
                defer { var e = keyEvent; yaml_event_delete(&e) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let key = compose(keyEvent)
                guard !failed, let valueEvent = next() else { return nil }
                defer { var e = valueEvent; yaml_event_delete(&e) }
                let value = compose(valueEvent)
                if failed { return nil }
                guard let key, let value else { continue }
                if let name = key.scalar {
                    var first: Int?
                    if pairs.count < 16 {
                        first = pairs.first { $0.key.scalar == name }?.key.line
                    } else {
                        if seen.isEmpty { for p in pairs { if let k = p.key.scalar, seen[k] == nil { seen[k] = p.key.line } } }
                        first = seen[name]
                        if first == nil { seen[name] = key.line }
                    }
                    if let first {
                        diagnostics.append(.init(.duplicateKey, at: key.location(in: file),
                                                 "duplicate key '\(name)' (first at line \(first))",
                                                 hint: "remove one of them; the first one is used"))
                        continue
                    }
                }
                pairs.append((key, value))
            }
            let node = YAMLNode(.mapping(pairs), line: line, column: column)
            remember(anchor, node)
            return node
        default:
            return nil
        }
    }

    private mutating func remember(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: YAMLNode) {
        guard let anchor else { return }
        anchors[String(cString: anchor)] = node
    }
}
