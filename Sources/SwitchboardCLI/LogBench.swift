import ArgumentParser
import Foundation
import Switchboard

/// Outcome-log write throughput (budget ≥ 100,000 attempt rows/s).
struct LogBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Outcome-log writes per second through the group-committing writer (budget ≥ 100,000 rows/s).")

    @Option(help: "Messages to log (each: a message row, an attempt row, a finish update).") var messages = 100_000
    @Option(help: "Concurrent writers.") var writers = 64
    @Option(help: "Runs (the median is reported).") var runs = 3

    func run() async throws {
        var rates: [Double] = []
        for run in 1...runs {
            let path = NSTemporaryDirectory() + "switchboard-logbench-\(getpid())-\(run).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let log = try OutcomeLog(path: path)
            let perWriter = messages / writers
            let start = now()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<writers {
                    group.addTask {
                        for _ in 0..<perWriter {
                            let id = MessageID.next()
                            let m = LoggedMessage(id: id, createdAt: 1.8e9, recipient: "+31612345678", country: "NL",
                                                  sender: "InfoText", channel: "sms", tag: "otp", text: "Your code is 123456",
                                                  encoding: "GSM-7", segments: 1, idempotencyKey: nil, route: "otp-nl")
                            // The message must be durable before its first attempt; the attempt and the
                            // finish ride along with the next group commit (a crash before it leaves the
                            // message `pending`, which the next start reports as `unknown`).
                            try await log.write([.message(m)])
                            log.enqueue([
                                .attempt(LoggedAttempt(messageID: id, seq: 1, provider: "kpn", startedAt: 1.8e9, finishedAt: 1.8e9,
                                                       outcome: "accepted", unitPrice: 0.045, cost: 0.045,
                                                       trace: #"{"route":"otp-nl","candidates":["kpn","vonage","smscx"]}"#)),
                                .finish(MessageFinish(id: id, state: "accepted", provider: "kpn", providerMessageIDs: ["0A\(id)"],
                                                      cost: 0.045, currency: "EUR", remainingBalance: nil, attemptCount: 1,
                                                      error: nil, at: 1.8e9)),
                            ])
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await log.write([])  // waits for everything queued before it to commit
            let elapsed = now() - start
            let rows = log.rowsWritten
            log.close()
            let rate = Double(rows) / elapsed
            rates.append(rate)
            print("  run \(run): \(rows) writes (message + attempt + finish per message) in \(String(format: "%.2f", elapsed)) s = \(Int(rate)) rows/s, \(Int(Double(perWriter * writers) / elapsed)) messages/s")
        }
        let m = median(rates)
        print("median: \(Int(m)) rows/s — budget ≥ 100,000/s: \(m >= 100_000 ? "OK" : "OVER BUDGET")")
    }
}
