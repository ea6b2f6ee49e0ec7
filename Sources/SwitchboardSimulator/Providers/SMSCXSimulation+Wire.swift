import Switchboard

/// JSON shapes the SMS.CX simulation writes (reference §2.3–2.5).
enum SMSCXSimWire {
    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var type: String
            var code: Int
            var message: String
            var uri: String
            var invalid: [String]?
        }
        var error: Detail
        var invalid: [String]?
    }

    struct Token: Encodable {
        var access_token: String
        var expires_in: Int
        var token_type: String
        var scope: String
    }

    struct TextAnalysis: Encodable {
        var length: Int
        var unicode: Bool
        var parts: Int
    }

    struct DataSms: Encodable {
        var msgId: String
        var status: String
        var statusCode: Int
        var errorCode: Int?
        var createdAt: String
        var inQuietHours: Bool
        var cost: Double
        var to: String
        var countryIso: String?
        var from: String
        var text: String
        var parts: Int
        var textAnalysis: TextAnalysis
        var trackData: String?

        // errorCode is written as null when absent (the API's shape).
        enum CodingKeys: String, CodingKey {
            case msgId, status, statusCode, errorCode, createdAt, inQuietHours, cost, to, countryIso, from, text, parts,
                 textAnalysis, trackData
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(msgId, forKey: .msgId)
            try c.encode(status, forKey: .status)
            try c.encode(statusCode, forKey: .statusCode)
            try c.encode(errorCode, forKey: .errorCode)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(inQuietHours, forKey: .inQuietHours)
            try c.encode(cost, forKey: .cost)
            try c.encode(to, forKey: .to)
            try c.encode(countryIso, forKey: .countryIso)
            try c.encode(from, forKey: .from)
            try c.encode(text, forKey: .text)
            try c.encode(parts, forKey: .parts)
            try c.encode(textAnalysis, forKey: .textAnalysis)
            try c.encodeIfPresent(trackData, forKey: .trackData)
        }
    }

    struct Info: Encodable {
        var campaignId: String
        var totalPhoneNumbers: Int
        var totalValid: Int
        var totalInvalid: Int
        var totalCost: Double
        var totalParts: Int
        var dlrCallbackUrl: String?
        var phoneNumbersByCountry: [String: Int]
        var scheduled: Bool
        var invalid: [String]?
    }

    struct SendResponse: Encodable {
        var info: Info
        var data: [DataSms]
    }

    struct DLRItem: Encodable {
        var campaignId: String
        var msgId: String
        var statusCode: Int
        var status: String
        var errorCode: Int?
        var datetime: String
        var trackData: String?

        enum CodingKeys: String, CodingKey { case campaignId, msgId, statusCode, status, errorCode, datetime, trackData }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(campaignId, forKey: .campaignId)
            try c.encode(msgId, forKey: .msgId)
            try c.encode(statusCode, forKey: .statusCode)
            try c.encode(status, forKey: .status)
            try c.encode(errorCode, forKey: .errorCode)
            try c.encode(datetime, forKey: .datetime)
            try c.encodeIfPresent(trackData, forKey: .trackData)
        }
    }

    struct InboundItem: Encodable {
        var msgId: String
        var from: String
        var countryIso: String?
        var to: String
        var text: String
        var cost: Double
        var receivedAt: String
    }

    struct Webhook<Item: Encodable>: Encodable {
        var event: String
        var data: [Item]
    }
}

extension SMSCXSimWire.SendResponse {
    /// The same text as `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes` (the send
    /// answer is written per send, and `JSONEncoder` dominated the simulation's cost); nil when
    /// a number is not finite (`JSONEncoder` fails there too).
    var json: String? {
        guard info.totalCost.isFinite, data.allSatisfy({ $0.cost.isFinite }) else { return nil }
        typealias Text = SMSCXSimWire.EncoderText
        var out = "{\"data\":["
        out.reserveCapacity(120 + data.count * 400)
        for (index, item) in data.enumerated() {
            if index > 0 { out += "," }
            // One append per piece: `a + b + c` chains built a temporary string per `+`.
            out += "{\"cost\":"
            out += Text.number(item.cost)
            out += ",\"countryIso\":"
            if let country = item.countryIso { JSONString.append(country, to: &out) } else { out += "null" }
            out += ",\"createdAt\":"
            JSONString.append(item.createdAt, to: &out)
            out += ",\"errorCode\":"
            if let errorCode = item.errorCode { out += String(errorCode) } else { out += "null" }
            out += ",\"from\":"
            JSONString.append(item.from, to: &out)
            out += item.inQuietHours ? ",\"inQuietHours\":true,\"msgId\":" : ",\"inQuietHours\":false,\"msgId\":"
            JSONString.append(item.msgId, to: &out)
            out += ",\"parts\":"
            out += String(item.parts)
            out += ",\"status\":"
            JSONString.append(item.status, to: &out)
            out += ",\"statusCode\":"
            out += String(item.statusCode)
            out += ",\"text\":"
            JSONString.append(item.text, to: &out)
            let analysis = item.textAnalysis
            out += ",\"textAnalysis\":{\"length\":"
            out += String(analysis.length)
            out += ",\"parts\":"
            out += String(analysis.parts)
            out += analysis.unicode ? ",\"unicode\":true},\"to\":" : ",\"unicode\":false},\"to\":"
            JSONString.append(item.to, to: &out)
            if let trackData = item.trackData {
                out += ",\"trackData\":"
                JSONString.append(trackData, to: &out)
            }
            out += "}"
        }
        out += "],\"info\":{\"campaignId\":"
        JSONString.append(info.campaignId, to: &out)
        if let url = info.dlrCallbackUrl {
            out += ",\"dlrCallbackUrl\":"
            JSONString.append(url, to: &out)
        }
        if let invalid = info.invalid {
            out += ",\"invalid\":["
            for (index, number) in invalid.enumerated() {
                if index > 0 { out += "," }
                JSONString.append(number, to: &out)
            }
            out += "]"
        }
        out += ",\"phoneNumbersByCountry\":{"
        let countries = info.phoneNumbersByCountry.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (index, country) in countries.enumerated() {
            if index > 0 { out += "," }
            JSONString.append(country, to: &out)
            out += ":" + String(info.phoneNumbersByCountry[country] ?? 0)
        }
        out += "},\"scheduled\":" + (info.scheduled ? "true" : "false")
        out += ",\"totalCost\":" + Text.number(info.totalCost) + ",\"totalInvalid\":" + String(info.totalInvalid)
            + ",\"totalParts\":" + String(info.totalParts) + ",\"totalPhoneNumbers\":" + String(info.totalPhoneNumbers)
            + ",\"totalValid\":" + String(info.totalValid) + "}}"
        return out
    }
}

extension SMSCXSimWire {
    /// Numbers as `JSONEncoder` writes them (strings: ``JSONString/append(_:to:)``).
    enum EncoderText {
        /// A finite `Double`: its shortest description without a trailing `.0`.
        static func number(_ value: Double) -> String {
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            return text
        }
    }
}
