import Foundation
import Switchboard

extension BandwidthSimulation {
    /// A failed message: HTTP status and the error body's fields.
    struct Failure: Error {
        var status: Int
        var category: String
        var code: String
        var message: String

        var response: SimulatorResponse { BandwidthSimulation.error(status, category, code, message) }

        /// `{"category":…,"code":…,"details":[],"message":…}` (keys sorted).
        func append(to out: inout String) {
            out += "{\"category\":"
            JSONString.append(category, to: &out)
            out += ",\"code\":"
            JSONString.append(code, to: &out)
            out += ",\"details\":[],\"message\":"
            JSONString.append(message, to: &out)
            out += "}"
        }
    }

    /// `POST /v1/users/{userId}/messages`: one object → 201 + Location, an array → 202 + results.
    func send(_ request: SimulatorRequest, userID: String, context: SimulatorContext) -> SimulatorResponse {
        // JSONNode, not JSONSerialization (which dominated a send's cost); like
        // JSONSerialization without `.fragmentsAllowed`, a bare scalar is not accepted as JSON.
        guard let parsed = try? JSONNode(parsing: request.body), parsed.members != nil || parsed.array != nil else {
            return Self.error(400, "bad-request", "invalid-json", "The request body is not valid JSON")
        }
        if parsed.members != nil {
            switch accept(parsed, userID: userID, context: context) {
            case .success(let location):
                return SimulatorResponse(status: 201, headers: [("Location", location)])
            case .failure(let failure):
                return failure.response
            }
        }
        guard let array = parsed.array else {
            return Self.error(400, "bad-request", "validation-error", "The body must be a message object or an array of them")
        }
        guard !array.isEmpty else {
            return Self.error(400, "bad-request", "validation-error", "The message array is empty")
        }
        guard array.count <= Self.maxBatchSize else {
            return Self.error(403, "limit", "multi-message-limit",
                              "You can send at most \(Self.maxBatchSize) messages in one request")
        }
        // The results written directly, keys sorted (the text SimulatorJSON wrote for the same values).
        var out = "["
        out.reserveCapacity(2 + array.count * 110)
        for (index, item) in array.enumerated() {
            if index > 0 { out += "," }
            let result: Result<String, Failure> = item.members == nil
                ? .failure(Failure(status: 400, category: "bad-request", code: "validation-error",
                                   message: "Each item must be a message object"))
                : accept(item, userID: userID, context: context)
            switch result {
            case .success(let location):
                out += "{\"location\":"
                JSONString.append(location, to: &out)
                out += ",\"result\":\"accepted\"}"
            case .failure(let failure):
                out += "{\"error\":"
                failure.append(to: &out)
                out += ",\"result\":\"error\"}"
            }
        }
        out += "]"
        return SimulatorResponse(status: 202, headers: [("Content-Type", "application/json")], body: Array(out.utf8))
    }

    /// Validates, charges and schedules the receipt of one message; returns its Location.
    func accept(_ object: JSONNode, userID: String, context: SimulatorContext) -> Result<String, Failure> {
        func blank(_ name: String) -> Failure {
            Failure(status: 400, category: "bad-request", code: "blank-property",
                    message: "The 'message' resource property '\(name)' must contain at least one non-whitespace character")
        }
        func invalid(_ message: String) -> Failure {
            Failure(status: 400, category: "bad-request", code: "validation-error", message: message)
        }
        let string = { (key: String) -> String? in
            object[key]?.string.flatMap { Self.isBlank($0) ? nil : $0 }
        }
        guard let from = string("from") else { return .failure(blank("from")) }
        guard let to = string("to") else { return .failure(blank("to")) }
        guard let text = object["text"]?.string, !text.isEmpty else { return .failure(blank("text")) }
        // `from` must be one of the account's numbers: E.164 or a short code (the simulator owns them all).
        guard Self.isE164(from) || (from.count >= 5 && from.count <= 6 && from.allSatisfy(\.isNumber)) else {
            return .failure(Failure(status: 401, category: "authorization", code: "number-access-denied",
                                    message: "The user does not have access to the number '\(from)'"))
        }
        guard Self.isE164(to) else { return .failure(invalid("The 'to' number '\(to)' is not a valid E.164 number")) }
        guard text.utf8.count <= 2048 || text.count <= 2048 else { return .failure(invalid("The 'text' is longer than 2048 characters")) }
        let receipt = object["receiptRequested"]?.string ?? "none"
        guard ["none", "all", "error"].contains(receipt) else {
            return .failure(invalid("'receiptRequested' must be none, all or error"))
        }
        let method = (object["callbackHttpMethod"]?.string ?? "POST").uppercased()
        guard method == "GET" || method == "POST" else { return .failure(invalid("'callbackHttpMethod' must be GET or POST")) }
        let callbackURL = string("callbackUrl")
        if let callbackURL, !(callbackURL.hasPrefix("http://") || callbackURL.hasPrefix("https://")) {
            return .failure(Failure(status: 400, category: "bad-request", code: "callback-invalid-url",
                                    message: "The callbackUrl '\(callbackURL)' is not a valid URL"))
        }
        let segments = SMSTextAnalysis(text).segments
        guard context.charge(context.pricePerSegment * Double(segments)) else {
            return .failure(Failure(status: 403, category: "credit", code: "insufficient-available-balance",
                                    message: "The account does not have enough available balance"))
        }
        let id = Self.messageID(context.nextMessageID())
        let uri = "\(context.baseURL)/v1/users/\(userID)/messages/\(id)"
        let delivered = context.drawDelivered()
        if receipt == "all" || (receipt == "error" && !delivered), let url = callbackURL ?? context.defaultCallbackURL {
            let event = BandwidthSimulatedEvent(
                eventType: "sms", direction: "out", messageId: id, messageUri: uri, from: from, to: to, text: text,
                applicationId: nil, time: Self.timestamp(context.now() + context.receiptDelay),
                state: delivered ? "sent" : "error", deliveryState: delivered ? "delivered" : "not-delivered",
                deliveryCode: delivered ? "0" : "650",
                deliveryDescription: delivered ? "Message Delivered to Carrier" : "Destination Failure",
                segmentCount: segments, tag: object["tag"]?.string)
            context.schedule(ScheduledCallback(request: event.request(url: url, method: method), delay: context.receiptDelay))
        }
        return .success(uri)
    }

    /// `+` and 7–15 ASCII digits (by bytes: any other byte makes it false, as it did by characters).
    static func isE164(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.first == UInt8(ascii: "+") && (8...16).contains(bytes.count)
            && bytes.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Whether `text` is empty once `CharacterSet.whitespaces` is trimmed; any ASCII byte other
    /// than space or tab answers false without asking Foundation.
    static func isBlank(_ text: String) -> Bool {
        let decided = text.utf8.contains { $0 < 0x80 && $0 != 0x20 && $0 != 0x09 }
        return decided ? false : text.trimmingCharacters(in: .whitespaces).isEmpty
    }
}

/// A v1 SMS callback event as Bandwidth sends it (reference §4.5).
struct BandwidthSimulatedEvent: Encodable {
    var eventType: String
    var direction: String
    var messageId: String
    var messageUri: String
    var from: String
    var to: String
    var text: String
    var applicationId: String?
    var time: String
    var state: String
    var deliveryState: String?
    var deliveryCode: String?  // the docs' example types it as a string
    var deliveryDescription: String?
    var segmentCount: Int
    var tag: String?

    /// POST JSON (`application/json; charset=utf-8`) or GET with the fields as a query string.
    func request(url: String, method: String) -> HTTPRequest {
        var headers: HTTPHeaders = ["User-Agent": "BandwidthAPI/v1 (Switchboard simulator)"]
        if method == "GET" {
            var pairs: [(String, String)] = [("eventType", eventType), ("direction", direction), ("messageId", messageId),
                                             ("messageUri", messageUri), ("from", from), ("to", to), ("text", text),
                                             ("time", time), ("state", state), ("segmentCount", String(segmentCount))]
            if let applicationId { pairs.append(("applicationId", applicationId)) }
            if let deliveryState { pairs.append(("deliveryState", deliveryState)) }
            if let deliveryCode { pairs.append(("deliveryCode", deliveryCode)) }
            if let deliveryDescription { pairs.append(("deliveryDescription", deliveryDescription)) }
            if let tag { pairs.append(("tag", tag)) }
            let separator = url.contains("?") ? "&" : "?"
            return HTTPRequest(method: .get, url: url + separator + FormEncoding.encode(pairs), headers: headers)
        }
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let body = (try? encoder.encode(self)).map { Array($0) } ?? []
        return HTTPRequest(method: .post, url: url, headers: headers, body: body)
    }
}
