import ArgumentParser
import Foundation
import Switchboard

/// `switchboard messages show ID`: one message with its attempts, receipts and decision trace.
struct MessagesShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one message with its attempts, delivery receipts and decision trace.",
        discussion: """
            --json prints the fields of `messages --json` plus attempts ([{seq, provider, outcome, code, \
            detail, startedAt, finishedAt, durationMs, unitPrice, cost}]), receipts ([{provider, \
            providerMessageId, state, providerStatus, errorCode, at}]) and trace (route, candidates, \
            excluded, steps, outcome; null before the message finished).

            \(CLIExitCode.help)
            """)

    @OptionGroup var log: LogOption
    @Argument(help: "The message id (16 hex digits, as `send` and `messages` print it).") var id: String
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if MessageID(id) == nil { throw ValidationError("'\(id)' is not a message id (16 hex digits, e.g. 019a3c5e8f000000)") }
    }

    func run() async throws {
        guard let id = MessageID(id) else { throw ExitCode(CLIExitCode.failed) }
        let outcomeLog = try log.openForReading()
        defer { outcomeLog.close() }
        let record: MessageRecord?
        let attempts: [AttemptRecord]
        let receipts: [ReceiptRecord]
        do {
            record = try outcomeLog.message(id: id)
            attempts = record == nil ? [] : try outcomeLog.attemptRecords(of: id)
            receipts = record == nil ? [] : try outcomeLog.receipts(of: id)
        } catch {
            StandardError.print("cannot read the log at \(log.db): \(error)")
            throw ExitCode(CLIExitCode.failed)
        }
        guard let record else {
            StandardError.print("no message \(id) in \(log.db); list them with `switchboard messages --db \(log.db)`")
            throw ExitCode(CLIExitCode.notFound)
        }
        if json {
            let fields =
                JSONValue.fields(of: record) + [
                    ("attempts", .array(attempts.map(JSONValue.init))),
                    ("receipts", .array(receipts.map(JSONValue.init))),
                    ("trace", JSONValue(storedTrace: record.trace)),
                ]
            print(JSONValue.object(fields).text())
        } else {
            print(Self.text(record, attempts: attempts, receipts: receipts))
        }
    }

    static func text(_ r: MessageRecord, attempts: [AttemptRecord], receipts: [ReceiptRecord]) -> String {
        var lines: [String] = []
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            lines.append(name.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
        }
        field("message", r.id.description)
        field("created", CLIFormat.time(r.createdAt) + " UTC")
        field("updated", CLIFormat.time(r.updatedAt) + " UTC")
        field("to", r.recipient + (r.country.map { " (\($0))" } ?? ""))
        field("from", r.sender)
        field("channel", r.channel)
        field("tag", r.tag)
        field("text", r.text)
        field("segments", r.segments.map { "\($0)" + (r.encoding.map { " \($0)" } ?? "") })
        field("state", r.state)
        field("delivery", r.deliveryState)
        field("provider", r.provider)
        field("provider ids", r.providerMessageIDs.joined(separator: ", "))
        field("cost", r.cost.map { "\(CLIFormat.price($0)) \(r.currency ?? "")" })
        field("route", r.route)
        field("idempotency", r.idempotencyKey)
        field("error", r.error)
        lines.append("")
        lines.append(attempts.isEmpty ? "attempts: none" : "attempts:")
        for a in attempts {
            var line = "  \(a.seq). \(a.provider) \(a.outcome)"
            if let code = a.code { line += " [\(code)]" }
            if let finished = a.finishedAt { line += " in \(CLIFormat.latency(finished.timeIntervalSince(a.startedAt)))" }
            if let cost = a.cost { line += ", cost \(CLIFormat.price(cost))" }
            if let detail = a.detail { line += ": \(detail)" }
            lines.append(line)
        }
        if !receipts.isEmpty {
            lines.append("receipts:")
            for receipt in receipts {
                var line =
                    "  \(CLIFormat.time(receipt.at)) \(receipt.provider) \(receipt.providerMessageID): \(receipt.state) (\(receipt.providerStatus))"
                if let code = receipt.errorCode { line += " [\(code)]" }
                lines.append(line)
            }
        }
        lines.append("")
        if let text = r.trace, let trace = try? JSONDecoder().decode(DecisionTrace.self, from: Data(text.utf8)) {
            lines.append("decision trace:")
            lines.append(trace.text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        } else {
            lines.append("decision trace: none yet (the message has not finished)")
        }
        return lines.joined(separator: "\n")
    }
}
