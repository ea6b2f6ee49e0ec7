import Foundation
import Logging
import Switchboard

extension SMSCXProvider {
    /// Sends one API request with auth (X-API-KEY or a cached bearer token) and the configured
    /// timeout. With OAuth, a 401 (token expired or revoked) drops the token and tries once more
    /// with a new one — a 401 means nothing was processed.
    func perform(_ method: HTTPMethod, _ path: String, body: [UInt8] = [], contentType: String? = nil)
        async -> Result<HTTPResponse, ProviderError>
    {
        var attempt = 0
        while true {
            attempt += 1
            var headers: HTTPHeaders = ["Accept": "application/json"]
            if let contentType { headers.add(name: "Content-Type", value: contentType) }
            var bearer: String?
            if let tokens {
                switch await tokens.current() {
                case .success(let token):
                    bearer = token
                    headers.add(name: "Authorization", value: "Bearer " + token)
                case .failure(let error):
                    return .failure(error)
                }
            } else {
                headers.add(name: "X-API-KEY", value: configuration.apiKey ?? "")
            }
            let request = HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body,
                                      totalTimeout: .milliseconds(configuration.timeoutMilliseconds))
            let response: HTTPResponse
            do {
                response = try await context.transport.send(request)
            } catch {
                context.logger.warning("smscx transport error", metadata: ["provider": "\(id)", "path": "\(path)",
                                                                           "error": "\(error)"])
                return .failure(Self.providerError(for: error))
            }
            if response.status == 401, let bearer, let tokens, attempt == 1 {
                await tokens.invalidate(bearer)
                context.logger.info("smscx token refused; fetching a new one", metadata: ["provider": "\(id)"])
                continue
            }
            return .success(response)
        }
    }

    /// Transport failures: not sent → unavailable; sent or maybe sent → ambiguous.
    static func providerError(for error: HTTPTransportError) -> ProviderError {
        switch error {
        case .notSent(let reason): ProviderError(.unavailable, code: "transport", message: "smscx: not sent: \(reason)")
        case .ambiguous(let reason): ProviderError(.ambiguous, code: "transport", message: "smscx: no answer: \(reason)")
        case .cancelled: ProviderError(.ambiguous, code: "transport", message: "smscx: cancelled after sending")
        case .invalidRequest(let reason): ProviderError(.unavailable, code: "transport", message: "smscx: invalid request: \(reason)")
        }
    }
}
