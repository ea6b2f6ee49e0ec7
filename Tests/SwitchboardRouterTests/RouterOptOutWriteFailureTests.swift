import Foundation
import GRDB
import Switchboard
import Testing

/// The in-memory opt-out list never disagrees with the log: when the log refuses the write, the
/// change is not made in memory either (the caller gets the error, the provider's webhook is
/// answered with an error and redelivered).
///
/// The log is made to refuse for real: a second SQLite connection adds a trigger that aborts
/// inserts into (or deletes from) `opt_outs`, as a full disk or a locked database would.
@Suite struct RouterOptOutWriteFailureTests {
    static let routes = """
        defaults: { strategy: least_cost }
        routes:
          - name: everything
            providers: [vonage, smscx]
        """

    /// Makes `opt_outs` refuse `operation` (`INSERT` or `DELETE`) through another connection.
    static func refuse(_ operation: String, in logPath: String) throws {
        let db = try DatabaseQueue(path: logPath)
        try db.write { db in
            try db.execute(sql: """
                CREATE TRIGGER test_refuse_\(operation.lowercased()) BEFORE \(operation) ON opt_outs
                BEGIN SELECT RAISE(ABORT, 'opt-out change refused by the test'); END
                """)
        }
    }

    /// Lets `opt_outs` take `operation` again.
    static func allow(_ operation: String, in logPath: String) throws {
        let db = try DatabaseQueue(path: logPath)
        try db.write { try $0.execute(sql: "DROP TRIGGER test_refuse_\(operation.lowercased())") }
    }

    @Test func aRefusedOptOutOrOptInLeavesMemoryAsTheLogHasIt() async throws {
        try await withRouter(routes: Self.routes) { h in
            let number = "+31612345678"
            try Self.refuse("INSERT", in: h.logPath)
            await #expect(throws: (any Error).self) { try await h.router.optOut(number) }
            #expect(try !h.router.log.isOptedOut(number))
            #expect(!h.router.isOptedOut(number), "memory says opted out, the log does not")
            _ = try await h.router.send(Message(to: number, text: "still reachable", from: "Switchboard"))

            try Self.allow("INSERT", in: h.logPath)
            try await h.router.optOut(number)
            #expect(h.router.isOptedOut(number))
            #expect(try h.router.log.isOptedOut(number))

            try Self.refuse("DELETE", in: h.logPath)
            await #expect(throws: (any Error).self) { try await h.router.optIn(number) }
            #expect(try h.router.log.isOptedOut(number))
            #expect(h.router.isOptedOut(number), "memory says opted in, the log does not")
        }
    }

    @Test func aRefusedInboundStopLeavesTheNumberReachable() async throws {
        try await withRouter(routes: Self.routes) { h in
            try Self.refuse("INSERT", in: h.logPath)
            let stop = InboundMessage(providerMessageID: "in-stop-1", from: "31612345679", to: "3197010000000", text: "STOP")
            await #expect(throws: (any Error).self) { try await h.router.handle([.inbound(stop)], from: "vonage") }
            #expect(try !h.router.log.isOptedOut("+31612345679"))
            #expect(!h.router.isOptedOut("+31612345679"), "memory says opted out, the log does not")

            // The provider redelivers the webhook; now the log takes it, and memory follows.
            try Self.allow("INSERT", in: h.logPath)
            try await h.router.handle([.inbound(stop)], from: "vonage")
            #expect(h.router.isOptedOut("+31612345679"))
            #expect(try h.router.log.isOptedOut("+31612345679"))

            try Self.refuse("DELETE", in: h.logPath)
            let start = InboundMessage(providerMessageID: "in-start-1", from: "31612345679", to: "3197010000000", text: "START")
            await #expect(throws: (any Error).self) { try await h.router.handle([.inbound(start)], from: "vonage") }
            #expect(try h.router.log.isOptedOut("+31612345679"))
            #expect(h.router.isOptedOut("+31612345679"), "memory says opted in, the log does not")
        }
    }
}
