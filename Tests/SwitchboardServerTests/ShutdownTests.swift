import Foundation
import SwitchboardTestSupport
import Switchboard
import Testing

/// A graceful shutdown lets sends in flight finish and answer before the router shuts down.
@Suite struct ShutdownTests {
    @Test func shutdownDrainsInFlightSends() async throws {
        let harness = try await ServerHarness.start(extras: ["vonage": ["timeout: 3s"]])
        do {
            // Vonage takes the request and never answers: the send is in flight until its timeout.
            harness.simulator.hangNext(for: "vonage")
            let h = harness
            let send = Task {
                try await h.request(.post, "/v1/messages", json: #"{"to": "+31612345678", "text": "hi", "from": "Switchboard"}"#)
            }
            let inFlight = await eventually(timeout: .seconds(60)) { h.simulator.receivedSends(for: "vonage") == 1 }
            #expect(inFlight)
            await h.server.shutdown()
            let reply = try await send.value
            // The provider may have taken it (timeout after sending): ambiguous, answered, not cut off.
            #expect(reply.status == 502, "\(reply.text)")
            #expect(reply.errorKind == "ambiguous")
            #expect((reply.object?["error"] as? [String: Any])?["message_id"] is String)
            // (No request after this point: a connection accepted while the listener closes can trap
            // in swift-nio's NIOAsyncChannel, apple/swift-nio#3481.)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
