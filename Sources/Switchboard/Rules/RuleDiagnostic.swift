/// One problem found in a rules directory, with where it is and how to fix it.
public struct RuleDiagnostic: Sendable, Hashable, CustomStringConvertible, Error {
    /// What kind of problem this is (stable, for tests and tooling).
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case yamlSyntax = "yaml-syntax"
        case tab
        case duplicateKey = "duplicate-key"
        case unknownKey = "unknown-key"
        case missingKey = "missing-key"
        case invalidValue = "invalid-value"
        case unknownProvider = "unknown-provider"
        case unknownPlugin = "unknown-plugin"
        case duplicateID = "duplicate-id"
        case shadowedRoute = "shadowed-route"
        case noDefaultRoute = "no-default-route"
        case missingPrice = "missing-price"
        case badCountry = "bad-country"
        case badDuration = "bad-duration"
        case badRate = "bad-rate"
        case badPrice = "bad-price"
        case badRatio = "bad-ratio"
        case missingExchangeRate = "missing-exchange-rate"
        case missingEnvironmentVariable = "missing-env"
        case missingFile = "missing-file"
    }

    /// How serious the problem is: errors make a rule set invalid, warnings do not.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    /// The kind.
    public var kind: Kind
    /// Error or warning.
    public var severity: Severity
    /// Where.
    public var location: RuleLocation
    /// What is wrong.
    public var message: String
    /// How to fix it, when we know.
    public var hint: String?

    /// Creates a diagnostic.
    public init(_ kind: Kind, _ severity: Severity = .error, at location: RuleLocation,
                _ message: String, hint: String? = nil) {
        self.kind = kind
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message (hint)` — the format compilers and editors understand.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

/// The rules could not be loaded; carries every problem found.
public struct RuleSetError: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic (errors and warnings), sorted by location.
    public var diagnostics: [RuleDiagnostic]

    /// Creates the error.
    public init(diagnostics: [RuleDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Only the errors.
    public var errors: [RuleDiagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        let count = errors.count
        return "rules are invalid (\(count) error\(count == 1 ? "" : "s")):\n"
            + diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// "Did you mean …?" suggestions by edit distance.
enum Suggestion {
    /// The closest candidate within a small edit distance, if any.
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lower = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(lower, candidate.lowercased())
            if d <= max(2, candidate.count / 3), best == nil || d < best!.1 {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// A hint text: "did you mean `x`?" or the list of valid choices.
    static func hint(for word: String, in candidates: [String], noun: String) -> String {
        if let match = closest(to: word, in: candidates) {
            return "did you mean `\(match)`?"
        }
        return "valid \(noun): \(candidates.joined(separator: ", "))"
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
