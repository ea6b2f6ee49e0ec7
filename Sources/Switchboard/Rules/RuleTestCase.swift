public import Foundation

/// One case from `rules/tests/*.yaml`: a message and what routing must do with it.
public struct RuleTestCase: Sendable {
    /// The case's name.
    public var name: String
    /// The message.
    public var message: Message
    /// When it is sent (time windows), default now.
    public var date: Date?
    /// Pins the weighted draw (0 ≤ draw < 1) so weighted routes are deterministic.
    public var draw: Double?
    /// Expected route name.
    public var route: String?
    /// Expected first provider.
    public var first: ProviderID?
    /// Expected full candidate order.
    public var order: [ProviderID]?
    /// Providers that must be excluded.
    public var excluded: [ProviderID]?
    /// Expected segments.
    public var segments: Int?
    /// Expect the message to be rejected (invalid number) or to match no route: `invalid` / `no_route`.
    public var error: String?
    /// Where the case is written.
    public var location: RuleLocation
}

/// The outcome of one rule test case.
public struct RuleTestResult: Sendable {
    /// The case.
    public var testCase: RuleTestCase
    /// Empty when it passed; otherwise each mismatch.
    public var failures: [String]
    /// Whether it passed.
    public var passed: Bool { failures.isEmpty }
}

extension RuleTestCase {
    static let keys = ["name", "message", "at", "draw", "expect"]
    static let expectKeys = ["route", "first", "order", "excluded", "segments", "error"]

    /// Loads every `tests/*.yaml` file of a rules directory.
    public static func load(directory: String) throws(RuleSetError) -> [RuleTestCase] {
        let testsDir = (directory as NSString).appendingPathComponent("tests")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: testsDir)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var cases: [RuleTestCase] = []
        var diagnostics: [RuleDiagnostic] = []
        for name in names {
            let path = (testsDir as NSString).appendingPathComponent(name)
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let reader = RuleFileReader(file: path)
            if let root = YAMLComposer(file: path).compose(text, diagnostics: &diagnostics) {
                cases += parse(root, reader: reader)
            }
            diagnostics += reader.diagnostics
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw RuleSetError(diagnostics: diagnostics) }
        return cases
    }

    static func parse(_ root: YAMLNode, reader: RuleFileReader) -> [RuleTestCase] {
        guard let f = reader.fields(of: root, allowed: ["tests"], required: ["tests"], what: "test file"),
              let list = f["tests"]?.sequence
        else { return [] }
        return list.compactMap { parseCase($0, reader: reader) }
    }

    private static func parseCase(_ node: YAMLNode, reader: RuleFileReader) -> RuleTestCase? {
        guard let f = reader.fields(of: node, allowed: keys, required: ["name", "message", "expect"], what: "test case"),
              let name = f["name"].flatMap({ reader.string($0, what: "name") }),
              let m = f["message"], let mf = reader.fields(of: m, allowed: ["to", "text", "from", "channel", "tag", "transliterate", "default_country"], required: ["to"], what: "message"),
              let to = mf["to"].flatMap({ reader.string($0, what: "to") }),
              let e = f["expect"], let ef = reader.fields(of: e, allowed: expectKeys, what: "expect")
        else { return nil }
        var message = Message(to: to, text: mf["text"]?.scalar ?? "")
        message.from = mf["from"]?.scalar
        message.tag = mf["tag"]?.scalar
        if let c = mf["channel"]?.scalar { message.channel = MessageChannel(rawValue: c) }
        if let t = mf["transliterate"] { message.transliterate = reader.bool(t, what: "transliterate") ?? false }
        if let d = mf["default_country"], let text = d.scalar { message.defaultCountry = reader.country(text, at: d) }
        var testCase = RuleTestCase(name: name, message: message, location: reader.location(node))
        if let at = f["at"], let text = reader.string(at, what: "at") {
            testCase.date = ISO8601DateFormatter().date(from: text)
            if testCase.date == nil {
                reader.report(.invalidValue, at: at, "'\(text)' is not an ISO 8601 time", hint: "write it like 2026-03-02T09:30:00Z")
            }
        }
        if let d = f["draw"], let value = reader.number(d, what: "draw") {
            if value < 1 { testCase.draw = value } else { reader.report(.invalidValue, at: d, "draw must be ≥ 0 and < 1") }
        }
        testCase.route = ef["route"]?.scalar
        testCase.first = ef["first"]?.scalar.map { ProviderID($0) }
        testCase.order = ef["order"].map { reader.strings($0, what: "provider").map { ProviderID($0.0) } }
        testCase.excluded = ef["excluded"].map { reader.strings($0, what: "provider").map { ProviderID($0.0) } }
        testCase.segments = ef["segments"].flatMap { reader.int($0, what: "segments", in: 1...255) }
        if let err = ef["error"], let text = reader.string(err, what: "error") {
            if ["invalid", "no_route"].contains(text) { testCase.error = text } else {
                reader.report(.invalidValue, at: err, "expect.error must be invalid or no_route, found '\(text)'")
            }
        }
        return testCase
    }

    /// Runs the case against a routing table.
    public func run(on table: RoutingTable) -> RuleTestResult {
        var failures: [String] = []
        let normalized: NormalizedMessage
        do {
            normalized = try NormalizedMessage(message)
        } catch {
            if self.error != "invalid" { failures.append("message rejected: \(error)") }
            return RuleTestResult(testCase: self, failures: failures)
        }
        if self.error == "invalid" {
            return RuleTestResult(testCase: self, failures: ["expected the message to be rejected, but \(normalized.to.e164) is valid"])
        }
        guard let plan = table.plan(normalized.routingRequest(at: date ?? Date()), draw: draw) else {
            if self.error != "no_route" { failures.append("no route matched") }
            return RuleTestResult(testCase: self, failures: failures)
        }
        if self.error == "no_route" { failures.append("expected no route, got route '\(plan.route)'") }
        if let route, route != plan.route { failures.append("route: expected '\(route)', got '\(plan.route)'") }
        let order = plan.candidates.map(\.provider)
        if let first, order.first != first {
            failures.append("first provider: expected \(first), got \(order.first?.rawValue ?? "none")")
        }
        if let expected = self.order, expected != order {
            failures.append("order: expected [\(expected.map(\.rawValue).joined(separator: ", "))], got [\(order.map(\.rawValue).joined(separator: ", "))]")
        }
        if let excluded {
            let actual = Set(plan.excluded.map(\.provider))
            for p in excluded where !actual.contains(p) {
                failures.append("expected \(p) to be excluded, but it \(order.contains(p) ? "is a candidate" : "is not in the route")")
            }
        }
        if let segments, segments != plan.segments { failures.append("segments: expected \(segments), got \(plan.segments)") }
        return RuleTestResult(testCase: self, failures: failures)
    }
}
