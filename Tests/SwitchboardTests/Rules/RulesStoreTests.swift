import Foundation
import Testing
@testable import Switchboard

@Suite struct RulesStoreTests {
    static func write(_ files: [String: String], to dir: String) throws {
        for (name, text) in files {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    @Test func badReloadKeepsTheOldRulesAndReturnsErrors() throws {
        let dir = NSTemporaryDirectory() + "sb-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(["providers.yaml": RuleFixtures.providers, "routes.yaml": RuleFixtures.routes], to: dir)

        let store = try RulesStore(directory: dir, environment: [:])
        let before = store.table
        #expect(before.plan(RuleFixtures.request("NL", tag: "otp"))?.route == "otp-nl")

        // A broken edit: the old table keeps serving, every error comes back.
        try Self.write(["routes.yaml": "routes:\n  - name: x\n    providers: [nobody]\n    strategy: cheapest\n"], to: dir)
        var errors: [RuleDiagnostic] = []
        do { try store.reload(environment: [:]) } catch { errors = error.errors }
        #expect(errors.contains { $0.kind == .unknownProvider })
        #expect(errors.contains { $0.kind == .invalidValue })
        #expect(store.table === before)

        // A good edit is swapped in.
        let newRoutes = RuleFixtures.routes.replacingOccurrences(of: "name: otp-nl", with: "name: otp-nl-v2")
        try Self.write(["routes.yaml": newRoutes], to: dir)
        try store.reload(environment: [:])
        #expect(store.table !== before)
        #expect(store.table.plan(RuleFixtures.request("NL", tag: "otp"))?.route == "otp-nl-v2")
        // The snapshot taken before is unchanged (immutable tables).
        #expect(before.plan(RuleFixtures.request("NL", tag: "otp"))?.route == "otp-nl")
    }

    @Test func syntheticTwentyThousandRoutesLoad() throws {
        let rules = try RuleSet.load(files: SyntheticRules(routes: 20_000).files(), directory: "synthetic")
        #expect(rules.routes.count == 20_000)
        #expect(rules.providers.count == 5)
        let table = RoutingTable(rules)
        let plan = table.plan(RoutingRequest(country: CountryCode("NL"), digits: "31612345678"))
        #expect(plan?.route == "everything-else")
    }
}
