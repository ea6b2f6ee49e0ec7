import Foundation
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardVonage
import Testing

/// Printing a plugin's configuration (`description`, `String(reflecting:)`, `dump`) shows no
/// credential: neither the secrets nor the key/id half of a credential pair (Vonage `api_key`,
/// SMS.CX `api_key` and `application_id`, KPN `client_id`, Bandwidth `api_token`). Bandwidth's
/// `user_id` is an account id that is part of every request path, not a credential.
@Suite struct ConfigurationDescriptionTests {
    static func printed(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped]
    }

    static func expectNoCredential(_ value: Any, _ credentials: [String]) {
        for text in printed(value) {
            for credential in credentials {
                #expect(!text.contains(credential), "\(type(of: value)) prints \(credential): \(text)")
            }
        }
    }

    @Test(arguments: VonageAuthMode.allCases)
    func vonage(auth: VonageAuthMode) {
        let configuration = VonageConfiguration(apiKey: "vonage-key-1234", apiSecret: "vonage-secret-5678",
                                                signatureSecret: "vonage-signature-9012", auth: auth)
        Self.expectNoCredential(configuration, ["vonage-key-1234", "vonage-secret-5678", "vonage-signature-9012"])
        #expect(configuration.description.contains("auth: \(auth.rawValue)"))
    }

    @Test func smscx() {
        Self.expectNoCredential(SMSCXConfiguration(apiKey: "smscx-key-1234"), ["smscx-key-1234"])
        Self.expectNoCredential(SMSCXConfiguration(applicationID: "smscx-app-1234", applicationSecret: "smscx-app-secret-5678"),
                                ["smscx-app-1234", "smscx-app-secret-5678"])
    }

    @Test func kpn() {
        let configuration = KPNProvider.Configuration(clientID: "kpn-client-1234", clientSecret: "kpn-secret-5678")
        Self.expectNoCredential(configuration, ["kpn-client-1234", "kpn-secret-5678"])
    }

    @Test func bandwidth() {
        let configuration = BandwidthConfiguration(userID: "u-account", apiToken: "t-token-1234", apiSecret: "s-secret-5678",
                                                   webhookUsername: "hook-user-1234", webhookPassword: "hook-password-5678")
        Self.expectNoCredential(configuration, ["t-token-1234", "s-secret-5678", "hook-user-1234", "hook-password-5678"])
        #expect(configuration.description.contains("u-account"))
    }
}
