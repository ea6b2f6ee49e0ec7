/// Reads typed values out of one rules file's YAML, recording every problem instead of stopping.
final class RuleFileReader {
    /// The file name used in diagnostics.
    let file: String
    /// Problems found so far (shared by all readers of one load).
    private(set) var diagnostics: [RuleDiagnostic] = []

    /// Fix hints for required keys.
    static let missingKeyHints = [
        "providers": "add `providers: [id, …]` (or `providers: all`)",
        "id": "add `id: name` — routes refer to providers by id",
        "plugin": "add `plugin: vonage` (or smscx, kpn, bandwidth)",
        "routes": "add `routes:` with at least a catch-all route",
    ]

    init(file: String) {
        self.file = file
    }

    func location(_ node: YAMLNode) -> RuleLocation { node.location(in: file) }

    func report(_ kind: RuleDiagnostic.Kind, _ severity: RuleDiagnostic.Severity = .error,
                at node: YAMLNode, _ message: String, hint: String? = nil) {
        diagnostics.append(.init(kind, severity, at: location(node), message, hint: hint))
    }

    func append(_ more: [RuleDiagnostic]) { diagnostics.append(contentsOf: more) }

    /// The mapping's entries by key, after reporting unknown keys (with a suggestion) and
    /// missing required keys. Returns nil when the node is not a mapping.
    func fields(of node: YAMLNode, allowed: [String], required: [String] = [],
                what: String) -> RuleFields? {
        guard let pairs = node.mapping else {
            report(.invalidValue, at: node, "\(what) must be a mapping, found \(node.kindName)",
                   hint: "write it as `key: value` lines (or `{ key: value }`)")
            return nil
        }
        var result = RuleFields()
        for (key, value) in pairs {
            guard let name = key.scalar else {
                report(.invalidValue, at: key, "keys in \(what) must be plain words")
                continue
            }
            if allowed.contains(name) {
                result.pairs.append((name, value))
            } else {
                report(.unknownKey, at: key, "unknown key '\(name)' in \(what)",
                       hint: Suggestion.hint(for: name, in: allowed, noun: "keys"))
            }
        }
        for name in required where result[name] == nil {
            report(.missingKey, at: node, "\(what) is missing required key '\(name)'",
                   hint: Self.missingKeyHints[name] ?? "add `\(name): …`")
        }
        return result
    }

    /// A non-empty scalar string, or nil (reported).
    func string(_ node: YAMLNode, what: String) -> String? {
        guard let text = node.scalar, !node.isNull else {
            report(.invalidValue, at: node, "\(what) must be a single value, found \(node.isNull ? "nothing" : node.kindName)")
            return nil
        }
        return text
    }

    /// One scalar or a list of scalars.
    func strings(_ node: YAMLNode, what: String) -> [(String, YAMLNode)] {
        if let items = node.sequence {
            return items.compactMap { item in string(item, what: what).map { ($0, item) } }
        }
        return string(node, what: what).map { [($0, node)] } ?? []
    }

    /// A whole number in `range`.
    func int(_ node: YAMLNode, what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            report(.invalidValue, at: node, "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(text)'")
            return nil
        }
        return value
    }

    /// A non-negative number.
    func number(_ node: YAMLNode, what: String) -> Double? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Double(text), value.isFinite, value >= 0 else {
            report(.invalidValue, at: node, "\(what) must be a number ≥ 0, found '\(text)'")
            return nil
        }
        return value
    }

    /// `true`/`false` (also yes/no, on/off).
    func bool(_ node: YAMLNode, what: String) -> Bool? {
        guard let text = string(node, what: what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report(.invalidValue, at: node, "\(what) must be true or false, found '\(text)'",
                   hint: "write true or false")
            return nil
        }
    }

    /// A duration such as `5s` or `250ms`, in seconds.
    func duration(_ node: YAMLNode, what: String) -> Double? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = RuleValues.seconds(text) else {
            report(.badDuration, at: node, "\(what): '\(text)' is not a duration",
                   hint: "write a number with a unit: 250ms, 5s, 2m, 1h or 1d")
            return nil
        }
        return value
    }

    /// A rate such as `30/s`, in events per second.
    func rate(_ node: YAMLNode, what: String) -> Double? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = RuleValues.ratePerSecond(text) else {
            report(.badRate, at: node, "\(what): '\(text)' is not a rate",
                   hint: "write count/unit with a count > 0: 30/s, 600/m or 10000/h")
            return nil
        }
        return value
    }

    /// A ratio in (0, 1], written `0.9` or `90%`.
    func ratio(_ node: YAMLNode, what: String) -> Double? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = RuleValues.ratio(text) else {
            report(.badRatio, at: node, "\(what): '\(text)' is not a ratio",
                   hint: "write a fraction such as 0.9 or a percentage such as 90%")
            return nil
        }
        guard value > 0, value <= 1 else {
            let hint: String
            if !text.hasSuffix("%"), value > 1, value <= 100 {
                hint = "did you mean `\(text.trimmingSpaces())%`? A plain number is a fraction: 0.9 = 90%"
            } else if value <= 0 {
                hint = "a floor of 0 or less excludes nothing; remove \(what) instead"
            } else {
                hint = "write a fraction such as 0.9 or a percentage such as 90%"
            }
            report(.badRatio, at: node, "\(what) must be greater than 0 and at most 1 (100%), found '\(text)'", hint: hint)
            return nil
        }
        return value
    }

    /// An ISO 3166 alpha-2 country code.
    func country(_ text: String, at node: YAMLNode) -> CountryCode? {
        if let code = CountryCode(text), text.count == 2 { return code }
        let upper = text.uppercased()
        let hint: String
        if upper == "UK" {
            hint = "the ISO code for the United Kingdom is GB"
        } else if upper == "EL" {
            hint = "the ISO code for Greece is GR"
        } else {
            hint = "use an ISO 3166 alpha-2 code such as NL, DE or US"
        }
        report(.badCountry, at: node, "'\(text)' is not a known country code", hint: hint)
        return nil
    }
}

/// The known keys of one mapping, in file order (a linear scan beats a dictionary for the
/// handful of keys a rules mapping has).
struct RuleFields {
    var pairs: [(String, YAMLNode)] = []

    /// The value for `key`, if present.
    subscript(key: String) -> YAMLNode? {
        for (name, value) in pairs where name == key { return value }
        return nil
    }
}
