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
    var json: String? { jsonBytes.map { String(decoding: $0, as: UTF8.self) } }

    /// ``json`` as UTF-8 bytes, written directly (what the answer's body is).
    var jsonBytes: [UInt8]? {
        guard info.totalCost.isFinite, data.allSatisfy({ $0.cost.isFinite }) else { return nil }
        typealias Text = SMSCXSimWire.EncoderText
        var out: [UInt8] = []
        out.reserveCapacity(240 + data.reduce(0) { $0 + 300 + $1.text.utf8.count })
        out.append(contentsOf: "{\"data\":[".utf8)
        for (index, item) in data.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "{\"cost\":".utf8)
            Text.append(item.cost, to: &out)
            out.append(contentsOf: ",\"countryIso\":".utf8)
            if let country = item.countryIso { JSONString.append(country, to: &out) } else { out.append(contentsOf: "null".utf8) }
            out.append(contentsOf: ",\"createdAt\":".utf8)
            JSONString.append(item.createdAt, to: &out)
            out.append(contentsOf: ",\"errorCode\":".utf8)
            if let errorCode = item.errorCode { Text.append(errorCode, to: &out) } else { out.append(contentsOf: "null".utf8) }
            out.append(contentsOf: ",\"from\":".utf8)
            JSONString.append(item.from, to: &out)
            out.append(contentsOf: (item.inQuietHours ? ",\"inQuietHours\":true,\"msgId\":" : ",\"inQuietHours\":false,\"msgId\":").utf8)
            JSONString.append(item.msgId, to: &out)
            out.append(contentsOf: ",\"parts\":".utf8)
            Text.append(item.parts, to: &out)
            out.append(contentsOf: ",\"status\":".utf8)
            JSONString.append(item.status, to: &out)
            out.append(contentsOf: ",\"statusCode\":".utf8)
            Text.append(item.statusCode, to: &out)
            out.append(contentsOf: ",\"text\":".utf8)
            JSONString.append(item.text, to: &out)
            let analysis = item.textAnalysis
            out.append(contentsOf: ",\"textAnalysis\":{\"length\":".utf8)
            Text.append(analysis.length, to: &out)
            out.append(contentsOf: ",\"parts\":".utf8)
            Text.append(analysis.parts, to: &out)
            out.append(contentsOf: (analysis.unicode ? ",\"unicode\":true},\"to\":" : ",\"unicode\":false},\"to\":").utf8)
            JSONString.append(item.to, to: &out)
            if let trackData = item.trackData {
                out.append(contentsOf: ",\"trackData\":".utf8)
                JSONString.append(trackData, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "],\"info\":{\"campaignId\":".utf8)
        JSONString.append(info.campaignId, to: &out)
        if let url = info.dlrCallbackUrl {
            out.append(contentsOf: ",\"dlrCallbackUrl\":".utf8)
            JSONString.append(url, to: &out)
        }
        if let invalid = info.invalid {
            out.append(contentsOf: ",\"invalid\":[".utf8)
            for (index, number) in invalid.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.append(number, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: ",\"phoneNumbersByCountry\":{".utf8)
        let countries = info.phoneNumbersByCountry.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (index, (country, count)) in countries.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.append(country, to: &out)
            out.append(UInt8(ascii: ":"))
            Text.append(count, to: &out)
        }
        out.append(contentsOf: (info.scheduled ? "},\"scheduled\":true" : "},\"scheduled\":false").utf8)
        out.append(contentsOf: ",\"totalCost\":".utf8)
        Text.append(info.totalCost, to: &out)
        out.append(contentsOf: ",\"totalInvalid\":".utf8)
        Text.append(info.totalInvalid, to: &out)
        out.append(contentsOf: ",\"totalParts\":".utf8)
        Text.append(info.totalParts, to: &out)
        out.append(contentsOf: ",\"totalPhoneNumbers\":".utf8)
        Text.append(info.totalPhoneNumbers, to: &out)
        out.append(contentsOf: ",\"totalValid\":".utf8)
        Text.append(info.totalValid, to: &out)
        out.append(contentsOf: "}}".utf8)
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

        /// Appends ``number(_:)`` of `value`; a whole value under 2^53 as its integer digits.
        static func append(_ value: Double, to out: inout [UInt8]) {
            // Whole and below 2^53: the description is the integer's digits and ".0" (Swift
            // switches to exponent notation only from 2^53 on).
            if value == value.rounded(.towardZero), value.magnitude < 0x1p53 {
                if value.sign == .minus { out.append(UInt8(ascii: "-")) }
                SimulatorFormat.appendDecimal(UInt64(value.magnitude), to: &out)
                return
            }
            out.append(contentsOf: number(value).utf8)
        }

        /// Appends an integer in decimal.
        static func append(_ value: Int, to out: inout [UInt8]) {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            SimulatorFormat.appendDecimal(UInt64(value.magnitude), to: &out)
        }
    }
}
