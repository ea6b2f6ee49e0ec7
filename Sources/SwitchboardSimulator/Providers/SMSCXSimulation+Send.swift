import Foundation
import Switchboard

extension SMSCXSimulation {
    /// The transliteration alphabets the API accepts (error 1110 otherwise).
    static let alphabets: Set<String> = [
        "NONE", "NON_GSM", "POLISH", "TURKISH", "GREEK", "ROMANIAN", "RUSSIAN_CYRILLIC", "BULGARIAN_CYRILLIC",
        "UKRAINIAN_CYRILLIC", "BELARUSIAN_CYRILLIC", "SERBIAN_CYRILLIC", "MACEDONIAN_CYRILLIC",
    ]

    /// `POST /sms`: validates like the real API, replays idempotent answers, charges, answers
    /// `{info, data[]}` and schedules batched `dlr_update` webhooks.
    func send(_ request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse {
        // JSONNode, not JSONSerialization: parsing the body was most of a send's cost.
        guard let object = try? JSONNode(parsing: request.body), object.members != nil else {
            return Self.error(400, "invalid_body", 1101, "The request body is not valid JSON")
        }
        var idempotencyID: String?
        if let value = object["idempotencyId"] {
            guard let text = value.string, Self.isUUIDv1to5(text) else {
                return Self.error(400, "invalid_param", 1111, "idempotencyId must be a valid UUID v1-v5")
            }
            idempotencyID = text
            if let previous = state.withLock({ $0.answers[text] }) { return previous }
        }
        let numbers: [String]
        if let one = object["to"]?.string {
            numbers = one.isEmpty ? [] : [one]
        } else if let many = object["to"]?.array, let strings = Self.strings(many) {
            numbers = strings
        } else {
            numbers = []
        }
        guard !numbers.isEmpty else { return Self.error(400, "invalid_param", 1104, "Parameter to is empty") }
        guard numbers.count <= Self.maxRecipients else {
            return Self.error(400, "invalid_param", 1103, "Too many phone numbers (max 25000)")
        }
        guard let from = object["from"]?.string, !from.isEmpty else {
            return Self.error(400, "invalid_param", 1105, "Parameter from is empty")
        }
        guard (3...15).contains(from.count) else {
            return Self.error(400, "invalid_param", 1106, "Parameter from must be 3-15 characters")
        }
        guard let text = object["text"]?.string, !text.isEmpty else {
            return Self.error(400, "invalid_param", 1107, "Parameter text is empty")
        }
        if let url = object["dlrCallbackUrl"] {
            guard let url = url.string, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                return Self.error(400, "invalid_param", 1109, "Invalid dlrCallbackUrl")
            }
        }
        if let transliteration = object["transliteration"] {
            guard transliteration.members != nil else {
                return Self.error(400, "invalid_param", 1135, "transliteration must be an object")
            }
            guard let alphabet = transliteration["alphabet"]?.string, Self.alphabets.contains(alphabet) else {
                return Self.error(400, "invalid_param", 1110, "Invalid alphabet. Allowed: \(Self.alphabets.sorted().joined(separator: ", "))")
            }
            if let remove = transliteration["removeEmojis"], remove.bool == nil {
                return Self.error(400, "invalid_param", 1503, "removeEmojis must be a boolean")
            }
        }
        let allowInvalid = object["allowInvalid"]?.bool ?? false
        // Usually every number is valid: then `numbers` is `valid`, without filtering twice.
        let allValid = numbers.allSatisfy(Self.isE164)
        let invalid = allValid ? [] : numbers.filter { !Self.isE164($0) }
        if !invalid.isEmpty && !allowInvalid {
            // Single: error.invalid (README shape); several: top-level invalid (SDK model shape).
            return invalid.count == 1
                ? Self.error(400, "invalid_param", 1207, "Phone number invalid", errorInvalid: invalid)
                : Self.error(400, "invalid_param", 1210, "Phone numbers invalid", topInvalid: invalid)
        }
        let valid = allValid ? numbers : numbers.filter(Self.isE164)
        guard !valid.isEmpty else {
            return Self.error(400, "invalid_param", 1210, "Phone numbers invalid", topInvalid: invalid)
        }
        if numbers.count == 1, let only = valid.first, noCoveragePrefixes.contains(where: { only.hasPrefix($0) }) {
            return Self.error(403, "no_coverage", 1119, "No coverage for the destination")
        }
        let trackData = object["trackData"]?.string.flatMap { Self.isUUIDv1to5($0) ? $0 : nil }  // silently dropped
        let analysis = SMSTextAnalysis(text)
        let parts = analysis.segments
        let partCost = context.pricePerSegment * Double(parts)
        enum Verdict { case accepted, rejected, noCoverage }
        var acceptedCount = 0
        let verdicts: [Verdict] = valid.map { number in
            if !optedOut.isEmpty && optedOut.contains(number) { return .rejected }
            if noCoveragePrefixes.contains(where: { number.hasPrefix($0) }) { return .noCoverage }
            acceptedCount += 1
            return .accepted
        }
        let total = (partCost * Double(acceptedCount) * 10_000).rounded() / 10_000
        guard context.charge(total) else {
            return Self.error(400, "insufficient_credit", 1113, "Insufficient credit")
        }
        let now = Self.datetime(context.now())
        let campaignID = Self.messageID(context.nextMessageID())
        let dlrCallbackURL = object["dlrCallbackUrl"]?.string
        // Receipts are written only when they have somewhere to go.
        let callbackURL = dlrCallbackURL ?? context.defaultCallbackURL
        var data: [SMSCXSimWire.DataSms] = []
        data.reserveCapacity(valid.count)
        var receipts: [SMSCXSimWire.DLRItem] = []
        var byCountry: [String: Int] = [:]
        for (number, verdict) in zip(valid, verdicts) {
            let country = (try? PhoneNumber(parsing: number))?.country?.alpha2
            if let country { byCountry[country, default: 0] += 1 }
            let msgID = Self.messageID(context.nextMessageID())
            // Numeric status/error codes are not published ([INF] values).
            let (status, statusCode, errorCode, cost): (String, Int, Int?, Double) = switch verdict {
            case .accepted: ("ACCEPTED", 1, nil, partCost)
            case .rejected: ("REJECTED", 5, 5001, 0)
            case .noCoverage: ("NO COVERAGE", 6, 6001, 0)
            }
            data.append(SMSCXSimWire.DataSms(
                msgId: msgID, status: status, statusCode: statusCode, errorCode: errorCode, createdAt: now,
                inQuietHours: false, cost: (cost * 10_000).rounded() / 10_000, to: number, countryIso: country, from: from,
                text: text, parts: parts,
                textAnalysis: .init(length: analysis.length, unicode: analysis.encoding == .ucs2, parts: parts),
                trackData: trackData))
            if case .accepted = verdict, callbackURL != nil {
                let delivered = context.drawDelivered()
                receipts.append(SMSCXSimWire.DLRItem(
                    campaignId: campaignID, msgId: msgID, statusCode: delivered ? 3 : 4,
                    status: delivered ? "DELIVERED" : "FAILED", errorCode: delivered ? nil : 4001,
                    datetime: now, trackData: trackData))
            }
        }
        if let callbackURL {
            for start in stride(from: 0, to: receipts.count, by: Self.maxWebhookItems) {
                let chunk = Array(receipts[start..<min(start + Self.maxWebhookItems, receipts.count)])
                if let body = Self.encode(SMSCXSimWire.Webhook(event: "dlr_update", data: chunk)) {
                    context.schedule(ScheduledCallback(request: Self.webhookRequest(url: callbackURL, body: body),
                                                       delay: context.receiptDelay))
                }
            }
        }
        let info = SMSCXSimWire.Info(
            campaignId: campaignID, totalPhoneNumbers: numbers.count, totalValid: valid.count, totalInvalid: invalid.count,
            totalCost: total, totalParts: parts * acceptedCount, dlrCallbackUrl: dlrCallbackURL,
            phoneNumbersByCountry: byCountry, scheduled: false, invalid: invalid.isEmpty ? nil : invalid)
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"),
            ("X-Request-Id", Self.messageID(context.nextMessageID())), ("X-Response-Time", "2ms"),
            ("X-Rate-Limit-Limit", "100"), ("X-Rate-Limit-Remaining", "99"),
        ]
        if let idempotencyID { headers.append(("X-Idempotency-Id", idempotencyID)) }
        let answer = SMSCXSimWire.SendResponse(info: info, data: data)
        guard let body = answer.jsonBytes ?? Self.encode(answer).map({ Array($0.utf8) }) else {
            return Self.error(500, "server_error", 1006, "encoding")
        }
        let response = SimulatorResponse(status: 200, headers: headers, body: body)
        if let idempotencyID { state.withLock { $0.answers[idempotencyID] = response } }
        return response
    }

    /// The strings of an array of JSON strings; nil when an element is not a string (what
    /// `as? [String]` answered for a `JSONSerialization` array).
    static func strings(_ elements: [JSONNode]) -> [String]? {
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard let string = element.string else { return nil }
            strings.append(string)
        }
        return strings
    }

    /// `+` and 8–15 digits, not starting with 0.
    static func isE164(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.hasPrefix("+") && (8...15).contains(digits.count) && digits.first != UInt8(ascii: "0")
            && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Canonical UUID with version 1–5 and the RFC 4122 variant.
    ///
    /// Read by bytes, ASCII letters folded to lower case: a non-ASCII character is never a hex
    /// digit or `-`, and none lowercases to one, so this answers what checking the lowercased
    /// text did.
    static func isUUIDv1to5(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return false }
        var version: UInt8 = 0
        var variant: UInt8 = 0
        for (i, byte) in utf8.enumerated() {
            let c = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return false }
                continue
            }
            let isHex = (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
            guard isHex else { return false }
            if i == 14 { version = c } else if i == 19 { variant = c }
        }
        return (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(version) && "89ab".utf8.contains(variant)
    }
}
