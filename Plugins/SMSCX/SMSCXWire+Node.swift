import Switchboard

// The send answer read from a parsed document (no JSONDecoder on the hot path). As with
// Decodable, `data[].status` and `data[].to` must be strings; optional fields of another type
// than expected make the answer unreadable too.
extension SMSCXWire.SendResponse {
    /// Reads `{"info": {...}, "data": [...]}`; nil when the shape is wrong.
    init?(node: JSONNode) {
        guard node.members != nil else { return nil }
        info = nil
        data = nil
        if let value = node["info"], !value.isNull {
            guard let info = SMSCXWire.Info(node: value) else { return nil }
            self.info = info
        }
        if let value = node["data"], !value.isNull {
            guard let entries = value.array else { return nil }
            var data: [SMSCXWire.DataSms] = []
            data.reserveCapacity(entries.count)
            for entry in entries {
                guard let sms = SMSCXWire.DataSms(node: entry) else { return nil }
                data.append(sms)
            }
            self.data = data
        }
    }
}

extension SMSCXWire.Info {
    init?(node: JSONNode) {
        guard node.members != nil,
              let campaignId = SMSCXWire.field(node["campaignId"], \.string),
              let totalPhoneNumbers = SMSCXWire.field(node["totalPhoneNumbers"], \.int),
              let totalValid = SMSCXWire.field(node["totalValid"], \.int),
              let totalInvalid = SMSCXWire.field(node["totalInvalid"], \.int),
              let totalCost = SMSCXWire.field(node["totalCost"], \.double),
              let totalParts = SMSCXWire.field(node["totalParts"], \.int)
        else { return nil }
        var invalid: [String]?
        if let list = node["invalid"], !list.isNull {
            guard let items = list.array, items.allSatisfy({ $0.string != nil }) else { return nil }
            invalid = items.compactMap(\.string)
        }
        self.init(campaignId: campaignId, totalPhoneNumbers: totalPhoneNumbers, totalValid: totalValid,
                  totalInvalid: totalInvalid, totalCost: totalCost, totalParts: totalParts, invalid: invalid)
    }
}

extension SMSCXWire.DataSms {
    init?(node: JSONNode) {
        guard node.members != nil, let status = node["status"]?.string, let to = node["to"]?.string,
              let msgId = SMSCXWire.field(node["msgId"], \.string),
              let statusCode = SMSCXWire.field(node["statusCode"], \.int),
              let errorCode = SMSCXWire.field(node["errorCode"], \.int),
              let cost = SMSCXWire.field(node["cost"], \.double),
              let parts = SMSCXWire.field(node["parts"], \.int),
              let trackData = SMSCXWire.field(node["trackData"], \.string)
        else { return nil }
        self.init(msgId: msgId, status: status, statusCode: statusCode, errorCode: errorCode, cost: cost, to: to,
                  parts: parts, trackData: trackData)
    }
}

extension SMSCXWire {
    /// An optional field: `.some(nil)` when absent or null, `.some(value)` when it reads as
    /// the type, nil (unreadable) when it is there with another type.
    static func field<T>(_ node: JSONNode?, _ read: (JSONNode) -> T?) -> T?? {
        guard let node, !node.isNull else { return .some(nil) }
        guard let value = read(node) else { return nil }
        return .some(value)
    }
}

extension SMSCXWire.SendRequest {
    /// The body as JSON, written by hand (JSONEncoder costs microseconds per request): the same
    /// members as the Encodable form, absent optionals left out, slashes not escaped.
    var jsonBody: [UInt8] {
        var out = "{\"to\":"
        switch to {
        case .one(let number):
            JSONString.append(number, to: &out)
        case .many(let numbers):
            out += "["
            for (i, number) in numbers.enumerated() {
                if i > 0 { out += "," }
                JSONString.append(number, to: &out)
            }
            out += "]"
        }
        out += ",\"from\":"
        JSONString.append(from, to: &out)
        out += ",\"text\":"
        JSONString.append(text, to: &out)
        out += ",\"idempotencyId\":"
        JSONString.append(idempotencyId, to: &out)
        if let dlrCallbackUrl {
            out += ",\"dlrCallbackUrl\":"
            JSONString.append(dlrCallbackUrl, to: &out)
        }
        if let trackData {
            out += ",\"trackData\":"
            JSONString.append(trackData, to: &out)
        }
        if let allowInvalid { out += ",\"allowInvalid\":" + (allowInvalid ? "true" : "false") }
        if let transliteration {
            out += ",\"transliteration\":{\"alphabet\":"
            JSONString.append(transliteration.alphabet, to: &out)
            out += ",\"removeEmojis\":" + (transliteration.removeEmojis ? "true" : "false") + "}"
        }
        out += "}"
        return Array(out.utf8)
    }
}
