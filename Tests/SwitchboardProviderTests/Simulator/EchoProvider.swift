import Foundation
import Switchboard

/// The test-only plugin for ``EchoSimulation``'s wire format (see there).
struct EchoProvider: MessageProvider {
    struct Configuration: Decodable, Sendable {
        var apiKey: String
        var baseURL: String

        enum CodingKeys: String, CodingKey {
            case apiKey = "api_key"
            case baseURL = "base_url"
        }
    }

    static let kind = "echo"
    let id: ProviderID
    private let apiKey: String
    private let baseURL: String
    private let context: ProviderContext

    init(id: ProviderID, configuration: Configuration, context: ProviderContext) throws {
        guard !configuration.apiKey.isEmpty else { throw ProviderConfigurationError("echo: api_key is empty") }
        self.id = id
        apiKey = configuration.apiKey
        baseURL = configuration.baseURL
        self.context = context
    }

    var capabilities: ProviderCapabilities { ProviderCapabilities() }

    private func exchange(_ request: HTTPRequest) async throws(ProviderError) -> HTTPResponse {
        do throws(HTTPTransportError) {
            return try await context.transport.send(request)
        } catch {
            switch error {
            case .notSent, .invalidRequest: throw ProviderError(.unavailable, code: "transport", message: error.description)
            case .ambiguous, .cancelled: throw ProviderError(.ambiguous, code: "transport", message: error.description)
            }
        }
    }

    func send(_ message: OutboundMessage) async throws(ProviderError) -> ProviderAcceptance {
        var fields = [("to", message.to.digits), ("text", message.text)]
        if let callback = message.callbackURL { fields.append(("callback", callback)) }
        let response = try await exchange(HTTPRequest(
            method: .post, url: baseURL + "/send",
            headers: ["Authorization": "Bearer \(apiKey)", "Content-Type": "application/x-www-form-urlencoded"],
            body: Array(FormEncoding.encode(fields).utf8), connectTimeout: .seconds(2), totalTimeout: .seconds(10)))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        let code = json?["error"] as? String
        switch response.status {
        case 200:
            guard let id = json?["id"] as? String else {
                throw ProviderError(.ambiguous, code: "http 200", message: "unparseable 200 answer; the message may have been accepted")
            }
            return ProviderAcceptance(parts: [.init(messageID: id, price: json?["price"] as? Double)],
                                      price: json?["price"] as? Double, remainingBalance: json?["balance"] as? Double)
        case 429:
            let after = response.headers["retry-after"].flatMap(Double.init)
            throw ProviderError(.throttled(retryAfter: after), code: code, message: "rate limited")
        case 401, 402: throw ProviderError(.accountProblem, code: code ?? "http \(response.status)", message: "account problem")
        case 400 where code == "no_coverage": throw ProviderError(.routeRejected, code: code, message: "no coverage")
        case 400..<500: throw ProviderError(.rejected, code: code ?? "http \(response.status)", message: "rejected")
        default: throw ProviderError(.unavailable, code: "http \(response.status)", message: "provider error")
        }
    }

    func checkHealth() async -> ProviderHealth {
        let response: HTTPResponse
        do throws(ProviderError) {
            response = try await exchange(HTTPRequest(url: baseURL + "/account", headers: ["Authorization": "Bearer \(apiKey)"],
                                                      connectTimeout: .seconds(2), totalTimeout: .seconds(5)))
        } catch {
            return ProviderHealth(status: .down, outcome: error.outcome, detail: error.description)
        }
        switch response.status {
        case 200:
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            return ProviderHealth(status: .healthy, balance: json?["balance"] as? Double, detail: "ok")
        case 401, 402: return ProviderHealth(status: .down, outcome: .accountProblem, detail: "credentials rejected (HTTP \(response.status))")
        default: return ProviderHealth(status: .down, outcome: .unavailable, detail: "HTTP \(response.status)")
        }
    }

    func parseWebhook(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        guard let json = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any],
              let id = json["id"] as? String
        else { throw WebhookError.malformed("echo: body is not a JSON object with an id") }
        if let status = json["status"] as? String {
            let state: DeliveryState = status == "delivered" ? .delivered : status == "failed" ? .failed : .unknown
            return [.receipt(DeliveryReceipt(providerMessageID: id, state: state, providerStatus: status, to: json["to"] as? String))]
        }
        guard let from = json["from"] as? String, let to = json["to"] as? String, let text = json["text"] as? String else {
            throw WebhookError.malformed("echo: inbound without from/to/text")
        }
        return [.inbound(InboundMessage(providerMessageID: id, from: from, to: to, text: text))]
    }
}

extension EchoProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Id and base URL only: never the API key.
    var description: String { "EchoProvider(id: \(id), baseURL: \(baseURL))" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}
