public import Foundation
public import Switchboard

extension KPNProvider {
    /// Parses a delivery receipt or an inbound SMS (Vonage-style subset, provider-apis.md §3.5),
    /// sent as GET query, POST form or POST JSON. KPN's proxy does not sign them.
    ///
    /// - Receipt: `messageId`, `status`, `msisdn`, `err-code`, `price`, `message-timestamp`
    ///   (and `client-ref` if present, which KPN's copy does not list).
    /// - Inbound: `messageId`, `msisdn` (sender), `to`, `text`, `concat*`.
    public func parseWebhook(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        try Self.parseWebhookRequest(request)
    }

    /// The parsing behind ``parseWebhook(_:)`` (no provider needed).
    public static func parseWebhookRequest(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        let fields = try webhookFields(request)
        func field(_ name: String) -> String? {
            guard let value = fields[name], !value.isEmpty else { return nil }
            return value
        }
        guard let messageID = field("messageId") ?? field("message-id") else {
            throw WebhookError.malformed("KPN webhook without messageId")
        }
        if let status = field("status") {
            return [.receipt(DeliveryReceipt(
                providerMessageID: messageID, clientReference: field("client-ref"), state: deliveryState(status),
                providerStatus: status, errorCode: field("err-code"), timestamp: field("message-timestamp").flatMap(parseTimestamp),
                price: field("price").flatMap { Double($0) }, to: field("msisdn")))]
        }
        if let from = field("msisdn"), let to = field("to"), fields["text"] != nil || fields["type"] != nil {
            var concatenation: InboundMessage.Concatenation?
            if field("concat") == "true", let reference = field("concat-ref"), let part = field("concat-part").flatMap({ Int($0) }),
               let total = field("concat-total").flatMap({ Int($0) }) {
                concatenation = .init(reference: reference, part: part, total: total)
            }
            return [.inbound(InboundMessage(
                providerMessageID: messageID, from: from, to: to, text: fields["text"] ?? "",
                timestamp: field("message-timestamp").flatMap(parseTimestamp), concatenation: concatenation))]
        }
        throw WebhookError.malformed("KPN webhook is neither a delivery receipt (status) nor an inbound message (msisdn, to, text)")
    }

    /// Vonage DLR status words → normalised states (`accepted`/`buffered` are not final).
    public static func deliveryState(_ status: String) -> DeliveryState {
        switch status.lowercased() {
        case "delivered": .delivered
        case "accepted", "buffered": .pending
        case "expired", "failed", "rejected": .failed
        default: .unknown
        }
    }

    /// Parses `YYYY-MM-DD HH:MM:SS` (UTC).
    public static func parseTimestamp(_ text: String) -> Date? {
        let digits = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "T" }).map { Int($0) }
        guard digits.count == 6, let y = digits[0], let mo = digits[1], let d = digits[2], let h = digits[3],
              let mi = digits[4], let s = digits[5], (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + h * 3_600 + mi * 60 + s))
    }

    private static func webhookFields(_ request: WebhookRequest) throws(WebhookError) -> [String: String] {
        var fields: [String: String] = [:]
        for (k, v) in request.query where fields[k] == nil { fields[k] = v }
        guard request.method.uppercased() != "GET", !request.body.isEmpty else {
            if fields.isEmpty { throw WebhookError.malformed("KPN webhook without parameters") }
            return fields
        }
        let contentType = request.headers["content-type"]?.lowercased() ?? ""
        let first = request.body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if contentType.contains("json") || first == UInt8(ascii: "{") {
            guard let json = KPNJSON.object(request.body) else { throw WebhookError.malformed("KPN webhook body is not a JSON object") }
            for member in json.members ?? [] { if let value = member.value.scalarText { fields[member.key] = value } }
        } else {
            for (k, v) in FormEncoding.decode(String(decoding: request.body, as: UTF8.self)) where fields[k] == nil { fields[k] = v }
        }
        return fields
    }
}
