import Foundation
@testable import Switchboard

/// Small in-memory rule sets for tests.
enum RuleFixtures {
    static let providers = """
        providers:
          - id: vonage
            plugin: vonage
            channels: [sms]
            prices: { currency: EUR, default: 0.08, countries: { NL: 0.07, DE: 0.075, US: 0.009 } }
          - id: smscx
            plugin: smscx
            channels: [sms, viber]
            prices: { currency: EUR, default: 0.07, countries: { NL: 0.06, DE: 0.08 } }
          - id: kpn
            plugin: kpn
            channels: [sms]
            prices: { currency: EUR, default: 0.09, countries: { NL: 0.045 } }
          - id: bandwidth
            plugin: bandwidth
            channels: [sms, mms]
            prices: { currency: USD, default: 0.12, countries: { US: 0.005 } }

        """

    static let routes = """
        currency: EUR
        exchange_rates: { USD: 0.9 }
        routes:
          - name: otp-nl
            when: { country: NL, tag: otp }
            strategy: priority
            providers: [kpn, vonage, smscx]
          - name: us
            when: { country: US }
            strategy: priority
            providers: [bandwidth]
            fallback: [vonage]
          - name: split
            when: { country: DE, tag: marketing }
            strategy: weighted
            providers: [{ id: vonage, weight: 80 }, { id: smscx, weight: 20 }]
            fallback: [kpn]
          - name: capped
            when: { country: DE }
            strategy: least_cost
            providers: [vonage, smscx, kpn]
            max_price: 0.078 EUR
          - name: everything-else
            providers: all

        """

    /// The default rule set, optionally with replaced files.
    static func load(providers: String = providers, routes: String = routes,
                     extra: [String: String] = [:], environment: [String: String] = [:]) throws(RuleSetError) -> RuleSet {
        var files = ["providers.yaml": providers, "routes.yaml": routes]
        files.merge(extra) { $1 }
        return try RuleSet.load(files: files, directory: "r", environment: environment)
    }

    /// The diagnostics of a rule set that must fail.
    static func diagnostics(providers: String = providers, routes: String = routes,
                            extra: [String: String] = [:], environment: [String: String] = [:]) -> [RuleDiagnostic] {
        do {
            let set = try load(providers: providers, routes: routes, extra: extra, environment: environment)
            return set.warnings
        } catch {
            return error.diagnostics
        }
    }

    static func request(_ country: String?, digits: String = "31612345678", tag: String? = nil,
                        channel: MessageChannel = .sms, segments: Int = 1) -> RoutingRequest {
        RoutingRequest(country: country.flatMap { CountryCode($0) }, digits: digits, channel: channel, tag: tag,
                       segments: segments)
    }
}
