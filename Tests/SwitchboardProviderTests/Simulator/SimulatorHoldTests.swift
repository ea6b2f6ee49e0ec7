import Foundation
import Switchboard
import SwitchboardSimulator
import Synchronization
import Testing

/// `holdSends`: sends are read and left unanswered until released; other requests are answered;
/// stopping the listener cuts held sends off; the control API holds and releases too.
@Suite struct SimulatorHoldTests {
    private typealias Support = SimulatorTestSupport

    private static let sendText = "POST /send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(Support.echoKey)\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 22\r\n\r\nto=31612345678&text=hi"

    @Test func heldSendsAreAnsweredOnlyAfterRelease() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            simulator.holdSends(for: "echo")
            let answered = AnswerCount()
            let sends = (0..<2).map { _ in
                Task {
                    let response = try await Support.send(transport, Support.sendRequest(simulator))
                    answered.value.add(1, ordering: .relaxed)
                    return response.status
                }
            }
            #expect(try await Support.eventually { simulator.heldSends(for: "echo") == 2 })
            // Not a send: answered while the sends are held.
            #expect(try await Support.send(transport, Support.accountRequest(simulator)).status == 200)
            #expect(simulator.heldSends(for: "echo") == 2)
            #expect(answered.value.load(ordering: .relaxed) == 0)
            simulator.releaseSends(for: "echo")
            for send in sends { #expect(try await send.value == 200) }
            #expect(simulator.heldSends(for: "echo") == 0)
            // Released: the next send is answered at once.
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }

    @Test func aHeldSendIsCutOffWhenTheListenerStops() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, _) async throws in
            simulator.holdSends(for: "echo")
            let connection = try RawHTTPConnection(port: simulator.port(for: "echo"))
            try connection.send(Self.sendText)
            #expect(try await Support.eventually { simulator.heldSends(for: "echo") == 1 })
            let start = ContinuousClock.now
            try await simulator.setOutage(true, for: "echo")
            #expect(ContinuousClock.now - start < .seconds(30))
            #expect(try await connection.isClosedByServer())
            #expect(simulator.heldSends(for: "echo") == 0)
        }
    }

    @Test func controlAPIHoldsAndReleasesSends() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            let control = try await simulator.startControl()
            func post(_ path: String) async throws -> Int {
                try await transport.send(HTTPRequest(method: .post, url: control + path)).status
            }
            #expect(try await post("/control/echo/hold?on=maybe") == 400)
            #expect(try await post("/control/echo/hold?on=true") == 200)
            let send = Task { try await Support.send(transport, Support.sendRequest(simulator)).status }
            #expect(try await Support.eventually { simulator.heldSends(for: "echo") == 1 })
            #expect(try await post("/control/echo/hold?on=false") == 200)
            #expect(try await send.value == 200)
        }
    }
}

/// Sends answered so far (shared with the sending tasks).
private final class AnswerCount: Sendable {
    let value = Atomic<Int>(0)
}
