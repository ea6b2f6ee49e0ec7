import Foundation
import Switchboard
import SwitchboardSimulator
import Testing

@Suite struct SimulatorServerTests {
    typealias Support = SimulatorTestSupport

    @Test func plainSendIsHandledBySimulation() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            let response = try await transport.send(Support.sendRequest(simulator))
            #expect(response.status == 200)
            #expect(Support.json(response)?["id"] as? String == "echo-1")
            #expect(simulator.receivedRequests(for: "echo") == 1)
            #expect(simulator.receivedSends(for: "echo") == 1)
            #expect(simulator.requestLog(for: "echo").map(\.description) == ["POST /send"])
            #expect(simulator.baseURL(for: "echo").hasPrefix("http://127.0.0.1:"))
            #expect(simulator.port(for: "echo") > 0)
        }
    }

    @Test func outageRefusesConnectionsThenRecoversOnTheSamePort() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            let before = simulator.baseURL(for: "echo")
            #expect(try await Support.send(transport, Support.accountRequest(simulator)).status == 200)
            try await simulator.setOutage(true, for: "echo")
            #expect(simulator.isDown("echo"))
            await #expect(throws: HTTPTransportError.self) { _ = try await transport.send(Support.sendRequest(simulator)) }
            do throws(HTTPTransportError) {
                _ = try await transport.send(Support.sendRequest(simulator))
                Issue.record("a send during an outage should fail")
            } catch {
                #expect(!error.mayHaveBeenSent, "connection refused must be notSent, got \(error)")
            }
            try await simulator.setOutage(false, for: "echo")
            #expect(simulator.baseURL(for: "echo") == before)
            #expect(try await Support.send(transport, Support.accountRequest(simulator)).status == 200)
        }
    }

    @Test func hangMakesTheTransportReportAmbiguous() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            simulator.hangNext(for: "echo")
            do throws(HTTPTransportError) {
                _ = try await transport.send(Support.sendRequest(simulator, timeout: .milliseconds(300)))
                Issue.record("a hung request should not get an answer")
            } catch {
                guard case .ambiguous = error else {
                    Issue.record("expected ambiguous, got \(error)")
                    return
                }
            }
            // The hang does not block other requests, and only the next send hangs.
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }

    @Test func hangNextSparesProbes() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            simulator.hangNext(for: "echo")
            #expect(try await Support.send(transport, Support.accountRequest(simulator)).status == 200)
            simulator.clearInjections(for: "echo")
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }

    @Test func garbageIsA200WithAnUnparseableBody() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            simulator.garbageNext(for: "echo")
            let response = try await transport.send(Support.sendRequest(simulator))
            #expect(response.status == 200)
            #expect(Support.json(response) == nil)
            #expect(Support.json(try await Support.send(transport, Support.sendRequest(simulator)))?["id"] != nil)
        }
    }

    @Test(arguments: [(InjectedFault.throttled, 429), (.serverError, 503), (.accountProblem, 402), (.noCoverage, 400),
                      (.rejected, 400), (.expiredToken, 401)])
    func failNextUsesTheSimulationsAnswer(fault: InjectedFault, status: Int) async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            simulator.failNext(fault, count: 2, for: "echo")
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == status)
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == status)
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }

    @Test func errorRatesApplyToSendsOnly() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            simulator.setFaults(FaultSettings(errorRates: [.noCoverage: 1]), for: "echo")
            let send = try await transport.send(Support.sendRequest(simulator))
            #expect(send.status == 400)
            #expect(Support.json(send)?["error"] as? String == "no_coverage")
            #expect(try await Support.send(transport, Support.accountRequest(simulator)).status == 200)
            simulator.setFaults(.none, for: "echo")
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }

    @Test func rateLimitIsEnforcedWithTheSimulationsThrottledAnswer() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            // Burst of one, refilling one token per 1000 s: the second send is over the limit.
            simulator.setFaults(FaultSettings(rateLimitPerSecond: 0.001), for: "echo")
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
            let second = try await transport.send(Support.sendRequest(simulator))
            #expect(second.status == 429)
            #expect(second.headers["retry-after"] == "2")
            // Probes are not rate limited; lifting the limit lets sends through again.
            #expect(try await Support.send(transport, Support.accountRequest(simulator)).status == 200)
            simulator.setFaults(.none, for: "echo")
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }

    @Test func latencyDelaysTheAnswer() async throws {
        try await Support.withSimulator(Support.echoSimulator()) { (simulator, transport) async throws in
            // A fixed 2 s latency against a 200 ms client timeout: no answer in time.
            simulator.setFaults(FaultSettings(latency: .fixed(2000)), for: "echo")
            await #expect(throws: HTTPTransportError.self) {
                _ = try await transport.send(Support.sendRequest(simulator, timeout: .milliseconds(200)))
            }
            simulator.setFaults(.none, for: "echo")
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }

    @Test func balanceRunsOut() async throws {
        try await Support.withSimulator(Support.echoSimulator(balance: 0.06)) { (simulator, transport) async throws in
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 402)
            simulator.context(for: "echo").setBalance(10)
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }

    @Test func twoProvidersListenOnTheirOwnPorts() async throws {
        let simulator = ProviderSimulator(providers: [
            .init(simulation: EchoSimulation(), credentials: .init(key: Support.echoKey, secret: "")),
            .init(simulation: CaptureSimulation(), credentials: .init(key: "", secret: "")),
        ])
        try await Support.withSimulator(simulator) { (simulator, transport) async throws in
            #expect(simulator.kinds == ["echo", "capture"])
            #expect(simulator.port(for: "echo") != simulator.port(for: "capture"))
            try await simulator.setOutage(true, for: "capture")
            #expect(try await Support.send(transport, Support.sendRequest(simulator)).status == 200)
        }
    }
}
