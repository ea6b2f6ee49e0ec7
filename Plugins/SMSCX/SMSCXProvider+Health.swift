import Foundation
public import Switchboard

extension SMSCXProvider {
    /// The free probe (reference §2.6): `GET /account/balance` and `GET /account/channels/status`.
    /// Down when either is refused or `sms` is false; a prepaid balance at or below zero is down
    /// too (sends would fail with insufficient_credit).
    public func checkHealth() async -> ProviderHealth {
        let balanceResponse: HTTPResponse
        switch await perform(.get, "/account/balance") {
        case .success(let r): balanceResponse = r
        case .failure(let error): return ProviderHealth(status: .down, outcome: error.outcome, detail: error.message)
        }
        guard (200..<300).contains(balanceResponse.status) else { return down(balanceResponse) }
        guard let balance = try? JSONDecoder().decode(SMSCXWire.Balance.self, from: Data(balanceResponse.body)) else {
            return ProviderHealth(status: .down, outcome: .unavailable, detail: "smscx: unreadable balance answer")
        }
        let channelsResponse: HTTPResponse
        switch await perform(.get, "/account/channels/status") {
        case .success(let r): channelsResponse = r
        case .failure(let error):
            return ProviderHealth(status: .down, outcome: error.outcome, balance: balance.balance, currency: balance.currency,
                                  detail: error.message)
        }
        guard (200..<300).contains(channelsResponse.status) else { return down(channelsResponse) }
        guard let channels = try? JSONDecoder().decode(SMSCXWire.ChannelsStatus.self, from: Data(channelsResponse.body)) else {
            return ProviderHealth(status: .down, outcome: .unavailable, balance: balance.balance, currency: balance.currency,
                                  detail: "smscx: unreadable channel status answer")
        }
        guard channels.sms else {
            return ProviderHealth(status: .down, outcome: .accountProblem, balance: balance.balance, currency: balance.currency,
                                  detail: "smscx: the sms channel is disabled for this account")
        }
        if balance.billing != "postpaid", balance.balance <= 0 {
            return ProviderHealth(status: .down, outcome: .accountProblem, balance: balance.balance, currency: balance.currency,
                                  detail: "smscx: prepaid balance exhausted")
        }
        return ProviderHealth(status: .healthy, balance: balance.balance, currency: balance.currency,
                              detail: "smscx: sms enabled, \(balance.billing ?? "prepaid") balance \(balance.balance) \(balance.currency ?? "")")
    }

    private func down(_ response: HTTPResponse) -> ProviderHealth {
        let detail = SMSCXResponseParser.error(status: response.status, headers: response.headers, body: response.body,
                                               now: context.clock.now(), redact: redact)
        return ProviderHealth(status: .down, outcome: detail.outcome, detail: detail.message)
    }
}
