public import Switchboard
import Foundation

extension VonageProvider {
    /// Whether webhooks must be signed: `verify_webhook_signatures`, default on when a
    /// signature secret is configured.
    var requiresWebhookSignature: Bool {
        configuration.verifyWebhookSignatures ?? !(configuration.signatureSecret ?? "").isEmpty
    }

    /// Parses a delivery receipt or inbound message (provider reference §1.5), sent as GET
    /// (query), POST form or POST JSON. With a signature secret, unsigned or wrongly signed
    /// webhooks throw ``WebhookError/badSignature(_:)``.
    public func parseWebhook(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        let fields = try Self.webhookFields(request)
        if requiresWebhookSignature {
            guard let secret = configuration.signatureSecret, !secret.isEmpty else {
                throw WebhookError.badSignature("signature verification is on but no signature_secret is configured")
            }
            guard fields.contains(where: { $0.0 == "sig" }) else { throw WebhookError.badSignature("unsigned webhook") }
            guard VonageSignature.verify(fields, secret: secret, method: configuration.signatureMethod) else {
                throw WebhookError.badSignature("signature does not verify")
            }
        }
        return [try Self.event(from: fields)]
    }

    /// The webhook's parameters: the query, plus form fields or a JSON object's top-level
    /// values (as strings) from a POST body.
    static func webhookFields(_ request: WebhookRequest) throws(WebhookError) -> [(String, String)] {
        var fields = request.query
        guard request.method.uppercased() != "GET", !request.body.isEmpty else { return fields }
        let type = (request.headers["content-type"] ?? "").lowercased()
        let first = request.body.first { $0 != 0x20 && $0 != 0x0a && $0 != 0x0d && $0 != 0x09 }
        if type.contains("json") || first == UInt8(ascii: "{") {
            guard let members = (try? JSONNode(parsing: request.body))?.members else {
                throw WebhookError.malformed("body is not a JSON object")
            }
            var values: [String: String] = [:]   // a repeated key: the last one counts
            for member in members { values[member.key] = jsonString(member.value) }
            for key in values.keys.sorted() { fields.append((key, values[key]!)) }
        } else {
            fields += FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
        }
        return fields
    }

    /// A receipt when the fields have a delivery `status`, an inbound message when they have
    /// `text`/`msisdn` and no status.
    static func event(from fields: [(String, String)]) throws(WebhookError) -> ProviderEvent {
        var map: [String: String] = [:]
        for (k, v) in fields { map[k] = v }
        let messageID = map["messageId"] ?? map["message-id"] ?? map["message_id"]
        if let status = map["status"] {
            guard let messageID, !messageID.isEmpty else { throw WebhookError.malformed("delivery receipt without messageId") }
            let timestamp = map["message-timestamp"].flatMap(parseTimestamp) ?? map["scts"].flatMap(parseSCTS)
            return .receipt(DeliveryReceipt(
                providerMessageID: messageID, clientReference: map["client-ref"].flatMap { $0.isEmpty ? nil : $0 },
                state: deliveryState(status), providerStatus: status, errorCode: map["err-code"],
                timestamp: timestamp, price: map["price"].flatMap(Double.init), to: map["msisdn"]))
        }
        if map["msisdn"] != nil || map["text"] != nil {
            guard let messageID, !messageID.isEmpty, let from = map["msisdn"], let to = map["to"] else {
                throw WebhookError.malformed("inbound message without messageId, msisdn or to")
            }
            var concatenation: InboundMessage.Concatenation?
            if map["concat"]?.lowercased() == "true" {
                guard let reference = map["concat-ref"], let part = map["concat-part"].flatMap({ Int($0) }),
                      let total = map["concat-total"].flatMap({ Int($0) }), part >= 1, total >= part
                else { throw WebhookError.malformed("concatenated inbound part without valid concat-ref/part/total") }
                concatenation = .init(reference: reference, part: part, total: total)
            }
            return .inbound(InboundMessage(providerMessageID: messageID, from: from, to: to, text: map["text"] ?? "",
                                           timestamp: map["message-timestamp"].flatMap(parseTimestamp),
                                           concatenation: concatenation))
        }
        throw WebhookError.malformed("neither a delivery receipt nor an inbound message")
    }

    /// DLR `status` → state: `delivered` final success; `expired`/`failed`/`rejected` final
    /// failures; `accepted`/`buffered` not final; `unknown` (and anything new) unknown.
    public static func deliveryState(_ status: String) -> DeliveryState {
        switch status.lowercased() {
        case "delivered": .delivered
        case "expired", "failed", "rejected": .failed
        case "accepted", "buffered": .pending
        default: .unknown
        }
    }

    /// `YYYY-MM-DD HH:MM:SS` in UTC.
    static func parseTimestamp(_ text: String) -> Date? {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 6 else { return nil }
        return utcDate(digits[0], digits[1], digits[2], digits[3], digits[4], digits[5])
    }

    /// `scts` `YYMMDDHHMM` (UTC, 20YY).
    static func parseSCTS(_ text: String) -> Date? {
        let chars = Array(text)
        guard chars.count == 10, chars.allSatisfy(\.isNumber) else { return nil }
        func num(_ i: Int) -> Int { Int(String(chars[i..<i + 2]))! }
        return utcDate(2000 + num(0), num(2), num(4), num(6), num(8), 0)
    }

    static func utcDate(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s) else { return nil }
        return calendar.date(from: components)
    }
}
