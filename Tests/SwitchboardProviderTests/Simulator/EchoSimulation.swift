import Foundation
import Switchboard
import SwitchboardSimulator

/// A trivial test-only provider API used to prove the simulator core and the conformance
/// suite before (and independently of) the real provider simulations.
///
/// Wire format: `POST /send` with `Authorization: Bearer <key>` and a form body
/// (`to`, `text`, `callback`) → `200 {"id": "echo-N", "price": 0.05, "balance": 99.95}`;
/// `GET /account` → `200 {"balance": 99.95}`; `401` for a bad key; `402 insufficient_credit`.
/// Faults: throttled → 429 + `Retry-After: 2`; server error → 503; account problem → 402;
/// no coverage → 400 `no_coverage`; rejected → 400 `invalid_number`; expired token → 401.
/// Receipts: `POST <callback or default URL>` with `{"id": ..., "status": "delivered"|"failed"}`.
/// Inbound: `POST <url>` with `{"id": ..., "from": ..., "to": ..., "text": ...}`.
struct EchoSimulation: SimulatedProvider {
    static let kind = "echo"

    func isSend(_ request: SimulatorRequest) -> Bool { request.method == "POST" && request.path == "/send" }

    private func authorized(_ request: SimulatorRequest, _ context: SimulatorContext) -> Bool {
        request.headers["authorization"] == "Bearer \(context.credentials.key)"
    }

    func handle(_ request: SimulatorRequest, context: SimulatorContext) async -> SimulatorResponse {
        switch (request.method, request.path) {
        case ("GET", "/account"):
            guard authorized(request, context) else { return .json(401, #"{"error":"unauthorized"}"#) }
            return .json(200, #"{"balance":\#(context.balance)}"#)
        case ("POST", "/send"):
            guard authorized(request, context) else { return .json(401, #"{"error":"unauthorized"}"#) }
            let fields = Dictionary(request.formFields, uniquingKeysWith: { first, _ in first })
            guard let to = fields["to"], !to.isEmpty, fields["text"] != nil else {
                return .json(400, #"{"error":"missing_parameters"}"#)
            }
            guard context.charge(context.pricePerSegment) else { return .json(402, #"{"error":"insufficient_credit"}"#) }
            let id = "echo-\(context.nextMessageID())"
            if let url = fields["callback"] ?? context.defaultCallbackURL {
                let status = context.drawDelivered() ? "delivered" : "failed"
                let body = #"{"id":"\#(id)","status":"\#(status)","to":"\#(to)"}"#
                context.schedule(ScheduledCallback(
                    request: HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"],
                                         body: Array(body.utf8), connectTimeout: .seconds(2), totalTimeout: .seconds(5)),
                    delay: context.receiptDelay))
            }
            return .json(200, #"{"id":"\#(id)","price":\#(context.pricePerSegment),"balance":\#(context.balance)}"#)
        default:
            return .json(404, #"{"error":"not_found"}"#)
        }
    }

    func response(for fault: InjectedFault, to request: SimulatorRequest, context: SimulatorContext) -> SimulatorResponse? {
        guard isSend(request) else { return nil }
        switch fault {
        case .throttled: return .json(429, #"{"error":"rate_limited"}"#, headers: [("Retry-After", "2")])
        case .serverError: return .json(503, #"{"error":"unavailable"}"#)
        case .accountProblem: return .json(402, #"{"error":"insufficient_credit"}"#)
        case .noCoverage: return .json(400, #"{"error":"no_coverage"}"#)
        case .rejected: return .json(400, #"{"error":"invalid_number"}"#)
        case .expiredToken: return .json(401, #"{"error":"unauthorized"}"#)
        }
    }

    func inboundCallback(from: String, to: String, text: String, url: String,
                         context: SimulatorContext) -> [ScheduledCallback]? {
        let payload: [String: String] = ["id": "in-\(context.nextMessageID())", "from": from, "to": to, "text": text]
        let body = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])).map { Array($0) } ?? []
        return [ScheduledCallback(
            request: HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"], body: body),
            delay: 0)]
    }
}
