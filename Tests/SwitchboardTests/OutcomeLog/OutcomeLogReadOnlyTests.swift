import Foundation
import Testing
@testable import Switchboard

/// ``OutcomeLog/init(readingFrom:)``: what `switchboard messages` and `report` open, possibly
/// while a router in another process writes the same file.
@Suite struct OutcomeLogReadOnlyTests {
    @Test func readsWithoutRecoveringOrChangingAnything() async throws {
        let t = try await OutcomeLogReportTests.filledLog()
        defer { t.remove() }
        let pendingID = OutcomeLogReportTests.fixtures.first { $0.state == "pending" }!.id

        let reader = try OutcomeLog(readingFrom: t.path)
        #expect(reader.recoveredInFlight.isEmpty, "a reader must not mark another process's in-flight messages unknown")
        #expect(try reader.message(id: pendingID)?.state == "pending")
        #expect(try reader.report(since: nil, until: nil, by: .provider).map(\.messages) == [4, 100, 2, 3])
        var listed = 0
        for try await page in reader.messages(filter: MessageFilter(pageSize: 7)) { listed += page.count }
        #expect(listed == OutcomeLogReportTests.fixtures.count)
        await #expect(throws: OutcomeLogError.self) { try await reader.write([.removeOptOut(number: "+31612345678")]) }
        reader.enqueue([.removeOptOut(number: "+31612345678")])
        #expect(reader.failedWrites == 1 && reader.rowsWritten == 0)
        reader.close()

        // Still pending: a writer opening it now is the one that recovers it.
        t.log.close()
        let writer = try OutcomeLog(path: t.path)
        #expect(writer.recoveredInFlight == [pendingID])
        writer.close()
    }

    @Test func refusesFilesThatAreNotALog() throws {
        let directory = NSTemporaryDirectory() + "sb-readonly-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let text = directory + "/notes.sqlite"
        try "not a database, just text that is long enough to have a header of sorts".write(
            toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: OutcomeLogError.self) { try OutcomeLog(readingFrom: text) }

        #expect(throws: (any Error).self) { try OutcomeLog(readingFrom: directory + "/missing.sqlite") }
        #expect(!FileManager.default.fileExists(atPath: directory + "/missing.sqlite"), "reading never creates a log")
    }
}
