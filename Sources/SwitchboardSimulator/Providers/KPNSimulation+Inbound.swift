import Foundation
import Switchboard

extension KPNSimulation {
    /// Inbound SMS as the proxy posts them (POST JSON, Vonage field names, §3.5): one webhook per
    /// part, with `concat`, `concat-ref`, `concat-total`, `concat-part` for multipart texts.
    public func inboundCallback(from: String, to: String, text: String, url: String,
                                context: SimulatorContext) -> [ScheduledCallback]? {
        let parts = SMSTextAnalysis(text).isMultipart ? SMSTextAnalysis.split(text) : [text]
        let reference = String(context.nextMessageID() % 256)
        let type = SMSTextAnalysis(text).encoding == .ucs2 ? "unicode" : "text"
        let now = context.now()
        return parts.enumerated().map { index, part in
            var body: [String: Any] = [
                "msisdn": from.hasPrefix("+") ? String(from.dropFirst()) : from,
                "to": to.hasPrefix("+") ? String(to.dropFirst()) : to,
                "messageId": SimulatorFormat.hex(context.nextMessageID() | 0x0B00_0000_0000_0000, width: 16),
                "text": part, "type": type,
                "keyword": String(part.split(separator: " ").first ?? "").uppercased(),
                "message-timestamp": Self.timestamp(now), "timestamp": String(Int(now)),
                "nonce": UUID().uuidString.lowercased(),
            ]
            if parts.count > 1 {
                body["concat"] = "true"
                body["concat-ref"] = reference
                body["concat-total"] = String(parts.count)
                body["concat-part"] = String(index + 1)
            }
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
            return ScheduledCallback(
                request: HTTPRequest(method: .post, url: url, headers: HTTPHeaders([("Content-Type", "application/json")]),
                                     body: Array(data)),
                delay: 0)
        }
    }
}
