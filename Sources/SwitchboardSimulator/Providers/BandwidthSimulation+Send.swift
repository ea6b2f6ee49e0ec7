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
        var json: Any { ["category": category, "code": code, "message": message, "details": [Any]()] }
    }

    /// `POST /v1/users/{userId}/messages`: one object → 201 + Location, an array → 202 + results.
    func send(_ request: SimulatorRequest, userID: String, context: SimulatorContext) -> SimulatorResponse {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(request.body)) else {
            return Self.error(400, "bad-request", "invalid-json", "The request body is not valid JSON")
        }
        if let object = parsed as? [String: Any] {
            switch accept(object, userID: userID, context: context) {
            case .success(let location):
                return SimulatorResponse(status: 201, headers: [("Location", location)])
            case .failure(let failure):
                return failure.response
            }
        }
        guard let array = parsed as? [Any] else {
            return Self.error(400, "bad-request", "validation-error", "The body must be a message object or an array of them")
        }
        guard !array.isEmpty else {
            return Self.error(400, "bad-request", "validation-error", "The message array is empty")
        }
        guard array.count <= Self.maxBatchSize else {
            return Self.error(403, "limit", "multi-message-limit",
                              "You can send at most \(Self.maxBatchSize) messages in one request")
        }
        let results: [Any] = array.map { item in
            guard let object = item as? [String: Any] else {
                return ["result": "error", "error": Failure(status: 400, category: "bad-request", code: "validation-error",
                                                             message: "Each item must be a message object").json]
            }
            switch accept(object, userID: userID, context: context) {
            case .success(let location): return ["result": "accepted", "location": location]
            case .failure(let failure): return ["result": "error", "error": failure.json]
            }
        }
        return SimulatorResponse(status: 202, headers: [("Content-Type", "application/json")],
                                 body: SimulatorJSON.bytes(results) ?? Array("[]".utf8))
    }

    /// Validates, charges and schedules the receipt of one message; returns its Location.
    func accept(_ object: [String: Any], userID: String, context: SimulatorContext) -> Result<String, Failure> {
        func blank(_ name: String) -> Failure {
            Failure(status: 400, category: "bad-request", code: "blank-property",
                    message: "The 'message' resource property '\(name)' must contain at least one non-whitespace character")
        }
        func invalid(_ message: String) -> Failure {
            Failure(status: 400, category: "bad-request", code: "validation-error", message: message)
        }
        let string = { (key: String) -> String? in
            (object[key] as? String).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        guard let from = string("from") else { return .failure(blank("from")) }
        guard let to = string("to") else { return .failure(blank("to")) }
        guard let text = object["text"] as? String, !text.isEmpty else { return .failure(blank("text")) }
        // `from` must be one of the account's numbers: E.164 or a short code (the simulator owns them all).
        guard Self.isE164(from) || (from.count >= 5 && from.count <= 6 && from.allSatisfy(\.isNumber)) else {
            return .failure(Failure(status: 401, category: "authorization", code: "number-access-denied",
                                    message: "The user does not have access to the number '\(from)'"))
        }
        guard Self.isE164(to) else { return .failure(invalid("The 'to' number '\(to)' is not a valid E.164 number")) }
        guard text.count <= 2048 else { return .failure(invalid("The 'text' is longer than 2048 characters")) }
        let receipt = (object["receiptRequested"] as? String) ?? "none"
        guard ["none", "all", "error"].contains(receipt) else {
            return .failure(invalid("'receiptRequested' must be none, all or error"))
        }
        let method = ((object["callbackHttpMethod"] as? String) ?? "POST").uppercased()
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
                segmentCount: segments, tag: object["tag"] as? String)
            context.schedule(ScheduledCallback(request: event.request(url: url, method: method), delay: context.receiptDelay))
        }
        return .success(uri)
    }

    static func isE164(_ text: String) -> Bool {
        text.hasPrefix("+") && (8...16).contains(text.count) && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
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
