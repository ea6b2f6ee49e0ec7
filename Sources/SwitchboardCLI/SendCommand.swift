import ArgumentParser
import Foundation
import Switchboard

/// `switchboard send`: one message through the router (rules, fallback, health, the log).
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send one message by the rules, with fallback, recording it in the outcome log.",
        discussion: """
            Credentials and base URLs come from the environment, as rules/providers.yaml says \
            (e.g. VONAGE_API_KEY, VONAGE_BASE_URL). To try it locally: run `switchboard simulator`, \
            export the *_BASE_URL lines it prints, then `switchboard send --to "+31 6 1234 5678" --text hi`.

            --json prints one object: ok, messageId, state, provider, providerMessageIds, segments, \
            encoding, cost, currency, replayed, exitCode, error ({kind, message, retryAfter, fix} or null), \
            attempts ([{seq, provider, outcome, code, detail, durationMs}]) and trace (route, candidates, \
            excluded, steps, outcome; null when no plan was made). Every key is always present.

            \(CLIExitCode.help)
            """)

    @OptionGroup var message: MessageOptions
    @OptionGroup var rules: RulesOption
    @OptionGroup var log: LogOption
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let ruleSet = try CLIRouter.loadRules(rules.rules)  // before the log, so bad rules create no log
        let router = try CLIRouter.make(rules: ruleSet, log: try CLIRouter.openLog(log.db))
        let outcome: Result<DispatchResult, SendFailure>
        do throws(SendFailure) {
            outcome = .success(try await router.send(message.message))
        } catch {
            outcome = .failure(error)
        }
        let state: String?
        switch outcome {
        case .success(let result): state = result.state.rawValue
        case .failure(let failure): state = failure.messageID.flatMap { try? router.message(id: $0)?.state }
        }
        await router.shutdown()
        switch outcome {
        case .success(let result):
            if json {
                print(Self.json(result).text())
            } else {
                print(Self.text(result))
            }
        case .failure(let failure):
            let code = CLIExitCode.code(for: failure.kind)
            let fix = CLIExitCode.fix(for: failure, rules: rules.rules)
            if json { print(Self.json(failure, state: state, exitCode: code, fix: fix).text()) }
            StandardError.print("not sent: \(failure)")
            if let id = failure.messageID { StandardError.print("message \(id) is \(state ?? "failed") in \(log.db)") }
            if failure.replayed { StandardError.print("(the stored outcome of an earlier send with this idempotency key)") }
            StandardError.print("fix: \(fix)")
            throw ExitCode(code)
        }
    }

    static func text(_ result: DispatchResult) -> String {
        var lines: [String] = []
        let cost = result.cost.map { "\(CLIFormat.price($0)) \(result.currency)" } ?? "unpriced"
        let segments = result.segments == 1 ? "1 segment" : "\(result.segments) segments"
        let attempts = result.attempts.count == 1 ? "1 attempt" : "\(result.attempts.count) attempts"
        lines.append(
            "\(result.state.rawValue) \(result.messageID) by \(result.provider) (\(attempts)), "
                + "\(segments) \(result.encoding), cost \(cost)")
        if !result.providerMessageIDs.isEmpty {
            lines.append(
                "provider message id\(result.providerMessageIDs.count == 1 ? "" : "s"): "
                    + result.providerMessageIDs.joined(separator: ", "))
        }
        for part in result.parts where part.error != nil {
            lines.append("part \(part.number) not accepted: \(part.error.map { "\($0)" } ?? "")")
        }
        if result.replayed { lines.append("replayed: an earlier send with this idempotency key; nothing was sent now") }
        lines.append(result.trace.text)
        return lines.joined(separator: "\n")
    }

    static func json(_ result: DispatchResult) -> JSONValue {
        .object([
            ("ok", true),
            ("messageId", .string(result.messageID.description)),
            ("state", .string(result.state.rawValue)),
            ("provider", .string(result.provider.rawValue)),
            ("providerMessageIds", .array(result.providerMessageIDs.map(JSONValue.string))),
            ("segments", .int(result.segments)),
            ("encoding", .string(result.encoding)),
            ("cost", .double(result.cost)),
            ("currency", .string(result.currency)),
            ("replayed", .bool(result.replayed)),
            ("exitCode", .int(Int(CLIExitCode.ok))),
            ("error", .null),
            ("attempts", .array(result.attempts.map(JSONValue.init))),
            ("trace", JSONValue(result.trace)),
        ])
    }

    static func json(_ failure: SendFailure, state: String?, exitCode: Int32, fix: String) -> JSONValue {
        .object([
            ("ok", false),
            ("messageId", .string(failure.messageID?.description)),
            ("state", .string(state)),
            ("provider", .null),
            ("providerMessageIds", .array([])),
            ("segments", .int(failure.trace?.segments)),
            ("encoding", .string(failure.trace?.encoding)),
            ("cost", .null),
            ("currency", .string(failure.trace?.currency)),
            ("replayed", .bool(failure.replayed)),
            ("exitCode", .int(Int(exitCode))),
            (
                "error",
                .object([
                    ("kind", .string(failure.kind.rawValue)), ("message", .string(failure.message)),
                    ("retryAfter", .double(failure.retryAfter)), ("fix", .string(fix)),
                ])
            ),
            ("attempts", .array(failure.attempts.map(JSONValue.init))),
            ("trace", failure.trace.map(JSONValue.init) ?? .null),
        ])
    }
}
