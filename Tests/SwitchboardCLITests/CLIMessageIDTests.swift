import Foundation
import Switchboard
import Testing

/// Message ids stay unique across processes even when the wall clock went backwards since the
/// last run: a process that opens a log makes ids greater than the largest one already in it.
///
/// Run as a subprocess (`switchboard send`) so that the id far in the future does not move the
/// id generator of the test process itself.
@Suite struct CLIMessageIDTests {
    @Test func idsAreGreaterThanAFutureIDAlreadyInTheLog() async throws {
        try await CLIHarness.with { h in
            // About ten years ahead: the log was written while the clock was far ahead of now.
            let ahead = Int64((Date().timeIntervalSince1970 + 10 * 365 * 86_400) * 1000)
            let future = MessageID(milliseconds: ahead, sequence: 7)
            let log = try OutcomeLog(path: h.directory + "/switchboard.sqlite")
            try await log.write([.message(LoggedMessage(
                id: future, createdAt: Double(ahead) / 1000, recipient: "+31612345678", country: "NL", sender: "Acme",
                channel: "sms", tag: nil, text: "from the future", encoding: "GSM-7", segments: 1, idempotencyKey: nil,
                route: "everything"))])
            log.close()

            var previous = future
            for i in 0..<2 {
                let run = try await h.send(["--to", "+31 6 1234 567\(i)", "--text", "now \(i)", "--from", "Acme", "--json"])
                #expect(run.status == 0, "\(run)")
                let object = try #require(run.object, "\(run)")
                let id = try #require((object["messageId"] as? String).flatMap(MessageID.init), "\(run)")
                #expect(id > previous, "new id \(id) is not after \(previous)")
                previous = id
            }
        }
    }
}
