import Foundation
import Hummingbird
import Switchboard

/// The REST API for apps in other languages (bearer token required):
///
/// - `POST /v1/messages` — send (`Message` JSON: `to`, `text`, `from`, `channel`, `tag`,
///   `idempotency_key`, `transliterate`, `default_country`; an `Idempotency-Key` header works
///   too). 201 with the result; 200 for a replay of the same idempotency key.
/// - `POST /v1/estimate` — what a send would do now, sending nothing.
/// - `GET /v1/messages` — list: `to`, `from`, `since`, `until`, `state`, `delivery_state`,
///   `provider`, `country`, `sort` (`asc`|`desc`), `limit` (1…1000), `cursor` (the previous
///   page's `next_cursor`).
/// - `GET /v1/messages/{id}` — one message with attempts, receipts and the decision trace.
struct MessageAPI: Sendable {
    let router: MessageRouter
    let maxBodyBytes: Int
    let inFlight: InFlightSends

    func register<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.post("messages") { request, _ in try await self.send(request) }
        group.post("estimate") { request, _ in try await self.estimate(request) }
        group.get("messages") { request, _ in try await self.list(request) }
        group.get("messages/:id") { _, context in try await self.message(context.parameters.get("id") ?? "") }
    }

    func send(_ request: Request) async throws(APIError) -> Response {
        let message = try await decodeMessage(request)
        let router = self.router
        let outcome = await inFlight.track { () async -> Result<DispatchResult, SendFailure> in
            do throws(SendFailure) { return .success(try await router.send(message)) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let result):
            return HTTPExchange.json(JSONValue(result), status: result.replayed ? .ok : .created,
                                     headers: [(.location, "/v1/messages/\(result.messageID)")])
        case .failure(let failure):
            throw APIError(failure)
        }
    }

    func estimate(_ request: Request) async throws(APIError) -> Response {
        let message = try await decodeMessage(request)
        do throws(SendFailure) {
            return HTTPExchange.json(JSONValue(try router.estimate(message)))
        } catch {
            throw APIError(error)
        }
    }

    func list(_ request: Request) async throws(APIError) -> Response {
        let (filter, cursor) = try MessageQuery.parse(HTTPExchange.query(of: request))
        let page: (records: [MessageRecord], next: MessageID?)
        do {
            page = try router.log.messagePage(filter: filter, after: cursor)
        } catch {
            throw APIError(.serviceUnavailable, kind: "logUnavailable", message: "the outcome log could not be read")
        }
        return HTTPExchange.json(.object([
            "messages": .array(page.records.map { JSONValue($0) }),
            "next_cursor": JSONValue(page.next?.description),
        ]))
    }

    func message(_ text: String) async throws(APIError) -> Response {
        guard let id = MessageID(text) else {
            throw APIError.invalidInput("'\(text.prefix(40))' is not a message id", fix: "use the 16-hex-digit id a send returned")
        }
        do {
            guard let record = try router.message(id: id) else {
                throw APIError.notFound("no message \(id)", fix: "check the id; GET /v1/messages lists messages")
            }
            return HTTPExchange.json(JSONValue(record, attempts: try router.log.attemptRecords(of: id),
                                               receipts: try router.log.receipts(of: id)))
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.serviceUnavailable, kind: "logUnavailable", message: "the outcome log could not be read")
        }
    }

    /// The body as a ``Message``, with a clear 400 for anything else.
    func decodeMessage(_ request: Request) async throws(APIError) -> Message {
        let body = try await HTTPExchange.body(of: request, limit: maxBodyBytes)
        guard !body.isEmpty else {
            throw APIError.invalidInput("the request body is empty", fix: #"send JSON like {"to": "+31612345678", "text": "hello"}"#)
        }
        var message: Message
        do {
            message = try JSONDecoder().decode(Message.self, from: Data(body))
        } catch let error as DecodingError {
            throw APIError.invalidInput(Self.describe(error), fix: #"send JSON like {"to": "+31612345678", "text": "hello"}"#)
        } catch {
            throw APIError.invalidInput("the body is not valid JSON")
        }
        if message.idempotencyKey == nil, let key = request.headers[.init("Idempotency-Key")!], !key.isEmpty {
            message.idempotencyKey = key
        }
        return message
    }

    /// A decoding error in words, naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            return "missing field '\(at)'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' should be \(type == String.self ? "a string" : "\(type)")"
        case .valueNotFound(_, let context):
            return "field '\(path(context.codingPath))' is null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "the body is not a valid message"
        }
    }
}
