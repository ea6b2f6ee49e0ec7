import Foundation
import Testing
@testable import Switchboard

/// Every validation error kind, with the exact `file:line:column` it is reported at.
@Suite struct RuleValidationTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/broken-rules").path

    /// The broken fixture directory reports every problem at once, each at its place.
    @Test func brokenFixtureReportsEveryProblem() throws {
        var thrown: RuleSetError?
        do { _ = try RuleSet.load(directory: Self.fixture, environment: [:]) } catch { thrown = error }
        let error = try #require(thrown)
        let found = Set(error.diagnostics.map { "\($0.kind.rawValue) \($0.location.file.replacingOccurrences(of: Self.fixture + "/", with: "")):\($0.location.line):\($0.location.column)" })
        let expected: [String] = [
            "missing-env providers.yaml:4:24",
            "bad-rate providers.yaml:6:17",
            "bad-duration providers.yaml:7:14",
            "duplicate-id providers.yaml:9:5",
            "unknown-plugin providers.yaml:10:13",
            "unknown-key providers.yaml:14:5",
            "bad-country providers.yaml:15:53",
            "missing-exchange-rate providers.yaml:18:13",
            "duplicate-key providers.yaml:20:5",
            "bad-price prices/vonage.csv:3:1",
            "shadowed-route routes.yaml:6:5",
            "bad-country routes.yaml:10:27",
            "unknown-provider routes.yaml:12:32",
            "missing-price routes.yaml:12:16",
            "unknown-key routes.yaml:14:5",
            "duplicate-id routes.yaml:15:5",
            "missing-key routes.yaml:19:5",
            "bad-duration routes.yaml:20:27",
            "no-default-route routes.yaml:19:5",
        ]
        for item in expected {
            #expect(found.contains(item), "missing diagnostic: \(item)\nall: \(found.sorted())")
        }
        // Hints name the fix.
        let texts = error.diagnostics.map(\.description).joined(separator: "\n")
        #expect(texts.contains("did you mean `channels`?"))
        #expect(texts.contains("did you mean `on_ambiguous`?"))
        #expect(texts.contains("did you mean `vonage`?"))
        #expect(texts.contains("the ISO code for the United Kingdom is GB"))
        #expect(texts.contains("SB_TEST_MISSING_KEY"))
    }

    @Test func tabsAreReportedWithPosition() {
        let routes = "routes:\n\t- name: x\n  - name: everything-else\n    providers: all\n"
        let d = RuleFixtures.diagnostics(routes: routes)
        #expect(d.contains { $0.kind == .tab && $0.location.line == 2 && $0.location.column == 1 })
    }

    @Test func syntaxErrorsPointAtTheLine() {
        let routes = "routes:\n  - name: x\n    providers: [a, b\n  - name: y\n"
        let d = RuleFixtures.diagnostics(routes: routes)
        let syntax = d.first { $0.kind == .yamlSyntax }
        #expect(syntax != nil)
        #expect((syntax?.location.line ?? 0) >= 3)
        #expect(syntax?.location.file == "r/routes.yaml")
    }

    @Test func duplicateKeysAreReportedAndTheFirstKept() {
        let routes = "routes:\n  - name: a\n    name: b\n    providers: all\n"
        let d = RuleFixtures.diagnostics(routes: routes)
        #expect(d.contains { $0.kind == .duplicateKey && $0.location.line == 3 && $0.location.column == 5 })
    }

    @Test func missingEnvironmentVariableIsNamedAndSecretsAreNotPrinted() throws {
        let providers = RuleFixtures.providers.replacingOccurrences(
            of: "plugin: vonage\n", with: "plugin: vonage\n    config: { api_key: \"${VONAGE_KEY}\", api_secret: \"${VONAGE_SECRET}\" }\n")
        let d = RuleFixtures.diagnostics(providers: providers, environment: ["VONAGE_SECRET": "hunter2-secret"])
        #expect(d.contains { $0.kind == .missingEnvironmentVariable && $0.message.contains("VONAGE_KEY") })
        #expect(!d.map(\.description).joined().contains("hunter2-secret"))

        let ok = try RuleFixtures.load(providers: providers, environment: ["VONAGE_KEY": "k", "VONAGE_SECRET": "hunter2-secret"])
        let config = try #require(ok.providers.first?.config)
        #expect(config["api_secret"]?.scalar == "hunter2-secret")
        #expect(config["api_secret"]?.isSecret == true)
    }

    @Test func defaultsInEnvironmentReferences() throws {
        let providers = RuleFixtures.providers.replacingOccurrences(
            of: "plugin: vonage\n", with: "plugin: vonage\n    config: { api_key: \"${SB_UNSET_VAR:-fallback}\" }\n")
        let rules = try RuleFixtures.load(providers: providers)
        #expect(rules.providers.first?.config?["api_key"]?.scalar == "fallback")
    }

    @Test func noDefaultRoute() {
        let routes = "routes:\n  - name: nl\n    when: { country: NL }\n    providers: [kpn]\n"
        let d = RuleFixtures.diagnostics(routes: routes)
        #expect(d.contains { $0.kind == .noDefaultRoute && $0.severity == .error })
    }

    @Test func shadowedRouteNamesTheEarlierRoute() {
        let routes = """
            routes:
              - name: eu
                when: { country: [NL, DE, FR] }
                providers: [vonage]
              - name: nl-otp
                when: { country: NL, tag: otp }
                providers: [kpn]
              - name: everything-else
                providers: all
              - name: never
                when: { country: BE }
                providers: [kpn]
            """
        let d = RuleFixtures.diagnostics(routes: routes)
        let shadowed = d.filter { $0.kind == .shadowedRoute }
        #expect(shadowed.count == 2)
        #expect(shadowed.contains { $0.location.line == 5 && $0.message.contains("'eu'") })
        #expect(shadowed.contains { $0.location.line == 10 && $0.message.contains("'everything-else'") })
    }

    @Test func narrowerEarlierRoutesDoNotShadow() throws {
        let routes = """
            exchange_rates: { USD: 0.9 }
            routes:
              - name: nl-otp
                when: { country: NL, tag: otp }
                providers: [kpn]
              - name: nl
                when: { country: NL }
                providers: [vonage]
              - name: everything-else
                providers: all
            """
        _ = try RuleFixtures.load(routes: routes)
    }

    @Test func leastCostCandidateWithoutPriceForCoveredCountry() {
        let providers = RuleFixtures.providers.replacingOccurrences(
            of: "prices: { currency: EUR, default: 0.09, countries: { NL: 0.045 } }",
            with: "prices: { currency: EUR, countries: { NL: 0.045 } }")
        let routes = """
            exchange_rates: { USD: 0.9 }
            routes:
              - name: dach
                when: { country: [DE, AT, CH] }
                strategy: least_cost
                providers: [vonage, kpn]
              - name: everything-else
                strategy: priority
                providers: all
            """
        let d = RuleFixtures.diagnostics(providers: providers, routes: routes)
        let missing = d.filter { $0.kind == .missingPrice && $0.severity == .error }
        #expect(missing.count == 1)
        #expect(missing.first?.message.contains("'kpn' has no price for AT, CH, DE") == true)
        #expect(missing.first?.location.line == 6)
    }

    @Test(arguments: [
        ("rate_limit: fast", RuleDiagnostic.Kind.badRate),
        ("rate_limit: 0/s", .badRate),
        ("timeout: 5", .badDuration),
        ("timeout: -1s", .badDuration),
        ("health: { probe_every: often }", .badDuration),
        ("channels: [sms, pager]", .invalidValue),
        ("enabled: maybe", .invalidValue),
        ("prices: prices/missing.csv", .missingFile),
        ("plugn: vonage", .unknownKey),
    ])
    func providerValueErrors(line: String, kind: RuleDiagnostic.Kind) {
        let providers = RuleFixtures.providers.replacingOccurrences(of: "    channels: [sms]\n    prices: { currency: EUR, default: 0.08",
                                                                   with: "    \(line)\n    prices: { currency: EUR, default: 0.08")
        let d = RuleFixtures.diagnostics(providers: providers)
        let hit = d.first { $0.kind == kind }
        #expect(hit != nil, "expected \(kind) for `\(line)`, got \(d)")
        #expect(hit?.location.line == 4)
        #expect(hit?.hint != nil)
    }

    @Test(arguments: [
        ("strategy: cheapest", RuleDiagnostic.Kind.invalidValue),
        ("max_price: cheap", .badPrice),
        ("max_price: 0.05 GBP", .missingExchangeRate),
        ("max_attempts: 0", .invalidValue),
        ("on_ambiguous: retry", .invalidValue),
        ("whenn: { country: NL }", .unknownKey),
    ])
    func routeValueErrors(line: String, kind: RuleDiagnostic.Kind) {
        let routes = "routes:\n  - name: x\n    \(line)\n    providers: all\n"
        let d = RuleFixtures.diagnostics(routes: routes)
        #expect(d.contains { $0.kind == kind && $0.location.line == 3 }, "expected \(kind) at line 3 for `\(line)`, got \(d)")
    }

    @Test func priceCSVRowsEffectiveDatesAndNetworks() throws {
        let csv = """
            # comment
            country,network,price,currency,effective_from
            NL,,0.070,EUR,
            NL,,0.072,EUR,2025-01-01
            NL,,0.091,EUR,2099-01-01
            NL,20408,0.069,EUR,
            BE,20601,0.050,EUR,
            BE,20610,0.060,EUR,
            *,,0.100,EUR,
            """
        let reader = RuleFileReader(file: "p.csv")
        let table = try #require(PriceTable.parseCSV(csv, file: "p.csv", now: Date(), reader: reader))
        #expect(reader.diagnostics.isEmpty)
        #expect(table.price(for: CountryCode("NL")!) == 0.072)
        #expect(table.countries[CountryCode("NL")!]?.networks["20408"] == 0.069)
        #expect(table.price(for: CountryCode("BE")!) == 0.060)  // only network prices: the highest
        #expect(table.price(for: CountryCode("JP")!) == 0.100)
        #expect(table.currency == "EUR")
    }

    @Test func priceCSVWithoutHeaderAndMixedCurrencies() {
        let reader = RuleFileReader(file: "p.csv")
        let table = PriceTable.parseCSV("NL,0.07,EUR\nDE,20201,0.08,EUR\nFR,0.09,USD\n", file: "p.csv", now: Date(), reader: reader)
        #expect(table?.countries.count == 2)
        #expect(reader.diagnostics.map(\.location.line) == [3])
        #expect(reader.diagnostics.first?.message.contains("mixes currencies") == true)
    }

    @Test(arguments: [("5s", 5.0), ("250ms", 0.25), ("2m", 120.0), ("1h", 3600.0), ("1.5s", 1.5)])
    func durations(text: String, seconds: Double) {
        #expect(RuleValues.seconds(text) == seconds)
    }

    @Test(arguments: ["5", "s", "5 sec", "-1s", "1x"])
    func badDurations(text: String) {
        #expect(RuleValues.seconds(text) == nil)
    }

    @Test(arguments: [("30/s", 30.0), ("600/m", 10.0), ("3600/h", 1.0), ("5/sec", 5.0)])
    func rates(text: String, perSecond: Double) {
        #expect(RuleValues.ratePerSecond(text) == perSecond)
    }

    @Test func suggestionsUseEditDistance() {
        #expect(Suggestion.closest(to: "stratgy", in: ["strategy", "providers"]) == "strategy")
        #expect(Suggestion.closest(to: "zzz", in: ["strategy", "providers"]) == nil)
    }
}
