import Hummingbird
import Logging
import Switchboard

/// `GET|POST /webhooks/{provider}/receipts` and `/webhooks/{provider}/inbound`: delivery
/// receipts and inbound messages, parsed and signature-checked by the provider's plugin, then
/// recorded by the router (de-duplicated, so redeliveries change nothing).
///
/// Answers: 200 `{"events": n}` when recorded (every provider takes 200: Vonage and KPN want
/// 200/204, SMS.CX and Bandwidth any 2xx); 401 for a missing or bad signature (or Bandwidth
/// Basic credentials); 400 for a body the provider would not send; 404 for an unknown provider
/// id; 413 over the size limit; 503 when the log cannot record it, so the provider retries.
struct WebhookRoutes: Sendable {
    let router: MessageRouter
    let maxBodyBytes: Int
    let logger: Logger

    func register<Context: RequestContext>(on group: RouterGroup<Context>) {
        for kind in ["receipts", "inbound"] {
            group.get(":provider/\(kind)") { request, context in
                try await self.handle(request, provider: context.parameters.get("provider") ?? "", path: "/" + kind)
            }
            group.post(":provider/\(kind)") { request, context in
                try await self.handle(request, provider: context.parameters.get("provider") ?? "", path: "/" + kind)
            }
        }
    }

    func handle(_ request: Request, provider: String, path: String) async throws(APIError) -> Response {
        let id = ProviderID(provider)
        guard router.table.index(of: id) != nil else {
            throw APIError.notFound("no provider '\(provider.prefix(40))' in the rules", fix: "use a provider id from providers.yaml in the webhook URL")
        }
        let body = try await HTTPExchange.body(of: request, limit: maxBodyBytes)
        var headers = Switchboard.HTTPHeaders()
        for field in request.headers { headers.add(name: field.name.rawName, value: field.value) }
        let webhook = WebhookRequest(method: request.method.rawValue, path: path, query: HTTPExchange.query(of: request),
                                     headers: headers, body: body)
        let events: [ProviderEvent]
        do {
            events = try await router.handleWebhook(provider: id, request: webhook)
        } catch let error as WebhookError {
            logger.warning("webhook refused", metadata: ["provider": "\(provider)", "path": "\(path)", "reason": "\(error)"])
            switch error {
            case .badSignature(let message):
                throw APIError(.unauthorized, kind: "badSignature", message: message,
                               fix: "check the provider's signature secret (or Basic credentials) in providers.yaml")
            case .malformed(let message):
                throw APIError(.badRequest, kind: "malformed", message: message)
            case .unsupported(let message):
                throw APIError(.unprocessableContent, kind: "unsupported", message: message)
            }
        } catch {
            logger.error("webhook not recorded", metadata: ["provider": "\(provider)", "error": "\(error)"])
            throw APIError(.serviceUnavailable, kind: "logUnavailable", message: "the webhook could not be recorded; retry later")
        }
        logger.debug("webhook recorded", metadata: ["provider": "\(provider)", "path": "\(path)", "events": "\(events.count)"])
        return HTTPExchange.json(.object(["events": .int(Int64(events.count))]))
    }
}
