public import Switchboard
import Foundation
import Logging

/// The Bandwidth Catapult v1 Messages plugin (`plugin: bandwidth`), reference §4.
///
/// - Sends with `POST /v1/users/{userId}/messages` (HTTP Basic `api_token:api_secret`), one JSON
///   object per message; the id comes from the `Location` header of the `201 Created`.
/// - ``send(batch:)`` posts JSON arrays of at most 50 messages and maps the per-item results.
/// - Only numbers can send: an alphanumeric sender is `routeRejected` before anything is sent.
/// - Our message id travels in `tag` (echoed in callbacks), the callback URL in `callbackUrl`.
/// - The health probe is the free `GET /v1/users/{userId}/account` (balance in USD, a string).
/// - Callbacks carry no signature; see ``parseWebhook(_:)``.
/// - Not idempotent: after a 503 or a timeout the message may exist (outcome `ambiguous`).
public struct BandwidthProvider: MessageProvider {
    /// The plugin kind.
    public static let kind = "bandwidth"
    /// Messages per bulk request (more gives 403 `multi-message-limit`).
    public static let maxBatchSize = 50
    /// Longest `text` the API takes.
    public static let maxTextLength = 2048

    /// The provider id from providers.yaml.
    public let id: ProviderID
    /// The configuration.
    public let configuration: BandwidthConfiguration
    let context: ProviderContext
    let authorization: String
    let messagesURL: String
    let accountURL: String

    /// SMS only, bulk up to 50, no idempotent retries, reports a balance.
    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(channels: [.sms], maxBatchSize: Self.maxBatchSize, idempotentRetries: false, reportsBalance: true)
    }

    /// Creates the provider; throws ``ProviderConfigurationError`` for a bad configuration
    /// (never quoting secrets).
    public init(id: ProviderID, configuration: BandwidthConfiguration, context: ProviderContext) throws {
        for (name, value) in [("user_id", configuration.userID), ("api_token", configuration.apiToken),
                              ("api_secret", configuration.apiSecret)] where value.isEmpty {
            throw ProviderConfigurationError("bandwidth provider '\(id)': config.\(name) is empty")
        }
        guard configuration.baseURL.hasPrefix("http://") || configuration.baseURL.hasPrefix("https://") else {
            throw ProviderConfigurationError("bandwidth provider '\(id)': config.base_url must start with http:// or https://")
        }
        guard ["none", "all", "error"].contains(configuration.receiptRequested) else {
            throw ProviderConfigurationError("bandwidth provider '\(id)': config.receipt_requested must be none, all or error")
        }
        if let method = configuration.callbackHTTPMethod, !["GET", "POST"].contains(method.uppercased()) {
            throw ProviderConfigurationError("bandwidth provider '\(id)': config.callback_http_method must be GET or POST")
        }
        guard configuration.timeoutMS > 0 else {
            throw ProviderConfigurationError("bandwidth provider '\(id)': config.timeout_ms must be positive")
        }
        self.id = id
        self.configuration = configuration
        self.context = context
        let credentials = Data("\(configuration.apiToken):\(configuration.apiSecret)".utf8).base64EncodedString()
        authorization = "Basic \(credentials)"
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let user = "\(base)/\(FormEncoding.escape(configuration.apiVersion))/users/\(FormEncoding.escape(configuration.userID))"
        messagesURL = "\(user)/messages"
        accountURL = "\(user)/account"
    }

    /// Sends one message (`201 Created` + `Location` → accepted with the id from its last segment).
    public func send(_ message: OutboundMessage) async throws(ProviderError) -> ProviderAcceptance {
        let payload = try BandwidthMessageRequest(message: message, configuration: configuration)
        let request = try makeRequest(.post, url: messagesURL, body: payload.jsonBody())
        context.logger.debug("bandwidth send", metadata: ["message": "\(message.id)", "segments": "\(message.analysis.segments)"])
        let response = try await perform(request)
        do {
            return try BandwidthResponseParser.singleSend(response, now: context.clock.now())
        } catch {
            context.logger.warning("bandwidth send failed", metadata: ["message": "\(message.id)", "error": "\(error)"])
            throw error
        }
    }

    /// Sends in JSON arrays of at most 50; results are per message, in input order.
    public func send(batch: [OutboundMessage]) async -> [Result<ProviderAcceptance, ProviderError>] {
        var results = [Result<ProviderAcceptance, ProviderError>?](repeating: nil, count: batch.count)
        var pending: [(index: Int, payload: BandwidthMessageRequest)] = []
        for (index, message) in batch.enumerated() {
            do throws(ProviderError) {
                pending.append((index, try BandwidthMessageRequest(message: message, configuration: configuration)))
            } catch {
                results[index] = .failure(error)
            }
        }
        var start = 0
        while start < pending.count {
            let chunk = Array(pending[start..<min(start + Self.maxBatchSize, pending.count)])
            start += chunk.count
            let chunkResults = await sendChunk(chunk.map(\.payload))
            for (item, result) in zip(chunk, chunkResults) { results[item.index] = result }
        }
        return results.map { $0 ?? .failure(ProviderError(.ambiguous, message: "no result for this message")) }
    }

    private func sendChunk(_ payloads: [BandwidthMessageRequest]) async -> [Result<ProviderAcceptance, ProviderError>] {
        do throws(ProviderError) {
            let request = try makeRequest(.post, url: messagesURL, body: BandwidthMessageRequest.jsonBody(payloads))
            context.logger.debug("bandwidth bulk send", metadata: ["count": "\(payloads.count)"])
            let response = try await perform(request)
            return try BandwidthResponseParser.bulkSend(response, count: payloads.count, now: context.clock.now())
        } catch {
            context.logger.warning("bandwidth bulk send failed", metadata: ["count": "\(payloads.count)", "error": "\(error)"])
            return Array(repeating: .failure(error), count: payloads.count)
        }
    }

    /// Builds an authenticated request with the configured timeout.
    func makeRequest(_ method: HTTPMethod, url: String, body: [UInt8] = []) throws(ProviderError) -> HTTPRequest {
        var headers: HTTPHeaders = ["Authorization": authorization, "Accept": "application/json", "User-Agent": "Switchboard"]
        if !body.isEmpty { headers.add(name: "Content-Type", value: "application/json; charset=utf-8") }
        return HTTPRequest(method: method, url: url, headers: headers, body: body,
                           totalTimeout: .milliseconds(configuration.timeoutMS))
    }

    /// Sends through the transport; transport failures become `unavailable` (not sent) or
    /// `ambiguous` (may have been sent, or cancelled).
    func perform(_ request: HTTPRequest) async throws(ProviderError) -> HTTPResponse {
        do {
            return try await context.transport.send(request)
        } catch {
            throw Self.transportError(error)
        }
    }

    /// The provider error for a transport failure (never by string matching).
    public static func transportError(_ error: HTTPTransportError) -> ProviderError {
        switch error {
        case .notSent(let reason): ProviderError(.unavailable, code: "transport", message: "not sent: \(reason)")
        case .invalidRequest(let reason): ProviderError(.unavailable, code: "transport", message: "invalid request: \(reason)")
        case .ambiguous(let reason): ProviderError(.ambiguous, code: "transport", message: "may have been sent: \(reason)")
        case .cancelled: ProviderError(.ambiguous, code: "transport", message: "cancelled after it may have been sent")
        }
    }
}
