/// Resolves `${NAME}` and `${NAME:-default}` references in rules files at load time.
///
/// Secrets never live in YAML: ops write `api_key: "${VONAGE_API_KEY}"`. A reference to a
/// variable that is not set (and has no default) is an error naming the variable.
struct EnvironmentSubstitution: Sendable {
    /// The variables to resolve from.
    let environment: [String: String]

    /// The text with every reference replaced, whether any was replaced, and missing names.
    func substitute(_ text: String) -> (text: String, substituted: Bool, missing: [String]) {
        guard text.contains("${") else { return (text, false, []) }
        var output = ""
        var missing: [String] = []
        var rest = Substring(text)
        var substituted = false
        while let open = rest.range(of: "${") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                output += rest[open.lowerBound...]
                rest = ""
                break
            }
            let body = rest[open.upperBound..<close]
            var name = Substring(body)
            var fallback: Substring?
            if let dash = body.range(of: ":-") {
                name = body[..<dash.lowerBound]
                fallback = body[dash.upperBound...]
            }
            if let value = environment[String(name)], !value.isEmpty {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                missing.append(String(name))
            }
            substituted = true
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return (output, substituted, missing)
    }

    /// Resolves every scalar under `node`, marking substituted scalars as secrets.
    func resolve(_ node: YAMLNode, reader: RuleFileReader) -> YAMLNode {
        var node = node
        switch node.content {
        case .scalar(let text, let plain):
            let result = substitute(text)
            for name in result.missing {
                reader.report(.missingEnvironmentVariable, at: node,
                              "environment variable \(name) is not set",
                              hint: "export \(name)=… before starting switchboard, or write ${\(name):-default} to give a default")
            }
            if result.substituted {
                node.content = .scalar(result.text, plain: plain)
                node.isSecret = true
            }
        case .sequence(let items):
            node.content = .sequence(items.map { resolve($0, reader: reader) })
        case .mapping(let pairs):
            node.content = .mapping(pairs.map { ($0.key, resolve($0.value, reader: reader)) })
        }
        return node
    }
}
