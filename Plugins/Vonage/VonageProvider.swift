public import Switchboard
import Foundation
import Logging

/// The Vonage (Nexmo) SMS API plugin (`plugin: vonage`): form POST to `/sms/json`, per-part
/// results, balance probe, delivery receipts and inbound webhooks (provider reference §1).
public struct VonageProvider: MessageProvider {
    /// The `config:` block.
    public typealias Configuration = VonageConfiguration

    /// `plugin: vonage`.
    public static let kind = "vonage"
    /// Vonage echoes `client-ref` "up to 40 characters".
    public static let maxClientReferenceLength = 40

    /// The provider id from providers.yaml.
    public let id: ProviderID
    /// The configuration (prints without secrets).
    public let configuration: VonageConfiguration
    let context: ProviderContext
    let baseURL: String

    /// Creates the provider; throws ``ProviderConfigurationError`` for an unusable configuration.
    public init(id: ProviderID, configuration: VonageConfiguration, context: ProviderContext) throws {
        try configuration.validate()
        self.id = id
        self.configuration = configuration
        self.context = context
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
    }

    /// SMS only, one message per request (no bulk endpoint), no idempotency key (`client-ref`
    /// is for correlation only: a retry after a timeout can send twice), reports a balance.
    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(channels: [.sms], maxBatchSize: 1, idempotentRetries: false, reportsBalance: true)
    }

    var timeout: Duration { .milliseconds(configuration.timeoutMilliseconds) }

    /// The `POST /sms/json` request ``send(_:)`` makes for `message`, with parameters named
    /// exactly as in the spec (`to` without `+`, alphanumeric `from` untouched, `type=unicode`
    /// for UCS-2, `client-ref` = our id, `callback` = the message's callback URL).
    public func sendRequest(for message: OutboundMessage) -> HTTPRequest {
        var fields: [(String, String)] = []
        if let from = message.from {
            switch from {
            case .alphanumeric(let name): fields.append(("from", name))
            case .shortCode(let code): fields.append(("from", code))
            case .number(let number): fields.append(("from", number.digits))
            }
        }
        fields.append(("to", message.to.digits))
        fields.append(("text", message.text))
        fields.append(("type", message.analysis.encoding == .ucs2 ? "unicode" : "text"))
        fields.append(("client-ref", String(message.id.prefix(Self.maxClientReferenceLength))))
        if let callback = message.callbackURL, !callback.isEmpty { fields.append(("callback", callback)) }
        if !configuration.statusReportRequested { fields.append(("status-report-req", "false")) }
        if let ttl = configuration.ttlMilliseconds { fields.append(("ttl", String(ttl))) }
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"]
        fields = authenticate(fields, headers: &headers)
        return HTTPRequest(method: .post, url: baseURL + "/sms/json", headers: headers,
                           body: Array(FormEncoding.encode(fields).utf8), totalTimeout: timeout)
    }

    /// Adds credentials to `fields` (and headers) per the auth mode.
    func authenticate(_ fields: [(String, String)], headers: inout HTTPHeaders) -> [(String, String)] {
        switch configuration.effectiveAuth {
        case .body:
            return [("api_key", configuration.apiKey), ("api_secret", configuration.apiSecret ?? "")] + fields
        case .basic:
            let pair = Data((configuration.apiKey + ":" + (configuration.apiSecret ?? "")).utf8).base64EncodedString()
            headers.replaceOrAdd(name: "Authorization", value: "Basic " + pair)
            return fields
        case .signature:
            var signed = [("api_key", configuration.apiKey)] + fields
            signed.append(("timestamp", String(Int(context.clock.now()))))
            let sig = VonageSignature.sign(signed, secret: configuration.signatureSecret ?? "", method: configuration.signatureMethod)
            signed.append(("sig", sig))
            return signed
        }
    }

    /// Sends one message. Returns the per-part acceptance; throws ``ProviderError`` with the
    /// class of the failing part (``ProviderError/partial`` holds the accepted parts, if any).
    public func send(_ message: OutboundMessage) async throws(ProviderError) -> ProviderAcceptance {
        let request = sendRequest(for: message)
        let response: HTTPResponse
        do {
            response = try await context.transport.send(request)
        } catch {
            let failure = Self.transportFailure(error)
            context.logger.warning("vonage send failed", metadata: ["provider": "\(id)", "outcome": "\(failure.outcome.name)", "reason": "\(error.reason)"])
            throw failure
        }
        do {
            let acceptance = try Self.parseSendResponse(response)
            context.logger.debug("vonage accepted", metadata: ["provider": "\(id)", "parts": "\(acceptance.parts.count)"])
            return acceptance
        } catch {
            context.logger.info("vonage did not accept", metadata: ["provider": "\(id)", "outcome": "\(error.outcome.name)", "code": "\(error.code ?? "-")"])
            throw error
        }
    }

    /// `.notSent` (and an invalid request, which never left) → unavailable; `.ambiguous` and
    /// `.cancelled` → ambiguous. Never by the reason text.
    static func transportFailure(_ error: HTTPTransportError) -> ProviderError {
        switch error {
        case .notSent(let reason): ProviderError(.unavailable, code: "transport", message: "not sent: \(reason)")
        case .invalidRequest(let reason): ProviderError(.unavailable, code: "transport", message: "invalid request: \(reason)")
        case .ambiguous(let reason): ProviderError(.ambiguous, code: "transport", message: "no complete response: \(reason)")
        case .cancelled: ProviderError(.ambiguous, code: "transport", message: "cancelled after the request may have been sent")
        }
    }
}

extension VonageProvider: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Id, auth mode and host — never credentials.
    public var description: String {
        "VonageProvider(id: \(id), auth: \(configuration.effectiveAuth.rawValue), base_url: \(baseURL))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without credentials (so `dump` and `String(reflecting:)` cannot leak them).
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .struct) }
}
