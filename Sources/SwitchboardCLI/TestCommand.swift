import ArgumentParser
import Switchboard

/// `switchboard test`: run the rule test cases in `rules/tests/*.yaml`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run the rule test cases in <rules>/tests/*.yaml; exit non-zero on any failure.")

    @OptionGroup var options: RulesOption

    func run() throws {
        let table = try loadTable(options.rules)
        let cases: [RuleTestCase]
        do {
            cases = try RuleTestCase.load(directory: options.rules)
        } catch {
            for diagnostic in error.diagnostics { StandardError.print(diagnostic.description) }
            throw ExitCode(1)
        }
        if cases.isEmpty {
            StandardError.print("no test cases in \(options.rules)/tests/*.yaml")
            throw ExitCode(1)
        }
        var failed = 0
        for testCase in cases {
            let result = testCase.run(on: table)
            if result.passed {
                print("PASS  \(testCase.name)")
            } else {
                failed += 1
                print("FAIL  \(testCase.name)  (\(testCase.location))")
                for failure in result.failures { print("        \(failure)") }
            }
        }
        print("\(cases.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
