public import Switchboard
import Foundation

extension BandwidthProvider {
    /// Probes `GET /v1/users/{userId}/account` → `{"balance":"538.37250","accountType":"pre-pay"}`
    /// (balance a string, USD). Healthy with the balance; 401/403/404 → down (account problem);
    /// 429 (1 request/s limit on this endpoint) → degraded; 5xx or not reachable → down.
    public func checkHealth() async -> ProviderHealth {
        let response: HTTPResponse
        do {
            response = try await perform(try makeRequest(.get, url: accountURL))
        } catch {
            return ProviderHealth(status: .down, outcome: error.outcome, detail: error.description)
        }
        return Self.health(from: response, now: context.clock.now())
    }

    /// The verdict for an account response.
    public static func health(from response: HTTPResponse, now: Double) -> ProviderHealth {
        guard (200..<300).contains(response.status) else {
            let error = BandwidthResponseParser.error(for: response, now: now)
            if case .throttled = error.outcome {
                return ProviderHealth(status: .degraded, outcome: error.outcome, detail: "probe rate limited: \(error.description)")
            }
            return ProviderHealth(status: .down, outcome: error.outcome, detail: error.description)
        }
        guard let account = try? JSONDecoder().decode(Account.self, from: Data(response.body)) else {
            return ProviderHealth(status: .degraded, detail: "account response is not the expected JSON")
        }
        let balance = account.balance.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        var detail = account.accountType.map { "account type \($0)" } ?? "account reachable"
        if account.balance != nil, balance == nil { detail += "; balance not a number" }
        if account.accountType == "pre-pay", let balance, balance <= 0 {
            return ProviderHealth(status: .down, outcome: .accountProblem, balance: balance, currency: "USD",
                                  detail: detail + "; prepaid balance exhausted")
        }
        return ProviderHealth(status: .healthy, balance: balance, currency: "USD", detail: detail)
    }

    struct Account: Decodable {
        var balance: String?
        var accountType: String?

        enum CodingKeys: String, CodingKey { case balance, accountType }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            accountType = try c.decodeIfPresent(String.self, forKey: .accountType)
            // The API sends a string; accept a number too rather than failing the probe.
            if let text = try? c.decodeIfPresent(String.self, forKey: .balance) {
                balance = text
            } else if let number = try? c.decodeIfPresent(Double.self, forKey: .balance) {
                balance = String(number)
            } else {
                balance = nil
            }
        }
    }
}
