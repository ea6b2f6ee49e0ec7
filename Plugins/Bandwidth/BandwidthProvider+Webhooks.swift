public import Switchboard
import Foundation

extension BandwidthProvider {
    /// Parses a Bandwidth SMS callback: JSON `POST` (any `; charset=`) or the same fields as a
    /// `GET` query string (`callbackHttpMethod=GET`).
    ///
    /// - `direction: out` → a ``DeliveryReceipt``: `deliveryState` `delivered` → delivered,
    ///   `not-delivered` → failed, `waiting` → pending; without one, `state` `error` → failed and
    ///   `queued`/`sending`/`sent` → pending. `deliveryCode` is the error code, `tag` our id.
    /// - `direction: in` → an ``InboundMessage``.
    ///
    /// Bandwidth signs nothing. The only protection is HTTP Basic credentials you embed in the
    /// callback URL (`https://user:pass@host/…`); set `webhook_username`/`webhook_password` and
    /// this method refuses callbacks without them (``WebhookError/badSignature(_:)``).
    public func parseWebhook(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        if let user = configuration.webhookUsername, let password = configuration.webhookPassword {
            let expected = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
            guard let given = request.headers["authorization"], given == expected else {
                throw WebhookError.badSignature("missing or wrong HTTP Basic credentials on the Bandwidth callback")
            }
        }
        return try Self.events(from: request)
    }

    /// The events in a callback (no credential check).
    public static func events(from request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        let event: BandwidthMessageEvent
        if request.method.uppercased() == "GET" || request.body.isEmpty {
            var fields: [String: String] = [:]
            for (key, value) in request.query where fields[key] == nil { fields[key] = value }
            guard !fields.isEmpty else { throw WebhookError.malformed("empty Bandwidth callback") }
            event = BandwidthMessageEvent(fields: fields)
        } else if let type = request.headers["content-type"]?.lowercased(), type.hasPrefix("application/x-www-form-urlencoded") {
            var fields: [String: String] = [:]
            for (key, value) in FormEncoding.decode(String(decoding: request.body, as: UTF8.self)) where fields[key] == nil {
                fields[key] = value
            }
            event = BandwidthMessageEvent(fields: fields)
        } else {
            guard let parsed = BandwidthMessageEvent.parse(json: request.body) else {
                throw WebhookError.malformed("Bandwidth callback body is not a JSON object")
            }
            event = parsed
        }
        return [try self.event(event)]
    }

    static func event(_ event: BandwidthMessageEvent) throws(WebhookError) -> ProviderEvent {
        guard let type = event.eventType?.lowercased(), type == "sms" || type == "mms" else {
            throw WebhookError.unsupported("Bandwidth event type '\(event.eventType ?? "missing")' is not a message event")
        }
        guard let id = event.messageID, !id.isEmpty else { throw WebhookError.malformed("Bandwidth callback without messageId") }
        let timestamp = event.time.flatMap(parseTime)
        switch event.direction?.lowercased() {
        case "in":
            return .inbound(InboundMessage(providerMessageID: id, from: digits(event.from ?? ""), to: digits(event.to ?? ""),
                                           text: event.text ?? "", timestamp: timestamp))
        case "out":
            let (state, status) = deliveryState(event)
            let code = event.deliveryCode.flatMap { $0.isEmpty || $0 == "0" ? nil : $0 }
            return .receipt(DeliveryReceipt(providerMessageID: id, clientReference: event.tag, state: state, providerStatus: status,
                                            errorCode: state == .failed ? (code ?? event.deliveryCode) : code,
                                            timestamp: timestamp, to: event.to.map(digits)))
        default:
            throw WebhookError.malformed("Bandwidth callback direction '\(event.direction ?? "missing")' is neither in nor out")
        }
    }

    /// Normalised state and the provider's status word.
    static func deliveryState(_ event: BandwidthMessageEvent) -> (DeliveryState, String) {
        if let delivery = event.deliveryState?.lowercased() {
            switch delivery {
            case "delivered": return (.delivered, delivery)  // "delivered to carrier"
            case "not-delivered": return (.failed, delivery)
            case "waiting": return (.pending, delivery)
            default: return (.unknown, delivery)
            }
        }
        let state = event.state?.lowercased() ?? "unknown"
        switch state {
        case "error": return (.failed, state)
        case "queued", "sending", "sent", "received": return (.pending, state)
        default: return (.unknown, state)
        }
    }

    /// E.164 digits (`+13865245000` → `13865245000`); other senders as given.
    static func digits(_ number: String) -> String {
        let body = number.hasPrefix("+") ? String(number.dropFirst()) : number
        return !body.isEmpty && body.allSatisfy(\.isASCII) && body.allSatisfy(\.isNumber) ? body : number
    }

    /// `2012-11-14T16:13:06.076Z` (fractional seconds optional).
    static func parseTime(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
