import Foundation
import Switchboard
import SwitchboardSimulator
import Testing

@Suite struct SimulatorCallbackTests {
    typealias Support = SimulatorTestSupport

    @Test func receiptsAndInboundAreDeliveredToACaptureEndpoint() async throws {
        let capture = CaptureSimulation()
        let endpoint = ProviderSimulator(providers: [.init(simulation: capture, credentials: .init(key: "", secret: ""))])
        try await endpoint.start()
        let hookURL = endpoint.baseURL(for: "capture") + "/webhooks/echo/dlr"
        do {
            try await Support.withSimulator(Support.echoSimulator(deliverCallbacks: true)) { (simulator, transport) async throws in
                simulator.context(for: "echo").setReceiptDelay(0)
                let response = try await transport.send(Support.sendRequest(simulator, callback: hookURL))
                let id = try #require(Support.json(response)?["id"] as? String)
                #expect(try await Support.eventually { capture.captured.all.count >= 1 })
                let receipt = try #require(capture.captured.all.first)
                #expect(receipt.path == "/webhooks/echo/dlr")
                #expect(receipt.bodyText.contains(#""id":"\#(id)""#))

                #expect(simulator.injectInbound(kind: "echo", from: "31687654321", to: "3197010000000", text: "STOP",
                                                webhookURL: endpoint.baseURL(for: "capture") + "/inbound"))
                #expect(try await Support.eventually { capture.captured.all.count >= 2 })
                let inbound = try #require(capture.captured.all.last)
                #expect(inbound.path == "/inbound")
                #expect(inbound.bodyText.contains(#""text":"STOP""#))
                #expect(try await Support.eventually { simulator.callbackCounts.delivered == 2 })
            }
        } catch {
            await endpoint.stop()
            throw error
        }
        await endpoint.stop()
    }

    @Test func aDownCallbackURLIsRetriedThenGivenUpWithoutCrashing() async throws {
        // Find a port nobody listens on: start and stop a listener.
        let probe = ProviderSimulator(providers: [.init(simulation: CaptureSimulation(), credentials: .init(key: "", secret: ""))])
        try await probe.start()
        let deadURL = probe.baseURL(for: "capture") + "/dlr"
        await probe.stop()

        try await Support.withSimulator(Support.echoSimulator(deliverCallbacks: true)) { (simulator, transport) async throws in
            simulator.context(for: "echo").setReceiptDelay(0)
            #expect(try await Support.send(transport, Support.sendRequest(simulator, callback: deadURL)).status == 200)
            #expect(try await Support.eventually { simulator.callbackCounts.failed == 1 })
            #expect(simulator.callbackCounts.delivered == 0)
            // The simulator still serves.
            #expect(try await Support.send(transport, Support.accountRequest(simulator)).status == 200)
        }
    }

    @Test func withoutASenderCallbacksAreKeptForInspection() async throws {
        try await Support.withSimulator(Support.echoSimulator(deliverCallbacks: false)) { (simulator, transport) async throws in
            _ = try await transport.send(Support.sendRequest(simulator, callback: "http://127.0.0.1:9/dlr"))
            let callbacks = simulator.context(for: "echo").takeScheduledCallbacks()
            #expect(callbacks.count == 1)
            #expect(callbacks.first?.request.url == "http://127.0.0.1:9/dlr")
            #expect(simulator.context(for: "echo").takeScheduledCallbacks().isEmpty)
        }
    }

    @Test func injectInboundIsRefusedWhenTheSimulationHasNoInbound() async throws {
        let simulator = ProviderSimulator(providers: [.init(simulation: CaptureSimulation(), credentials: .init(key: "", secret: ""))],
                                          deliverCallbacks: false)
        #expect(!simulator.injectInbound(kind: "capture", from: "1", to: "2", text: "x", webhookURL: "http://127.0.0.1:9/"))
    }
}
