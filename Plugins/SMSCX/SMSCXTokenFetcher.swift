import Foundation
import Logging
import Switchboard

/// Gets OAuth2 access tokens: `POST /oauth/token`, Basic `application_id:application_secret`,
/// form `grant_type=client_credentials` (plus `scope` when configured).
struct SMSCXTokenFetcher: Sendable {
    let baseURL: String
    let configuration: SMSCXConfiguration
    let context: ProviderContext

    func fetch() async -> Result<(token: String, expiresIn: Int?), ProviderError> {
        let credentials = "\(configuration.applicationID ?? ""):\(configuration.applicationSecret ?? "")"
        var fields = [("grant_type", "client_credentials")]
        if let scope = configuration.scope, !scope.isEmpty { fields.append(("scope", scope)) }
        let request = HTTPRequest(
            method: .post, url: baseURL + "/oauth/token",
            headers: ["Authorization": "Basic " + Data(credentials.utf8).base64EncodedString(),
                      "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Array(FormEncoding.encode(fields).utf8),
            totalTimeout: .milliseconds(configuration.timeoutMilliseconds))
        let response: HTTPResponse
        do {
            response = try await context.transport.send(request)
        } catch {
            // Nothing is charged by a token request; either way the send did not happen.
            return .failure(ProviderError(.unavailable, code: "token", message: "smscx: token request failed: \(error.reason)"))
        }
        guard (200..<300).contains(response.status) else {
            let detail = SMSCXResponseParser.error(status: response.status, headers: response.headers, body: response.body,
                                                   now: context.clock.now())
            var error = detail.providerError
            error.message = "smscx: token request refused: " + detail.message.replacingOccurrences(of: "smscx: ", with: "")
            context.logger.warning("smscx token refused", metadata: ["status": "\(response.status)", "outcome": "\(error.outcome.name)"])
            return .failure(error)
        }
        guard let token = try? JSONDecoder().decode(SMSCXWire.TokenResponse.self, from: Data(response.body)),
              !token.access_token.isEmpty else {
            return .failure(ProviderError(.unavailable, code: "token", message: "smscx: unreadable token answer"))
        }
        context.logger.debug("smscx token issued", metadata: ["expires_in": "\(token.expires_in.map(String.init) ?? "never")"])
        return .success((token.access_token, token.expires_in))
    }
}
