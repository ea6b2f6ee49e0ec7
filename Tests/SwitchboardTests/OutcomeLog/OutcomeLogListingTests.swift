import Foundation
import GRDB
import Testing
@testable import Switchboard

@Suite struct OutcomeLogListingTests {
    /// 2026-01-01T00:00:00Z in milliseconds.
    static let base: Int64 = 1_767_225_600_000

    /// 60 messages one second apart, the fields cycling with different periods so that every
    /// filter selects a proper, non-empty subset.
    static let fixtures: [LogFixture] = (0..<60).map { i in
        let states = ["accepted", "accepted", "failed", "unknown", "partial", "pending"]
        let state = states[i % states.count]
        let taken = state == "accepted" || state == "partial"
        return LogFixture(
            id: MessageID(milliseconds: base + Int64(i) * 1000),
            sender: ["InfoText", "Shop", "+3197010000001"][i % 3],
            recipient: ["+31612345678", "+4915112345678", "+33612345678", "+31687654321"][i % 4],
            country: ["NL", "DE", "FR", "NL"][i % 4],
            state: state,
            provider: taken ? ["kpn", "vonage"][i % 2] : nil,
            receipt: taken ? [nil, "delivered", "failed"][i % 3] : nil)
    }

    static func filledLog() async throws -> TemporaryLog {
        let t = try TemporaryLog()
        try await t.log.write(fixtures.flatMap(\.writes))
        return t
    }

    static func all(_ log: OutcomeLog, _ filter: MessageFilter) async throws -> [MessageRecord] {
        var records: [MessageRecord] = []
        for try await page in log.messages(filter: filter) {
            #expect(!page.isEmpty && page.count <= filter.pageSize)
            records += page
        }
        return records
    }

    static func deliveryState(_ f: LogFixture) -> String? {
        guard f.state == "accepted" || f.state == "partial" else { return nil }
        return f.receipt ?? "pending"
    }

    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(base + ms) / 1000) }

    static let filters: [(String, MessageFilter, @Sendable (LogFixture) -> Bool)] = [
        ("from", MessageFilter(from: "Shop"), { $0.sender == "Shop" }),
        ("to", MessageFilter(to: "+4915112345678"), { $0.recipient == "+4915112345678" }),
        ("state", MessageFilter(state: "failed"), { $0.state == "failed" }),
        ("state partial", MessageFilter(state: "partial"), { $0.state == "partial" }),
        ("delivery state", MessageFilter(deliveryState: "delivered"), { deliveryState($0) == "delivered" }),
        ("provider", MessageFilter(provider: "vonage"), { $0.provider == "vonage" }),
        ("country", MessageFilter(country: "NL"), { $0.country == "NL" }),
        ("since", MessageFilter(since: date(42_000)), { $0.id.milliseconds >= base + 42_000 }),
        ("until", MessageFilter(until: date(7_000)), { $0.id.milliseconds < base + 7_000 }),
        ("combined", MessageFilter(to: "+31612345678", since: date(10_000), until: date(50_000), state: "accepted"),
         { $0.recipient == "+31612345678" && $0.state == "accepted"
             && (base + 10_000 ..< base + 50_000).contains($0.id.milliseconds) }),
    ]

    @Test(arguments: filters.indices)
    func eachFilterNarrowsToExactlyItsMessages(index: Int) async throws {
        let (name, filter, matches) = Self.filters[index]
        let t = try await Self.filledLog()
        defer { t.remove() }
        let expected = Self.fixtures.filter(matches).map(\.id)
        #expect(!expected.isEmpty && expected.count < Self.fixtures.count, "fixture set up for \(name)")
        for sort in MessageFilter.Sort.allCases {
            var f = filter
            f.sort = sort
            f.pageSize = 4
            let got = try await Self.all(t.log, f).map(\.id)
            #expect(got == (sort == .ascending ? expected : expected.reversed()), "\(name) \(sort)")
        }
    }

    @Test func directionListsOutboundMessagesOnly() async throws {
        let t = try await Self.filledLog()
        defer { t.remove() }
        #expect(try await Self.all(t.log, MessageFilter(direction: .outbound)).count == Self.fixtures.count)
        #expect(try await Self.all(t.log, MessageFilter(direction: .inbound)).isEmpty)
    }

    @Test func timeBoundsAreInclusiveSinceExclusiveUntilToTheMillisecond() async throws {
        let t = try await Self.filledLog()
        defer { t.remove() }
        // Messages at base + 10 s … base + 19 s: since exactly at one (included), until exactly at one (excluded).
        let exact = try await Self.all(t.log, MessageFilter(since: Self.date(10_000), until: Self.date(20_000))).map(\.id)
        #expect(exact == Self.fixtures[10..<20].map(\.id))
        // One millisecond later on both ends shifts both ends by one message.
        let shifted = try await Self.all(t.log, MessageFilter(since: Self.date(10_001), until: Self.date(20_001))).map(\.id)
        #expect(shifted == Self.fixtures[11...20].map(\.id))
        #expect(try await Self.all(t.log, MessageFilter(since: Self.date(20_000), until: Self.date(20_000))).isEmpty)
    }

    @Test func restPagesChainThroughTheCursor() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        let empty = try t.log.messagePage(filter: MessageFilter(), after: nil)
        #expect(empty.records.isEmpty && empty.next == nil)
        try await t.log.write(Self.fixtures.flatMap(\.writes))
        for sort in MessageFilter.Sort.allCases {
            var ids: [MessageID] = []
            var cursor: MessageID?
            var pages = 0
            repeat {
                let page = try t.log.messagePage(filter: MessageFilter(sort: sort, pageSize: 25), after: cursor)
                ids += page.records.map(\.id)
                cursor = page.next
                pages += 1
            } while cursor != nil
            #expect(pages == 3)  // 25 + 25 + 10, and the last says there is no next
            let expected = Self.fixtures.map(\.id)
            #expect(ids == (sort == .ascending ? expected : expected.reversed()))
        }
    }

    @Test func pageSizeIsClamped() {
        #expect(MessageFilter(pageSize: 0).pageSize == 1)
        #expect(MessageFilter(pageSize: 5000).pageSize == 1000)
        #expect(MessageFilter().pageSize == 100)
    }

    /// Every message present when listing starts is listed exactly once, in order, in both sort
    /// orders, while another task keeps adding messages.
    @Test(arguments: MessageFilter.Sort.allCases)
    func paginationVisitsEveryRowOnceWhileWritesContinue(sort: MessageFilter.Sort) async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        let initial = (0..<1500).map { _ in LogFixture(id: .next()) }
        try await t.log.write(initial.flatMap(\.writes))
        var pages = t.log.messages(filter: MessageFilter(sort: sort, pageSize: 37)).makeAsyncIterator()
        var seen = try await pages.next()?.map(\.id) ?? []
        // Writes start after the first page: the listing covers the rows present then.
        let writer = Task {
            for _ in 0..<60 {
                try await t.log.write((0..<25).flatMap { _ in LogFixture(id: .next()).writes })
                await Task.yield()
            }
        }
        while let page = try await pages.next() {
            #expect(!page.isEmpty && page.count <= 37)
            seen += page.map(\.id)
            await Task.yield()
        }
        try await writer.value
        #expect(Set(seen).count == seen.count, "no row twice")
        #expect(seen == (sort == .ascending ? seen.sorted() : seen.sorted().reversed()))
        #expect(Set(seen) == Set(initial.map(\.id)), "every row present at the start, and only those")
        // And the REST form, chained until it says there is nothing more, while more rows arrive.
        let present = try await Self.allIDs(t.log)
        #expect(present.count == 1500 + 60 * 25)
        let writer2 = Task {
            for _ in 0..<60 {
                try await t.log.write((0..<25).flatMap { _ in LogFixture(id: .next()).writes })
                await Task.yield()
            }
        }
        var restSeen: [MessageID] = []
        var cursor: MessageID?
        repeat {
            let page = try t.log.messagePage(filter: MessageFilter(sort: sort, pageSize: 101), after: cursor)
            restSeen += page.records.map(\.id)
            cursor = page.next
            await Task.yield()
        } while cursor != nil
        try await writer2.value
        #expect(Set(restSeen).count == restSeen.count, "no row twice")
        #expect(restSeen == (sort == .ascending ? restSeen.sorted() : restSeen.sorted().reversed()))
        #expect(Set(present).isSubset(of: Set(restSeen)), "every row present at the start")
    }

    static func allIDs(_ log: OutcomeLog) async throws -> [MessageID] {
        var ids: [MessageID] = []
        for try await page in log.messages(filter: MessageFilter(pageSize: 1000)) { ids += page.map(\.id) }
        return ids
    }

    /// The listing's filters use an index or the rowid range, never a full scan.
    @Test(arguments: [
        MessageFilter(to: "+31612345678"), MessageFilter(from: "Shop"), MessageFilter(state: "pending"),
        MessageFilter(since: Date(), until: Date() + 60), MessageFilter(since: Date(), sort: .descending),
        MessageFilter(to: "+31612345678", sort: .descending), MessageFilter(from: "Shop", since: Date()),
    ])
    func listingQueriesDoNotScanTheTable(filter: MessageFilter) throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        for cursor in [nil, MessageID.next()] {
            let query = OutcomeLog.messageQuery(filter, after: cursor, upTo: nil)
            let plan = try t.log.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: query.arguments)
                    .map { $0["detail"] as String }
            }
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "sorted by the index: \(plan)")
        }
    }

    @Test func inboundMessagesAreListedFromTheirOwnTable() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        var writes: [LogWrite] = []
        for i in 0..<9 {
            let m = InboundMessage(providerMessageID: "in-\(i)", from: ["+31611111111", "+31622222222", "+31633333333"][i % 3],
                                   to: i < 5 ? "+3197010000000" : "+3197010000001", text: "hi \(i)",
                                   timestamp: Date(timeIntervalSince1970: 1_800_000_000 + Double(i)))
            writes.append(.inbound(provider: i % 2 == 0 ? "kpn" : "vonage", m, at: 0))
        }
        try await t.log.write(writes)
        func list(_ filter: MessageFilter) async throws -> [String] {
            var texts: [String] = []
            for try await page in t.log.inboundMessages(filter: filter) { texts += page.map(\.text) }
            return texts
        }
        #expect(try await list(MessageFilter(pageSize: 2)) == (0..<9).map { "hi \($0)" })
        #expect(try await list(MessageFilter(sort: .descending, pageSize: 4)) == (0..<9).reversed().map { "hi \($0)" })
        #expect(try await list(MessageFilter(from: "+31622222222")) == ["hi 1", "hi 4", "hi 7"])
        #expect(try await list(MessageFilter(to: "+3197010000001", pageSize: 1)) == ["hi 5", "hi 6", "hi 7", "hi 8"])
        #expect(try await list(MessageFilter(provider: "vonage")) == ["hi 1", "hi 3", "hi 5", "hi 7"])
        #expect(try await list(MessageFilter(since: Date(timeIntervalSince1970: 1_800_000_003),
                                             until: Date(timeIntervalSince1970: 1_800_000_005))) == ["hi 3", "hi 4"])
        #expect(try await list(MessageFilter(direction: .inbound)).count == 9)
        // Fields inbound messages do not have match none of them.
        #expect(try await list(MessageFilter(direction: .outbound)).isEmpty)
        #expect(try await list(MessageFilter(state: "accepted")).isEmpty)
        let first = try t.log.inboundPage(filter: MessageFilter(pageSize: 5), after: nil)
        #expect(first.records.count == 5)
        let second = try t.log.inboundPage(filter: MessageFilter(pageSize: 5), after: first.next)
        #expect(second.records.map(\.text) == ["hi 5", "hi 6", "hi 7", "hi 8"])
        #expect(second.next == nil)
        let record = try #require(first.records.first)
        #expect(record.sender == "+31611111111" && record.recipient == "+3197010000000" && record.provider == "kpn")
        #expect(record.receivedAt == Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func messageIDTimeHelpers() {
        let date = Date(timeIntervalSince1970: 1_767_225_600.1234)
        let bound = MessageID.lowerBound(of: date)
        #expect(bound.milliseconds == 1_767_225_600_123)
        #expect(bound == MessageID(milliseconds: 1_767_225_600_123))
        #expect(MessageID(milliseconds: 1_767_225_600_123, sequence: 5) > bound)
        #expect(MessageID(milliseconds: 1_767_225_600_122, sequence: (1 << 20) - 1) < bound)
        #expect(bound.date == Date(timeIntervalSince1970: 1_767_225_600.123))
        let now = Date()
        let id = MessageID.next()
        #expect(abs(id.date.timeIntervalSince(now)) < 1)
    }
}
