/// A provider plugin: speaks one provider's wire protocol (DESIGN §3).
///
/// A plugin maps everything the provider can answer onto ``ProviderOutcome`` classes — never
/// string matching in the router — and gets all I/O through its ``ProviderContext``.
/// Only ``send(_:)`` and ``checkHealth()`` are required; the rest have defaults.
public protocol MessageProvider: Sendable {
    /// The plugin's `config:` block from providers.yaml.
    associatedtype Configuration: Decodable & Sendable

    /// The `plugin:` value in providers.yaml (`vonage`, `smscx`, …).
    static var kind: String { get }

    /// Creates the provider; throws ``ProviderConfigurationError`` for a bad configuration.
    init(id: ProviderID, configuration: Configuration, context: ProviderContext) throws

    /// The provider's id from providers.yaml.
    var id: ProviderID { get }

    /// What the provider can do.
    var capabilities: ProviderCapabilities { get }

    /// Sends one message.
    ///
    /// - Returns: the acceptance (the provider took at least part of it; see
    ///   ``ProviderAcceptance/parts`` for multipart results).
    /// - Throws: ``ProviderError`` with the outcome class.
    func send(_ message: OutboundMessage) async throws(ProviderError) -> ProviderAcceptance

    /// Sends many messages, using a bulk endpoint where the provider has one.
    /// The default sends them one by one. Results are in input order.
    func send(batch: [OutboundMessage]) async -> [Result<ProviderAcceptance, ProviderError>]

    /// A free probe (balance, account or token): healthy, degraded or down, with a reason.
    func checkHealth() async -> ProviderHealth

    /// Parses a webhook the provider called (delivery receipts, inbound messages), verifying
    /// its signature where the provider signs. Default: not supported.
    func parseWebhook(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent]
}

extension MessageProvider {
    public func send(batch: [OutboundMessage]) async -> [Result<ProviderAcceptance, ProviderError>] {
        var results: [Result<ProviderAcceptance, ProviderError>] = []
        results.reserveCapacity(batch.count)
        for message in batch {
            do {
                results.append(.success(try await send(message)))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    public func parseWebhook(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        throw WebhookError.unsupported("\(Self.kind) does not take webhooks")
    }
}
