import Foundation
import Switchboard
import SwitchboardTestSupport
import Testing

/// DESIGN §6 crash safety, for real: a `switchboard bench e2e` process killed with SIGKILL in the
/// middle of a batch leaves every message in the log; after a restart the ones that were in
/// flight are `unknown` (reported once, never re-sent) and nothing is left `pending`.
@Suite struct RouterCrashRecoveryTests {
    /// One `progress logged=… finished=… pending=… accepted=…` line of the child.
    struct Progress {
        var logged = 0
        var finished = 0
        var pending = 0
        var accepted = 0

        init?(_ line: String) {
            guard line.hasPrefix("progress ") else { return nil }
            var fields: [String: Int] = [:]
            for pair in line.dropFirst("progress ".count).split(separator: " ") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, let value = Int(kv[1]) { fields[String(kv[0])] = value }
            }
            guard let logged = fields["logged"], let finished = fields["finished"], let pending = fields["pending"],
                  let accepted = fields["accepted"]
            else { return nil }
            (self.logged, self.finished, self.pending, self.accepted) = (logged, finished, pending, accepted)
        }
    }

    @Test func sigkillMidBatchLeavesEveryMessageInTheLogAndInFlightOnesUnknown() async throws {
        guard let executable = ChildProcess.switchboardExecutable() else {
            Issue.record("""
                the `switchboard` executable was not found next to the test bundle (\(CommandLine.arguments[0])) \
                or in .build*/debug/; `swift test` builds it — or set SWITCHBOARD_EXECUTABLE
                """)
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logPath = directory.appendingPathComponent("log.sqlite").path
        let total = 3000

        // One batch of 3,000 against a simulator that takes 300 ms per request, 200 at a time:
        // the bulk requests (SMS.CX, Bandwidth) finish quickly, the one-by-one providers (KPN,
        // Vonage) keep most of their messages in flight for seconds.
        let child = try ChildProcess(executable: executable, arguments: [
            "bench", "e2e", "--messages", "\(total)", "--batch", "\(total)", "--concurrency", "200",
            "--latency-ms", "300", "--sequential", "0", "--log", logPath, "--progress", "--progress-interval", "0.05",
        ])
        func lastProgress() -> Progress? { child.stdout.lines.reversed().lazy.compactMap(Progress.init).first }

        // Wait until every message is logged, some have finished and some are still in flight.
        let midBatch = await eventually(timeout: .seconds(60)) {
            guard child.isRunning else { return true }
            guard let p = lastProgress() else { return false }
            return p.logged == total && p.accepted > 0 && p.pending > 0
        }
        guard midBatch, child.isRunning, let before = lastProgress() else {
            child.kill(SIGKILL)
            _ = await child.waitForExit(timeout: .seconds(10))
            Issue.record("the child never reported a batch in flight (or exited first):\n\(child.transcript)")
            return
        }
        child.kill(SIGKILL)
        #expect(await child.waitForExit(timeout: .seconds(30)), "the child did not die")
        let termination = child.termination
        #expect(termination.reason == .uncaughtSignal && termination.status == SIGKILL, "\(termination)\n\(child.transcript)")

        // Restart: open the log as the next router would.
        let log = try OutcomeLog(path: logPath)
        let recovered = Set(log.recoveredInFlight)
        #expect(!recovered.isEmpty, "messages were in flight when the child was killed")
        #expect(recovered.count == log.recoveredInFlight.count)

        // Every message the child logged is there: the batch logs all its rows before sending.
        let counts = try log.counts()
        #expect(counts["messages"] == before.logged)
        #expect(counts["messages"] == total)

        // Nothing pending; only accepted, failed or unknown; at least what had committed before.
        let rows = try log.report(since: nil, until: nil, by: .provider)
        let states = rows.reduce(into: [String: Int]()) { sum, row in
            sum["accepted", default: 0] += row.accepted
            sum["partial", default: 0] += row.partial
            sum["failed", default: 0] += row.failed
            sum["unknown", default: 0] += row.unknown
            sum["pending", default: 0] += row.pending
        }
        #expect(states["pending"] == 0)
        #expect(states["partial"] == 0)
        #expect((states["accepted"] ?? 0) + (states["failed"] ?? 0) + (states["unknown"] ?? 0) == total)
        #expect((states["accepted"] ?? 0) >= before.accepted, "accepted outcomes that were committed survive the kill")

        // The unknown ones are exactly the recovered ones, each saying why.
        var unknown: Set<MessageID> = []
        for try await page in log.messages(filter: MessageFilter(state: "unknown", pageSize: MessageFilter.maxPageSize)) {
            for record in page {
                unknown.insert(record.id)
                #expect(record.error?.contains("process stopped") == true, "\(record.id): \(record.error ?? "no error")")
            }
        }
        #expect(unknown == recovered)
        log.close()

        // A second restart finds nothing new to recover and changes nothing.
        let again = try OutcomeLog(path: logPath)
        #expect(again.recoveredInFlight.isEmpty)
        let unknownAgain = try again.report(since: nil, until: nil, by: .provider).map(\.unknown).reduce(0, +)
        #expect(unknownAgain == recovered.count)
        #expect(try again.counts()["messages"] == total)
        again.close()
    }
}
