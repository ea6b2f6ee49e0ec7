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
