import ArgumentParser
import Foundation
import Switchboard

/// Outcome-log write throughput (budget ≥ 100,000 attempt rows/s).
struct LogBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Outcome-log writes per second through the group-committing writer (budget ≥ 100,000 rows/s).",
        discussion: """
            Each message is logged as the router does it: the message row, awaited (it must be durable \
            before the first attempt), then its attempt rows and the finish update, queued with the next \
            group commit. Reported: all writes/s (message + attempts + finish), attempt rows/s and \
            messages/s, each the median of the runs. Then, per run, one more attempt row for each of those \
            messages, queued as the router queues attempts (one write each, not awaited): the writer's \
            capacity for attempt rows alone (DESIGN §9: ≥ 100,000 attempt rows/s).
            """)

    @Option(help: "Messages to log.") var messages = 100_000
    @Option(help: "Attempts per message (the last accepted, the ones before it failed over).") var attempts = 1
    @Option(help: "Concurrent writers.") var writers = 64
    @Option(help: "Runs (the median is reported).") var runs = 3

    func validate() throws {
        guard messages > 0, attempts > 0, writers > 0, runs > 0 else {
            throw ValidationError("messages, attempts, writers and runs must be positive")
        }
    }

    func run() async throws {
        var writeRates: [Double] = []
        var attemptRates: [Double] = []
        var messageRates: [Double] = []
        var attemptOnlyRates: [Double] = []
        let attempts = attempts
        for run in 1...runs {
            let path = NSTemporaryDirectory() + "switchboard-logbench-\(getpid())-\(run).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let log = try OutcomeLog(path: path)
            let perWriter = messages / writers
            let start = now()
            let ids = try await withThrowingTaskGroup(of: [MessageID].self) { group in
                for _ in 0..<writers {
                    group.addTask {
                        var ids: [MessageID] = []
                        ids.reserveCapacity(perWriter)
                        for _ in 0..<perWriter {
                            let id = MessageID.next()
                            let m = LoggedMessage(id: id, createdAt: 1.8e9, recipient: "+31612345678", country: "NL",
                                                  sender: "InfoText", channel: "sms", tag: "otp", text: "Your code is 123456",
                                                  encoding: "GSM-7", segments: 1, idempotencyKey: nil, route: "otp-nl")
                            // The message must be durable before its first attempt; the attempts and the
                            // finish ride along with the next group commit (a crash before it leaves the
                            // message `pending`, which the next start reports as `unknown`).
                            try await log.write([.message(m)])
                            var writes: [LogWrite] = []
                            writes.reserveCapacity(attempts + 1)
                            for seq in 1...attempts {
                                let accepted = seq == attempts
                                writes.append(.attempt(LoggedAttempt(
                                    messageID: id, seq: seq, provider: accepted ? "kpn" : "vonage", startedAt: 1.8e9,
                                    finishedAt: 1.8e9, outcome: accepted ? "accepted" : "unavailable",
                                    code: accepted ? nil : "http 503", unitPrice: accepted ? 0.045 : nil,
                                    cost: accepted ? 0.045 : nil,
                                    trace: #"{"route":"otp-nl","candidates":["kpn","vonage","smscx"]}"#)))
                            }
                            writes.append(.finish(MessageFinish(
                                id: id, state: "accepted", provider: "kpn", providerMessageIDs: ["0A\(id)"], cost: 0.045,
                                currency: "EUR", remainingBalance: nil, attemptCount: attempts, error: nil, at: 1.8e9)))
                            log.enqueue(writes)
                            ids.append(id)
                        }
                        return ids
                    }
                }
                var ids: [[MessageID]] = []
                for try await writerIDs in group { ids.append(writerIDs) }
                return ids
            }
            try await log.write([])  // waits for everything queued before it to commit
            let elapsed = now() - start
            let rows = log.rowsWritten
            let attemptRows = try log.counts()["attempts"] ?? 0
            let logged = perWriter * writers

            // Attempt rows alone, as the router queues them (one write per attempt, not awaited),
            // for the messages just logged: the writer's capacity for attempt rows.
            let attemptsStart = now()
            await withTaskGroup(of: Void.self) { group in
                for writerIDs in ids {
                    group.addTask {
                        for id in writerIDs {
                            log.enqueue([.attempt(LoggedAttempt(
                                messageID: id, seq: attempts + 1, provider: "smscx", startedAt: 1.8e9, finishedAt: 1.8e9,
                                outcome: "throttled", code: "429", detail: "rate limited", unitPrice: nil, cost: nil))])
                        }
                    }
                }
            }
            try await log.write([])
            let attemptsElapsed = now() - attemptsStart
            attemptOnlyRates.append(Double(logged) / attemptsElapsed)
            log.close()
            writeRates.append(Double(rows) / elapsed)
            attemptRates.append(Double(attemptRows) / elapsed)
            messageRates.append(Double(logged) / elapsed)
            print("  run \(run): \(rows) writes (\(logged) messages, \(attemptRows) attempt rows, \(logged) finishes) in "
                + "\(String(format: "%.2f", elapsed)) s = \(Int(writeRates.last!)) writes/s, "
                + "\(Int(attemptRates.last!)) attempt rows/s, \(Int(messageRates.last!)) messages/s; then \(logged) attempt rows "
                + "alone in \(String(format: "%.2f", attemptsElapsed)) s = \(Int(attemptOnlyRates.last!)) attempt rows/s")
        }
        let m = median(writeRates)
        let alone = median(attemptOnlyRates)
        print("median: \(Int(m)) writes/s (\(Int(median(attemptRates))) attempt rows/s, "
            + "\(Int(median(messageRates))) messages/s) — budget ≥ 100,000 rows/s: \(m >= 100_000 ? "OK" : "OVER BUDGET")")
        print("median, attempt rows alone: \(Int(alone)) attempt rows/s — budget ≥ 100,000 attempt rows/s: "
            + (alone >= 100_000 ? "OK" : "OVER BUDGET"))
    }
}
