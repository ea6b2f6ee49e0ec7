import Switchboard
import SwitchboardSimulator
import Testing

@Suite struct SimulatorContextTests {
    @Test func chargesUntilTheBalanceRunsOut() {
        let context = SimulatorContext(kind: "vonage", credentials: .init(key: "k", secret: "s"), baseURL: "http://127.0.0.1:1",
                                       balance: 0.1)
        #expect(context.charge(0.06))
        #expect(!context.charge(0.06))
        #expect(context.acceptedSends == 1)
    }

    @Test func tokensExpire() {
        let context = SimulatorContext(kind: "kpn", credentials: .init(key: "k", secret: "s"), baseURL: "http://127.0.0.1:1")
        let token = context.issueToken()
        #expect(context.isValidToken(token))
        context.expireTokens()
        #expect(!context.isValidToken(token))
    }

    @Test func formEncodingRoundTrips() {
        let pairs = [("text", "Hé & = + ok"), ("to", "447700900000")]
        #expect(FormEncoding.decode(FormEncoding.encode(pairs)).map { "\($0.0)=\($0.1)" } == pairs.map { "\($0.0)=\($0.1)" })
    }
}
