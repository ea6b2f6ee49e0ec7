import Foundation
import Testing
@testable import Switchboard

/// `quality_floor` in routes and `defaults:`: accepted forms, errors with position and hint,
/// inheritance.
@Suite struct QualityFloorParsingTests {
    static func routes(floor: String, defaults: String? = nil) -> String {
        var text = "exchange_rates: { USD: 0.9 }\n"
        if let defaults { text += "defaults: { \(defaults) }\n" }
        text += "routes:\n  - name: nl\n    when: { country: NL }\n    providers: [kpn, vonage]\n"
        if !floor.isEmpty { text += "    quality_floor: \(floor)\n" }
        text += "  - name: everything-else\n    providers: all\n"
        return text
    }

    @Test(arguments: [
        ("0.9", 0.9), ("90%", 0.9), ("90 %", 0.9), ("1", 1.0), ("100%", 1.0), ("0.5%", 0.005),
        (".75", 0.75), ("\"85%\"", 0.85),
    ])
    func acceptedForms(text: String, expected: Double) throws {
        let set = try RuleFixtures.load(routes: Self.routes(floor: text))
        let floor = try #require(set.routes.first?.qualityFloor)
        #expect(abs(floor - expected) < 1e-12)
        #expect(set.routes.last?.qualityFloor == nil)
    }

    @Test(arguments: [
        ("high", "is not a ratio", "0.9"),
        ("nan", "is not a ratio", "0.9"),
        ("1e-1", "is not a ratio", "0.9"),
        ("0.9.1", "is not a ratio", "0.9"),
        ("\"%\"", "is not a ratio", "0.9"),
        ("0", "must be greater than 0 and at most 1", "excludes nothing"),
        ("0%", "must be greater than 0 and at most 1", "excludes nothing"),
        ("-0.2", "must be greater than 0 and at most 1", "excludes nothing"),
        ("1.5", "must be greater than 0 and at most 1", "did you mean `1.5%`?"),
        ("90", "must be greater than 0 and at most 1", "did you mean `90%`?"),
        ("150%", "must be greater than 0 and at most 1", "0.9"),
        ("250", "must be greater than 0 and at most 1", "0.9"),
        ("[0.9]", "must be a single value", nil),
    ] as [(String, String, String?)])
    func invalidValuesPointAtTheValue(text: String, message: String, hint: String?) {
        let d = RuleFixtures.diagnostics(routes: Self.routes(floor: text))
        let hit = d.first { $0.message.contains(message) }
        #expect(hit != nil, "expected '\(message)' for quality_floor: \(text), got \(d)")
        #expect(hit?.severity == .error)
        #expect(hit?.location.file == "r/routes.yaml")
        #expect(hit?.location.line == 6)
        #expect(hit?.location.column == 20)
        if let hint {
            #expect(hit?.hint?.contains(hint) == true, "hint: \(hit?.hint ?? "none")")
        }
        if message != "must be a single value" { #expect(hit?.kind == .badRatio) }
    }

    @Test func misspelledKeySuggestsQualityFloor() {
        let routes = Self.routes(floor: "").replacingOccurrences(of: "providers: [kpn, vonage]\n",
                                                                with: "providers: [kpn, vonage]\n    quality_flor: 0.9\n")
        let d = RuleFixtures.diagnostics(routes: routes)
        let hit = d.first { $0.kind == .unknownKey }
        #expect(hit?.hint == "did you mean `quality_floor`?")
        #expect(hit?.location.line == 6)
    }

    @Test func defaultsAreInheritedAndOverridden() throws {
        let routes = """
            exchange_rates: { USD: 0.9 }
            defaults: { strategy: least_cost, quality_floor: 95% }
            routes:
              - name: nl
                when: { country: NL }
                providers: [kpn, vonage]
                quality_floor: 0.8
              - name: otp
                when: { tag: otp }
                strategy: priority
                providers: [kpn]
                quality_floor: none
              - name: everything-else
                providers: all
            """
        let set = try RuleFixtures.load(routes: routes)
        #expect(set.routes.map(\.qualityFloor) == [0.8, nil, 0.95])
        let table = RoutingTable(set)
        #expect(table.plan(RuleFixtures.request("FR"))?.qualityFloor == 0.95)
        #expect(table.plan(RuleFixtures.request("DE", tag: "otp"))?.qualityFloor == nil)
    }

    @Test func badDefaultIsReportedInDefaults() {
        let d = RuleFixtures.diagnostics(routes: Self.routes(floor: "", defaults: "quality_floor: 95"))
        let hit = d.first { $0.kind == .badRatio }
        #expect(hit?.location.line == 2)
        #expect(hit?.hint?.contains("did you mean `95%`?") == true)
    }

    @Test func defaultsKeyIsKnown() {
        let d = RuleFixtures.diagnostics(routes: Self.routes(floor: "", defaults: "quality_flor: 0.9"))
        #expect(d.contains { $0.kind == .unknownKey && $0.hint == "did you mean `quality_floor`?" })
    }

    /// Every whole percentage equals the fraction written as a decimal (no 0.9500000000000001).
    @Test func percentagesEqualTheirDecimals() {
        for n in 1...100 {
            let decimal = n == 100 ? "1" : n < 10 ? "0.0\(n)" : "0.\(n)"
            #expect(RuleValues.ratio("\(n)%") == Double(decimal), "\(n)%")
        }
    }

    @Test func ratioParser() {
        #expect(RuleValues.ratio("0.9") == 0.9)
        #expect(RuleValues.ratio(" 45% ") == 0.45)
        #expect(RuleValues.ratio("-1") == -1)
        #expect(RuleValues.ratio("inf") == nil)
        #expect(RuleValues.ratio("0x1p-1") == nil)
        #expect(RuleValues.ratio("") == nil)
        #expect(RuleValues.ratio(".") == nil)
        #expect(RuleValues.ratio("9%%") == nil)
    }
}
