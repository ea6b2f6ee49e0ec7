/// JSON shapes of the SMS.CX API (reference §2), named as on the wire.
enum SMSCXWire {
    /// `to`: one number or a list.
    enum Recipients: Encodable, Equatable {
        case one(String)
        case many([String])

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .one(let number): try c.encode(number)
            case .many(let numbers): try c.encode(numbers)
            }
        }
    }

    /// `transliteration` object.
    struct Transliteration: Encodable, Equatable {
        var alphabet: String
        var removeEmojis: Bool
    }

    /// Body of `POST /sms`.
    struct SendRequest: Encodable {
        var to: Recipients
        var from: String
        var text: String
        var idempotencyId: String
        var dlrCallbackUrl: String?
        var trackData: String?
        var allowInvalid: Bool?
        var transliteration: Transliteration?
    }

    /// 200 answer of `POST /sms`.
    struct SendResponse: Decodable {
        var info: Info?
        var data: [DataSms]?
    }

    /// `info`.
    struct Info: Decodable {
        var campaignId: String?
        var totalPhoneNumbers: Int?
        var totalValid: Int?
        var totalInvalid: Int?
        var totalCost: Double?
        var totalParts: Int?
        var invalid: [String]?
    }

    /// One `data[]` entry.
    struct DataSms: Decodable {
        var msgId: String?
        var status: String
        var statusCode: Int?
        var errorCode: Int?
        var cost: Double?
        var to: String
        var parts: Int?
        var trackData: String?
    }

    /// `{"error":{type,code,message,uri,invalid?}, "invalid"?}`.
    struct ErrorResponse: Decodable {
        struct Body: Decodable {
            var type: String?
            var code: Int?
            var message: String?
            var invalid: [String]?
        }
        var error: Body
        var invalid: [String]?

        /// Invalid numbers from either place (`error.invalid` or top-level `invalid`).
        var invalidNumbers: [String] { (error.invalid ?? []) + (invalid ?? []) }
    }

    /// 200 answer of `POST /oauth/token`.
    struct TokenResponse: Decodable {
        var access_token: String
        var expires_in: Int?
        var token_type: String?
    }

    /// `GET /account/balance`.
    struct Balance: Decodable {
        var balance: Double
        var currency: String?
        var billing: String?
    }

    /// `GET /account/channels/status`.
    struct ChannelsStatus: Decodable {
        var sms: Bool
    }

    /// Webhook envelope `{"event": …, "data": [ … ]}`.
    struct WebhookEnvelope: Decodable {
        var event: String
    }

    /// `dlr_update` envelope.
    struct DLRUpdate: Decodable {
        struct Item: Decodable {
            var campaignId: String?
            var msgId: String
            var statusCode: Int?
            var status: String
            var errorCode: Int?
            var datetime: String?
            var trackData: String?
        }
        var data: [Item]
    }

    /// `receive_sms` envelope.
    struct ReceiveSMS: Decodable {
        struct Item: Decodable {
            var msgId: String
            var from: String
            var countryIso: String?
            var to: String
            var text: String
            var cost: Double?
            var receivedAt: String?
        }
        var data: [Item]
    }
}
