import Foundation
import Logging
public import Switchboard

/// The SMS.CX (SMS Connexion) plugin: JSON `POST /sms` with `X-API-KEY` or OAuth2 bearer
/// auth, idempotent sends (`idempotencyId`), bulk sends of up to 25,000 recipients, balance and
/// channel-status health probe, batched `dlr_update` / `receive_sms` webhooks.
///
/// ```yaml
/// - id: smscx
///   plugin: smscx
///   config: { api_key: ${SMSCX_API_KEY}, default_from: InfoText }
/// ```
public struct SMSCXProvider: MessageProvider {
    /// The configuration type.
    public typealias Configuration = SMSCXConfiguration

    /// `plugin: smscx`.
    public static let kind = "smscx"
    /// Recipients per `POST /sms` (error 1103 above that).
    public static let maxRecipientsPerRequest = 25_000

    /// The provider's id from providers.yaml.
    public let id: ProviderID
    /// The configuration it was built with.
    public let configuration: SMSCXConfiguration
    let context: ProviderContext
    let tokens: SMSCXTokenCache?
    let baseURL: String

    /// Creates the provider; throws ``ProviderConfigurationError`` for a bad configuration.
    public init(id: ProviderID, configuration: SMSCXConfiguration, context: ProviderContext) throws {
        try configuration.validate()
        self.id = id
        self.configuration = configuration
        self.context = context
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        if (configuration.apiKey ?? "").isEmpty {
            let fetcher = SMSCXTokenFetcher(baseURL: base, configuration: configuration, context: context)
            tokens = SMSCXTokenCache(clock: context.clock) { await fetcher.fetch() }
        } else {
            tokens = nil
        }
    }

    /// SMS only, bulk up to 25,000, idempotent retries (`idempotencyId`), reports a balance.
    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(channels: [.sms], maxBatchSize: Self.maxRecipientsPerRequest, idempotentRetries: true,
                             reportsBalance: true)
    }

    /// Sends one message (`POST /sms` with `to` as one +E.164 number).
    public func send(_ message: OutboundMessage) async throws(ProviderError) -> ProviderAcceptance {
        let results = await sendGroup([message], retryingInvalid: true)
        switch results[0] {
        case .success(let acceptance): return acceptance
        case .failure(let error): throw error
        }
    }

    /// Sends many messages: messages with the same text, sender and callback URL go out as one
    /// request with `to: [...]` (up to 25,000 numbers); results are matched by `to` and returned
    /// in input order.
    ///
    /// Groups go out concurrently, at most ``maxConcurrentGroups`` at a time: a batch of
    /// personalised texts is one request per message, and sending those one after another would
    /// make the whole batch wait on a single connection.
    public func send(batch: [OutboundMessage]) async -> [Result<ProviderAcceptance, ProviderError>] {
        var results = [Result<ProviderAcceptance, ProviderError>?](repeating: nil, count: batch.count)
        let groups = Self.groups(batch)
        if groups.count == 1 {
            for (index, result) in zip(groups[0], await sendGroup(batch, retryingInvalid: true)) { results[index] = result }
        } else {
            await withTaskGroup(of: (Int, [Result<ProviderAcceptance, ProviderError>]).self) { taskGroup in
                var next = 0
                func add() {
                    let g = next
                    let messages = groups[g].map { batch[$0] }
                    taskGroup.addTask { (g, await sendGroup(messages, retryingInvalid: true)) }
                    next += 1
                }
                while next < groups.count, next < Self.maxConcurrentGroups { add() }
                for await (g, groupResults) in taskGroup {
                    for (index, result) in zip(groups[g], groupResults) { results[index] = result }
                    if next < groups.count { add() }
                }
            }
        }
        return results.map { $0 ?? .failure(ProviderError(.ambiguous, message: "smscx: no result")) }
    }

    /// Requests one ``send(batch:)`` has in flight at once (one per distinct text).
    public static let maxConcurrentGroups = 64

    /// Indexes of `batch` grouped by identical text, sender, callback URL and channel, in first
    /// appearance order, each group at most ``maxRecipientsPerRequest`` long.
    static func groups(_ batch: [OutboundMessage]) -> [[Int]] {
        struct Key: Hashable {
            var text: String
            var from: SenderID?
            var callbackURL: String?
            var channel: MessageChannel
        }
        var order: [Key] = []
        var members: [Key: [Int]] = [:]
        for (index, message) in batch.enumerated() {
            let key = Key(text: message.text, from: message.from, callbackURL: message.callbackURL, channel: message.channel)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(index)
        }
        return order.flatMap { key -> [[Int]] in
            let all = members[key] ?? []
            return stride(from: 0, to: all.count, by: maxRecipientsPerRequest).map {
                Array(all[$0..<min($0 + maxRecipientsPerRequest, all.count)])
            }
        }
    }

    /// The `from` value: the message's sender (alphanumeric names untouched), else `default_from`.
    func sender(for message: OutboundMessage) -> String? {
        if let from = message.from { return from.description }
        if let from = configuration.defaultFrom, !from.isEmpty { return from }
        return nil
    }

    /// The `POST /sms` body for messages that share text, sender and callback URL.
    func sendRequest(for messages: [OutboundMessage], from: String) -> SMSCXWire.SendRequest {
        let first = messages[0]
        let single = messages.count == 1
        let idempotencyID = single
            ? SMSCXUUID.normalized(first.idempotencyKey)
            : SMSCXUUID.v5(name: "smscx-batch:" + messages.map(\.idempotencyKey).joined(separator: ","))
        return SMSCXWire.SendRequest(
            to: single ? .one(first.to.e164) : .many(messages.map(\.to.e164)),
            from: from,
            text: first.text,
            idempotencyId: idempotencyID,
            dlrCallbackUrl: first.callbackURL,
            // trackData is per request and only kept when it is a UUID v1–v5: our id goes there
            // for single sends when it qualifies (batches are matched by msgId instead).
            trackData: single && SMSCXUUID.isValidV1toV5(first.id) ? first.id : nil,
            allowInvalid: single ? nil : true,
            transliteration: configuration.transliteration.map {
                SMSCXWire.Transliteration(alphabet: $0.alphabet, removeEmojis: $0.removeEmojis)
            })
    }

    /// Sends one request for `messages` (same text/sender/callback) and maps the answer per message.
    func sendGroup(_ messages: [OutboundMessage], retryingInvalid: Bool) async -> [Result<ProviderAcceptance, ProviderError>] {
        if messages[0].channel != .sms {
            return messages.map { _ in .failure(ProviderError(.routeRejected, code: "channel",
                                                              message: "smscx plugin sends SMS only, not \(messages[0].channel)")) }
        }
        guard let from = sender(for: messages[0]) else {
            return messages.map { _ in .failure(ProviderError(.routeRejected, code: "1105",
                                                              message: "smscx: no sender; set one or default_from")) }
        }
        let body = sendRequest(for: messages, from: from).jsonBody
        context.logger.debug("smscx send", metadata: ["provider": "\(id)", "recipients": "\(messages.count)"])
        let response: HTTPResponse
        switch await perform(.post, "/sms", body: body, contentType: "application/json") {
        case .success(let r): response = r
        case .failure(let error): return messages.map { _ in .failure(error) }
        }
        let results = SMSCXResponseParser.sendResults(for: messages.map(\.to.e164), response: response,
                                                      now: context.clock.now(), redact: redact)
        if let invalid = results.retryWithout, retryingInvalid, messages.count > 1 {
            // 1207/1210: nothing was sent; the listed numbers are invalid, the others may go.
            var output = [Result<ProviderAcceptance, ProviderError>?](repeating: nil, count: messages.count)
            var rest: [Int] = []
            for (index, message) in messages.enumerated() {
                if invalid.contains(message.to.e164) {
                    output[index] = .failure(ProviderError(.rejected, code: "1207", message: "smscx: phone number invalid"))
                } else {
                    rest.append(index)
                }
            }
            if !rest.isEmpty {
                let retried = await sendGroup(rest.map { messages[$0] }, retryingInvalid: false)
                for (index, result) in zip(rest, retried) { output[index] = result }
            }
            return output.map { $0 ?? .failure(ProviderError(.rejected, message: "smscx: phone number invalid")) }
        }
        let mapped = results.perRecipient
        for case .failure(let error) in mapped where error.outcome != .rejected {
            context.logger.warning("smscx send failed", metadata: ["provider": "\(id)", "outcome": "\(error.outcome.name)",
                                                                   "code": "\(error.code ?? "-")"])
            break
        }
        return mapped
    }

    /// Removes configured secrets from provider-supplied text before it goes into an error.
    func redact(_ text: String) -> String {
        var output = text
        for secret in [configuration.apiKey, configuration.applicationSecret] {
            if let secret, secret.count >= 4 { output = output.replacingOccurrences(of: secret, with: "<redacted>") }
        }
        return output
    }
}

extension SMSCXProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The provider without secret values.
    public var description: String { "SMSCXProvider(id: \(id), \(configuration))" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// Only the redacted summary is reflected.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}
