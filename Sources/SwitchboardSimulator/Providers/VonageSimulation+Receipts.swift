import Switchboard
import Foundation

extension VonageSimulation {
    /// A delivery receipt's fields, as in the doc example (plus `client-ref`, `api-key` and,
    /// when signing, `timestamp`, `nonce`, `sig`).
    func receiptFields(messageID: String, to: String, from: String, price: Double, delivered: Bool,
                       clientRef: String?, context: SimulatorContext) -> [(String, String)] {
        let now = context.now()
        let time = SimulatorFormat.utc(now)
        let scts = SimulatorFormat.padded(time.year % 100, width: 2) + SimulatorFormat.padded(time.month, width: 2)
            + SimulatorFormat.padded(time.day, width: 2) + SimulatorFormat.padded(time.hour, width: 2)
            + SimulatorFormat.padded(time.minute, width: 2)
        let stamp = time.dateTime
        var fields: [(String, String)] = [
            ("err-code", delivered ? "0" : "3"),
            ("message-timestamp", stamp),
            ("messageId", messageID),
            ("msisdn", to),
            ("network-code", networkCode),
            ("price", Self.money(price)),
            ("scts", scts),
            ("status", delivered ? "delivered" : "failed"),
            ("to", from),
            ("api-key", context.credentials.key),
        ]
        if let clientRef { fields.append(("client-ref", clientRef)) }
        let secret = context.credentials.signatureSecret
        if signsWebhooks && !secret.isEmpty {
            fields.append(("timestamp", String(Int(now))))
            fields.append(("nonce", UUID().uuidString.lowercased()))
            fields.append(("sig", Self.sign(fields, secret: secret, method: webhookSignatureMethod)))
        }
        return fields
    }

    /// The receipt request in the configured method.
    func callbackRequest(url: String, fields: [(String, String)]) -> HTTPRequest {
        switch callbackMethod {
        case .get:
            return HTTPRequest(method: .get, url: url + (url.contains("?") ? "&" : "?") + FormEncoding.encode(fields))
        case .postForm:
            return HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                               body: Array(FormEncoding.encode(fields).utf8))
        case .postJSON:
            let body = "{" + fields.map { Self.jsonQuoted($0.0) + ":" + Self.jsonQuoted($0.1) }.joined(separator: ",") + "}"
            return HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        }
    }

    /// Vonage's signature (§1.6): sorted `&k=v` with `&`/`=` in values replaced by `_`.
    static func sign(_ parameters: [(String, String)], secret: String, method: SignatureMethod) -> String {
        var latest: [String: String] = [:]
        for (key, value) in parameters where key != "sig" { latest[key] = value }
        var text = ""
        for key in latest.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            text += "&" + key + "=" + String(latest[key]!.map { $0 == "&" || $0 == "=" ? "_" : $0 })
        }
        let key = Array(secret.utf8), message = Array(text.utf8)
        let digest: [UInt8] = switch method {
        case .md5hash: HashDigest.md5.hash(Array((text + secret).utf8))
        case .md5: HashDigest.md5.hmac(key: key, message: message)
        case .sha1: HashDigest.sha1.hmac(key: key, message: message)
        case .sha256: HashDigest.sha256.hmac(key: key, message: message)
        case .sha512: HashDigest.sha512.hmac(key: key, message: message)
        }
        return HashDigest.hex(digest)
    }

    static func constantTimeEqualIgnoringCase(_ a: String, _ b: String) -> Bool {
        let x = Array(a.lowercased().utf8), y = Array(b.lowercased().utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    /// `0A` + 14 upper-case hex digits, like Vonage's ids.
    static func messageID(_ number: UInt64) -> String {
        var bytes: [UInt8] = []
        appendMessageID(number, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``messageID(_:)`` of `number` to `out`.
    static func appendMessageID(_ number: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: "0A".utf8)
        SimulatorFormat.appendHex(number, width: 14, uppercase: true, to: &out)
    }

    /// Money as Vonage writes it: 8 decimals.
    static func money(_ value: Double) -> String { SimulatorFormat.fixed(value, decimals: 8) }

    /// A JSON string literal.
    static func jsonQuoted(_ text: String) -> String { JSONString.quoted(text) }
}
