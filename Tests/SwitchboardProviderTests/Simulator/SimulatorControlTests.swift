import Foundation
import Switchboard
import SwitchboardSimulator
import Testing

@Suite struct SimulatorControlTests {
    typealias Support = SimulatorTestSupport

    private func post(_ transport: CurlTransport, _ url: String, _ body: String = "") async throws -> HTTPResponse {
        try await transport.send(HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"],
                                             body: Array(body.utf8)))
    }

    @Test func controlAPIChangesFaultsWhileRunning() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            let control = try await simulator.startControl()
            #expect(simulator.controlURL == control)

            let set = try await post(transport, control + "/control/echo/faults",
                                     #"{"error_rates": {"rejected": 1.0}, "latency": {"shape": "fixed", "milliseconds": 1}}"#)
            #expect(set.status == 200)
            #expect(simulator.faults(for: "echo").errorRates == [.rejected: 1])
            #expect(simulator.faults(for: "echo").latency == .fixed(1))
            let rejected = try await transport.send(Support.sendRequest(simulator))
            #expect(Support.json(rejected)?["error"] as? String == "invalid_number")

            #expect(try await post(transport, control + "/control/echo/faults", "{}").status == 200)
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)

            #expect(try await post(transport, control + "/control/echo/fail?fault=throttled&count=1").status == 200)
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 429)

            #expect(try await post(transport, control + "/control/echo/balance?value=0").status == 200)
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 402)
            #expect(simulator.context(for: "echo").balance == 0)

            #expect(try await post(transport, control + "/control/echo/outage?down=true").status == 200)
            #expect(simulator.isDown("echo"))
            await #expect(throws: HTTPTransportError.self) { _ = try await transport.send(Support.accountRequest(simulator)) }
            #expect(try await post(transport, control + "/control/echo/outage?down=false").status == 200)
            #expect(try await Support.send(transport, Support.accountRequest(simulator)).status == 200)

            let listing = try await transport.send(HTTPRequest(url: control + "/control"))
            #expect(listing.status == 200)
            #expect(listing.bodyText.contains(simulator.baseURL(for: "echo")))
            #expect(!listing.bodyText.contains(Support.echoKey), "the control API must not reveal credentials")

            #expect(try await post(transport, control + "/control/nope/faults", "{}").status == 404)
            #expect(try await post(transport, control + "/control/echo/faults", "{\"hang_rate\": \"x\"}").status == 400)
            #expect(try await post(transport, control + "/control/echo/fail?fault=bogus").status == 400)
        }
    }
}
