import ArgumentParser
import Foundation
import Switchboard

/// `switchboard messages [list]`: filtered, sorted, limited listing of the outcome log.
struct MessagesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List messages from the outcome log (the default of `switchboard messages`).",
        discussion: """
            --since/--until take a duration back from now (30m, 24h, 7d, 1d12h) or an ISO-8601 date or \
            time (2026-11-01, 2026-11-01T08:00:00Z; UTC when no zone is given); since is inclusive, until \
            exclusive.

            --json prints a JSON array, one object per message: id, createdAt, updatedAt, direction, to, \
            from, country, channel, tag, text, segments, encoding, state, deliveryState, provider, \
            providerMessageIds, cost, currency, route, attemptCount, idempotencyKey, error (null when \
            unknown; every key always present). Times are UTC ISO-8601.

            \(CLIExitCode.help)
            """)

    static let states = ["pending", "accepted", "partial", "failed", "unknown"]
    static let deliveryStates = ["pending", "delivered", "failed", "unknown"]

    @OptionGroup var log: LogOption
    @Option(help: ArgumentHelp("Recipient (any common format; matched in E.164).", valueName: "number")) var to: String?
    @Option(help: ArgumentHelp("Sender id or number (exact).", valueName: "sender")) var from: String?
    @Option(help: ArgumentHelp("Created at or after: 30m, 24h, 7d, or an ISO-8601 date/time.", valueName: "when"))
    var since: TimeBound?
    @Option(help: ArgumentHelp("Created before: 30m, 24h, 7d, or an ISO-8601 date/time.", valueName: "when"))
    var until: TimeBound?
    @Option(help: ArgumentHelp("pending | accepted | partial | failed | unknown.", valueName: "state")) var state: String?
    @Option(help: ArgumentHelp("pending | delivered | failed | unknown.", valueName: "state")) var deliveryState: String?
    @Option(help: ArgumentHelp("The provider that took it.", valueName: "id")) var provider: String?
    @Option(help: ArgumentHelp("The recipient's country (ISO code).", valueName: "code")) var country: String?
    @Option(help: "newest | oldest first.") var sort: MessageSortOrder = .newest
    @Option(help: "At most this many messages (0: all).") var limit: Int = 50
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if let state, !Self.states.contains(state) {
            throw ValidationError("--state must be one of \(Self.states.joined(separator: ", ")) (not '\(state)')")
        }
        if let deliveryState, !Self.deliveryStates.contains(deliveryState) {
            throw ValidationError(
                "--delivery-state must be one of \(Self.deliveryStates.joined(separator: ", ")) (not '\(deliveryState)')")
        }
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
        if let since, let until, since.date >= until.date { throw ValidationError("--since must be before --until") }
    }

    /// The log filter the flags describe.
    var filter: MessageFilter {
        let recipient = to.map { (try? PhoneNumber(parsing: $0))?.e164 ?? $0 }
        return MessageFilter(
            from: from, to: recipient, since: since?.date, until: until?.date, state: state,
            deliveryState: deliveryState, provider: provider, country: country?.uppercased(),
            sort: sort.sort, pageSize: limit == 0 ? MessageFilter.maxPageSize : min(limit + 1, MessageFilter.maxPageSize))
    }

    func run() async throws {
        let outcomeLog = try log.openForReading()
        defer { outcomeLog.close() }
        var records: [MessageRecord] = []
        var more = false
        var count = 0
        if json { print("[", terminator: "") }
        do {
            pages: for try await page in outcomeLog.messages(filter: filter) {
                for record in page {
                    if limit > 0, count == limit {
                        more = true
                        break pages
                    }
                    if json {
                        print((count == 0 ? "\n" : ",\n") + JSONValue(record).text(pretty: false), terminator: "")
                    } else {
                        records.append(record)
                    }
                    count += 1
                }
            }
        } catch {
            if json { print("\n]") }
            StandardError.print("cannot read the log at \(log.db): \(error)")
            throw ExitCode(CLIExitCode.failed)
        }
        if json {
            print(count == 0 ? "]" : "\n]")
        } else if records.isEmpty {
            StandardError.print("no messages match in \(log.db)")
        } else {
            print(Self.table(records))
        }
        if more {
            StandardError.print(
                "showing the \(sort == .newest ? "newest" : "oldest") \(limit); more match (--limit N, or 0 for all)")
        }
    }

    static func table(_ records: [MessageRecord]) -> String {
        CLIFormat.table(
            ["ID", "CREATED (UTC)", "TO", "FROM", "STATE", "DELIVERY", "PROVIDER", "COST", "TAG"],
            records.map { r in
                [
                    r.id.description, CLIFormat.time(r.createdAt), r.recipient, r.sender ?? "-", r.state, r.deliveryState ?? "-",
                    r.provider ?? "-", r.cost.map { "\(CLIFormat.price($0)) \(r.currency ?? "")" } ?? "-", r.tag ?? "-",
                ]
            },
            rightAligned: [7])
    }
}
