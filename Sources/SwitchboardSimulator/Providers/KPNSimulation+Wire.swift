import Foundation
import Switchboard

extension KPNSimulation {
    /// A JSON response from a dictionary.
    static func json(_ status: Int, _ object: [String: Any], headers: [(String, String)] = []) -> SimulatorResponse {
        let body = SimulatorJSON.bytes(object) ?? Array("{}".utf8)
        return SimulatorResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    /// The accepted send's body, written directly: the same text as ``json(_:_:headers:)`` of
    /// `["message-count": ids.count, "messages": [["to", "message-id", "status": "0", "network": "20408"]]]`
    /// (keys sorted), without building and sorting dictionaries per send.
    ///
    /// The ids are written as 16 upper-case hex digits (``SimulatorFormat/hex(_:width:)``).
    static func sendAnswer(to: String, ids: [UInt64]) -> [UInt8] {
        var quotedTo: [UInt8] = []
        JSONString.append(to, to: &quotedTo)
        var out: [UInt8] = []
        out.reserveCapacity(40 + ids.count * (70 + quotedTo.count))
        out.append(contentsOf: "{\"message-count\":".utf8)
        SimulatorFormat.appendDecimal(UInt64(ids.count), to: &out)
        out.append(contentsOf: ",\"messages\":[".utf8)
        for (index, id) in ids.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "{\"message-id\":\"".utf8)
            SimulatorFormat.appendHex(id, width: 16, uppercase: true, to: &out)
            out.append(contentsOf: "\",\"network\":\"20408\",\"status\":\"0\",\"to\":".utf8)
            out.append(contentsOf: quotedTo)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// Apigee's fault body (invalid/expired token, unknown proxy).
    static func apigeeFault(_ status: Int, _ text: String, code: String) -> SimulatorResponse {
        json(status, ["fault": ["faultstring": text, "detail": ["errorcode": code]]])
    }

    /// KPN's gateway `ErrorResponse`, at the top level or nested under `error`.
    static func gatewayError(_ status: Int, name: String, message: String, nested: Bool = false,
                             headers: [(String, String)] = []) -> SimulatorResponse {
        let error: [String: Any] = [
            "transactionId": UUID().uuidString.lowercased(), "status": String(status), "name": name, "message": message,
            "info": "https://developer.kpn.com/documentation/vonage-sms-api-documentation",
        ]
        return json(status, nested ? ["error": error] : error, headers: headers)
    }

    /// Vonage's per-message error answer: HTTP 200, integer `message-count` (KPN's schema).
    static func vonageError(status: Int, text: String) -> SimulatorResponse {
        json(200, ["message-count": 1, "messages": [["status": String(status), "error-text": text]]])
    }

    /// An accepted send's header fields: `Content-Type` and ``quotaHeaders(used:limit:resetMillis:)``
    /// for one request used of 100, in one array.
    static func sendHeaders(resetMillis: Int) -> [(String, String)] {
        [("Content-Type", "application/json"), ("quota-limit", "100"), ("quota-interval", "1"),
         ("quota-time-unit", "minute"), ("quota-used", "1"), ("quota-reset-UTC", String(resetMillis)),
         ("api-version", "1.1.1"), ("sunset", "n/a")]
    }

    /// Apigee quota headers (§3.6).
    static func quotaHeaders(used: Int, limit: Int, resetMillis: Int) -> [(String, String)] {
        [("quota-limit", String(limit)), ("quota-interval", "1"), ("quota-time-unit", "minute"),
         ("quota-used", String(used)), ("quota-reset-UTC", String(resetMillis)), ("api-version", "1.1.1"), ("sunset", "n/a")]
    }

    /// A delivery receipt as the proxy posts it (POST JSON; KPN's copy has no `api-key`/`client-ref`).
    static func receipt(url: String, messageID: String, msisdn: String, sender: String, price: Double, delivered: Bool,
                        now: Double) -> HTTPRequest {
        let timestamp = Self.timestamp(now)
        // scts is YYMMDDHHMM.
        let digits = timestamp.filter(\.isNumber)
        let scts = String(digits.dropFirst(2).prefix(10))
        let body: [String: Any] = [
            "msisdn": msisdn, "to": sender, "network-code": "20408", "messageId": messageID,
            "price": SimulatorFormat.fixed(price, decimals: 8), "status": delivered ? "delivered" : "failed", "scts": scts,
            "err-code": delivered ? "0" : "3", "message-timestamp": timestamp,
        ]
        return HTTPRequest(method: .post, url: url, headers: HTTPHeaders([("Content-Type", "application/json")]),
                           body: SimulatorJSON.bytes(body) ?? Array("{}".utf8))
    }

    /// `YYYY-MM-DD HH:MM:SS` in UTC.
    static func timestamp(_ now: Double) -> String { SimulatorFormat.utc(now).dateTime }
}
