import Foundation
public import Switchboard

extension SMSCXProvider {
    /// Parses a webhook (reference §2.5): a `POST` with `{"event": …, "data": [ … ]}`, several
    /// items per call. `dlr_update` → receipts, `receive_sms` → inbound messages; the other event
    /// types (shortlink hits, opt-outs, Viber/WhatsApp) give no events. Duplicate items in one
    /// call (`msgId` + `status`) are dropped. SMS.CX does not sign webhooks.
    public func parseWebhook(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        try Self.parseWebhookBody(request)
    }

    /// The parsing behind ``parseWebhook(_:)`` (needs no provider instance).
    public static func parseWebhookBody(_ request: WebhookRequest) throws(WebhookError) -> [ProviderEvent] {
        guard request.method.uppercased() == "POST" else { throw .unsupported("smscx webhooks are POST requests") }
        let data = Data(request.body)
        let decoder = JSONDecoder()
        guard let envelope = try? decoder.decode(SMSCXWire.WebhookEnvelope.self, from: data) else {
            throw .malformed("smscx webhook: expected a JSON object with 'event' and 'data'")
        }
        switch envelope.event {
        case "dlr_update":
            guard let update = try? decoder.decode(SMSCXWire.DLRUpdate.self, from: data) else {
                throw .malformed("smscx webhook: unreadable dlr_update data")
            }
            var seen = Set<String>()
            return update.data.compactMap { item -> ProviderEvent? in
                guard seen.insert(item.msgId + "|" + item.status).inserted else { return nil }
                return .receipt(DeliveryReceipt(
                    providerMessageID: item.msgId, clientReference: item.trackData,
                    state: SMSCXDeliveryStatus.state(status: item.status, errorCode: item.errorCode),
                    providerStatus: item.status, errorCode: item.errorCode.map(String.init),
                    timestamp: item.datetime.flatMap(SMSCXDate.parse)))
            }
        case "receive_sms":
            guard let inbound = try? decoder.decode(SMSCXWire.ReceiveSMS.self, from: data) else {
                throw .malformed("smscx webhook: unreadable receive_sms data")
            }
            var seen = Set<String>()
            return inbound.data.compactMap { item -> ProviderEvent? in
                guard seen.insert(item.msgId).inserted else { return nil }
                return .inbound(InboundMessage(providerMessageID: item.msgId, from: item.from, to: item.to, text: item.text,
                                               timestamp: item.receivedAt.flatMap(SMSCXDate.parse)))
            }
        case "receive_viber", "receive_whatsapp", "shortlink_hit", "shortlink_hit_update", "attachment_hit",
             "attachment_hit_update", "new_optout":
            return []
        default:
            throw .unsupported("smscx webhook: unknown event type")
        }
    }
}

/// DLR status words → ``DeliveryState`` (reference §2.5).
public enum SMSCXDeliveryStatus {
    /// `status` → state; a non-null `errorCode` means not delivered.
    public static let table: [String: DeliveryState] = [
        "ACCEPTED": .pending,     // taken by SMS.CX
        "SCHEDULED": .pending,    // waiting for its scheduled time / quiet hours
        "SENT": .pending,         // handed to the operator
        "DELIVERED": .delivered,  // final: delivered to the handset
        "FAILED": .failed,        // final: not delivered
        "REJECTED": .failed,      // final: refused (opted out)
        "NO COVERAGE": .failed,   // final: no route
    ]

    /// The state for a DLR item.
    public static func state(status: String, errorCode: Int?) -> DeliveryState {
        let state = table[status] ?? .unknown
        if errorCode != nil, state != .failed { return state == .delivered ? .failed : state }
        return state
    }
}

/// SMS.CX datetimes: UTC `YYYY-MM-DD HH:MM:SS`.
enum SMSCXDate {
    static func parse(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "T" }).map { Int($0) }
        guard parts.count == 6, let y = parts[0], let m = parts[1], let d = parts[2], let hh = parts[3], let mm = parts[4],
              let ss = parts[5], (1...12).contains(m), (1...31).contains(d) else { return nil }
        // Days from civil (Howard Hinnant).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hh * 3600 + mm * 60 + ss))
    }
}
