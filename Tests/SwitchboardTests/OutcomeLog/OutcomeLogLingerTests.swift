import Foundation
import Testing
@testable import Switchboard

/// The writer lets writes nobody waits for gather (`OutcomeLogWriter.linger`), so high volume
/// commits in large groups; a waited write ends the gathering at once.
@Suite struct OutcomeLogLingerTests {
    @Test("queued writes are committed with nobody waiting for them")
    func queuedWritesCommitOnTheirOwn() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        t.log.enqueue([.message(OutcomeLogTests.message())])
        t.log.enqueue([.optOut(number: "+31612345678", source: "STOP", at: 1)])
        let until = ContinuousClock.now + .seconds(10)
        while t.log.rowsWritten < 2 && ContinuousClock.now < until {
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(t.log.rowsWritten == 2)
        #expect(try t.log.isOptedOut("+31612345678"))
    }

    @Test("a waited write takes the queued ones along in the same commit")
    func waitedWriteEndsTheLinger() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        try await t.log.write([])  // migrations and setup are behind us
        let before = t.log.commits
        let m = OutcomeLogTests.message()
        t.log.enqueue([.message(m)])
        try await t.log.write([.optOut(number: "+31612345678", source: "STOP", at: 1)])
        #expect(t.log.commits - before == 1)
        #expect(try t.log.message(id: m.id) != nil)
    }

    @Test("thousands of queued rows are committed in a few groups, not one by one")
    func queuedRowsAreGrouped() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        try await t.log.write([])
        let before = t.log.commits
        for _ in 0..<3_000 { t.log.enqueue([.message(OutcomeLogTests.message())]) }
        try await t.log.write([])
        #expect(t.log.rowsWritten == 3_000)
        // Enqueued faster than a commit takes, so groups: far fewer commits than writes.
        #expect(t.log.commits - before < 300)
    }
}
