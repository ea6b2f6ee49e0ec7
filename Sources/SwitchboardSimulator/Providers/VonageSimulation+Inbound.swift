import Switchboard
import Foundation

extension VonageSimulation {
    /// Inbound SMS webhooks in Vonage's format (provider reference §1.5): one request per part,
    /// with `concat`, `concat-ref`, `concat-total` and `concat-part` when the text needs more
    /// than one SMS; signed like receipts when the credentials have a signature secret.
    public func inboundCallback(from: String, to: String, text: String, url: String,
                                context: SimulatorContext) -> [ScheduledCallback]? {
        let parts = SMSTextAnalysis.split(text)
        let now = context.now()
        let stamp = SimulatorFormat.utc(now).dateTime
        let type = SMSTextAnalysis(text).encoding == .ucs2 ? "unicode" : "text"
        let keyword = text.split(whereSeparator: { $0.isWhitespace }).first.map { $0.uppercased() } ?? ""
        let reference = String(context.nextMessageID() % 256)
        let secret = context.credentials.signatureSecret
        return parts.enumerated().map { index, part in
            var fields: [(String, String)] = [
                ("api-key", context.credentials.key),
                ("msisdn", from.hasPrefix("+") ? String(from.dropFirst()) : from),
                ("to", to.hasPrefix("+") ? String(to.dropFirst()) : to),
                ("messageId", Self.messageID(context.nextMessageID() | 0x0C00_0000_0000)),
                ("text", part),
                ("type", type),
                ("keyword", keyword),
                ("message-timestamp", stamp),
            ]
            if parts.count > 1 {
                fields += [("concat", "true"), ("concat-ref", reference), ("concat-total", String(parts.count)),
                           ("concat-part", String(index + 1))]
            }
            if signsWebhooks && !secret.isEmpty {
                fields.append(("timestamp", String(Int(now))))
                fields.append(("nonce", UUID().uuidString.lowercased()))
                fields.append(("sig", Self.sign(fields, secret: secret, method: webhookSignatureMethod)))
            }
            return ScheduledCallback(request: callbackRequest(url: url, fields: fields), delay: context.receiptDelay)
        }
    }
}
