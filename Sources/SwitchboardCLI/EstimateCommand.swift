import ArgumentParser
import Foundation
import Switchboard

/// `switchboard estimate`: what `send` would do now — route, candidates, cost — sending nothing.
struct EstimateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Show the route, ranked candidates, exclusions and cost a send would use now; sends nothing.",
        discussion: """
            Takes the same flags as `send`. Opt-outs and delivery ratios come from the log at --db when \
            it exists (read-only; nothing is written); no provider is contacted.

            --json prints one object: ok, provider (tried first, or null), cost, currency, segments, \
            encoding, exitCode, error ({kind, message, retryAfter, fix} or null) and trace (route, \
            candidates, excluded, steps, outcome). Every key is always present.

            Exit 0 when a provider would take it, 1 when every candidate is unavailable right now, \
            3 when it can never be sent as it is (invalid number, opted out, no route).

            \(CLIExitCode.help)
            """)

    @OptionGroup var message: MessageOptions
    @OptionGroup var rules: RulesOption
    @OptionGroup var log: LogOption
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let ruleSet = try CLIRouter.loadRules(rules.rules)
        // Never create or change the log here: read the existing one, or use a scratch log.
        var scratch: URL?
        let outcomeLog: OutcomeLog
        if FileManager.default.fileExists(atPath: log.db) {
            outcomeLog = try log.openForReading()
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "switchboard-estimate-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            scratch = directory
            outcomeLog = try CLIRouter.openLog(directory.appendingPathComponent("scratch.sqlite").path)
        }
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        let router = try CLIRouter.make(rules: ruleSet, log: outcomeLog)
        let outcome: Result<MessageEstimate, SendFailure>
        do throws(SendFailure) {
            outcome = .success(try router.estimate(message.message))
        } catch {
            outcome = .failure(error)
        }
        await router.shutdown()
        switch outcome {
        case .success(let estimate):
            let code = estimate.provider == nil ? CLIExitCode.failed : CLIExitCode.ok
            if json {
                print(Self.json(estimate, exitCode: code).text())
            } else {
                print(Self.text(estimate))
            }
            if code != CLIExitCode.ok {
                StandardError.print("no provider can take it now: \(estimate.trace.outcome); retry later")
                throw ExitCode(code)
            }
        case .failure(let failure):
            let code = CLIExitCode.code(for: failure.kind)
            let fix = CLIExitCode.fix(for: failure, rules: rules.rules)
            if json { print(Self.json(failure, exitCode: code, fix: fix).text()) }
            StandardError.print("cannot be sent: \(failure)")
            StandardError.print("fix: \(fix)")
            throw ExitCode(code)
        }
    }

    static func text(_ estimate: MessageEstimate) -> String {
        let segments = estimate.segments == 1 ? "1 segment" : "\(estimate.segments) segments"
        var first = "would send through \(estimate.provider?.rawValue ?? "no provider (none available now)")"
        first += ": \(segments) \(estimate.encoding), cost "
        first += estimate.cost.map { "\(CLIFormat.price($0)) \(estimate.currency)" } ?? "unpriced"
        return first + "\n" + estimate.trace.text
    }

    static func json(_ estimate: MessageEstimate, exitCode: Int32) -> JSONValue {
        .object([
            ("ok", .bool(exitCode == CLIExitCode.ok)),
            ("provider", .string(estimate.provider?.rawValue)),
            ("cost", .double(estimate.cost)),
            ("currency", .string(estimate.currency)),
            ("segments", .int(estimate.segments)),
            ("encoding", .string(estimate.encoding)),
            ("exitCode", .int(Int(exitCode))),
            ("error", .null),
            ("trace", JSONValue(estimate.trace)),
        ])
    }

    static func json(_ failure: SendFailure, exitCode: Int32, fix: String) -> JSONValue {
        .object([
            ("ok", false),
            ("provider", .null),
            ("cost", .null),
            ("currency", .string(failure.trace?.currency)),
            ("segments", .int(failure.trace?.segments)),
            ("encoding", .string(failure.trace?.encoding)),
            ("exitCode", .int(Int(exitCode))),
            (
                "error",
                .object([
                    ("kind", .string(failure.kind.rawValue)), ("message", .string(failure.message)),
                    ("retryAfter", .double(failure.retryAfter)), ("fix", .string(fix)),
                ])
            ),
            ("trace", failure.trace.map(JSONValue.init) ?? .null),
        ])
    }
}
