import Foundation
import Testing
@testable import Switchboard

/// One writing process per log: a second writer is refused (its crash recovery would mark the
/// first one's in-flight messages `unknown`); readers are not; closing releases the claim.
@Suite struct OutcomeLogLockTests {
    @Test func aSecondWriterIsRefusedWithTheFixAndReadersAreNot() async throws {
        let temporary = try TemporaryLog()
        defer { temporary.remove() }
        try await temporary.log.write([])

        do {
            _ = try OutcomeLog(path: temporary.path)
            Issue.record("a second writer opened a log that is being written")
        } catch let error as OutcomeLogError {
            guard case .inUse(let path, let pid) = error else {
                Issue.record("expected inUse, got \(error)")
                return
            }
            #expect(path == temporary.path)
            #expect(pid == getpid())
            #expect(error.description.contains("switchboard messages"))
            #expect(error.description.contains("--db"))
        }

        let reader = try OutcomeLog(readingFrom: temporary.path)
        #expect(try reader.counts()["messages"] == 0)

        temporary.log.close()
        let next = try OutcomeLog(path: temporary.path)
        #expect(next.recoveredInFlight.isEmpty)
        next.close()
    }
}
