import Foundation
import Switchboard

/// The rules and traffic of `switchboard bench e2e`: the four providers pointed at a simulator,
/// no rate limits, `least_cost` over a realistic country mix where every provider wins some
/// countries (SMS.CX and Bandwidth, whose bulk endpoints `send(batch:)` uses, included).
enum E2EBenchRules {
    /// One destination country of the mix.
    struct Country: Sendable {
        /// ISO code.
        var code: String
        /// Share of the traffic, in percent.
        var weight: Int
        /// E.164 prefix of the generated mobile numbers.
        var prefix: String
        /// Digits appended to the prefix (from the message's sequence number).
        var digits: Int
        /// The provider the price tables make cheapest here.
        var cheapest: String
    }

    /// The country mix (weights add up to 100).
    static let countries: [Country] = [
        Country(code: "NL", weight: 20, prefix: "+3162", digits: 7, cheapest: "kpn"),
        Country(code: "DE", weight: 15, prefix: "+491512", digits: 7, cheapest: "vonage"),
        Country(code: "GB", weight: 12, prefix: "+4477", digits: 8, cheapest: "smscx"),
        Country(code: "US", weight: 12, prefix: "+1415555", digits: 4, cheapest: "bandwidth"),
        Country(code: "FR", weight: 10, prefix: "+3361", digits: 7, cheapest: "smscx"),
        Country(code: "ES", weight: 8, prefix: "+3461", digits: 7, cheapest: "vonage"),
        Country(code: "IT", weight: 8, prefix: "+3933", digits: 8, cheapest: "smscx"),
        Country(code: "BE", weight: 6, prefix: "+32470", digits: 6, cheapest: "kpn"),
        Country(code: "PL", weight: 5, prefix: "+4851", digits: 7, cheapest: "vonage"),
        Country(code: "SE", weight: 4, prefix: "+4670", digits: 7, cheapest: "kpn"),
    ]

    /// Inline per-segment prices (EUR), chosen so each country's cheapest provider is the one
    /// in ``countries``. Bandwidth is priced (and routed) for North America only.
    static let prices: [String: String] = [
        "vonage": "{ currency: EUR, default: 0.070, countries: { DE: 0.050, ES: 0.052, PL: 0.035, US: 0.0095, CA: 0.0095 } }",
        "smscx": "{ currency: EUR, default: 0.065, countries: { GB: 0.030, FR: 0.055, IT: 0.058, DE: 0.062, ES: 0.060, PL: 0.045, US: 0.0110, CA: 0.0110 } }",
        "kpn": "{ currency: EUR, default: 0.085, countries: { NL: 0.045, BE: 0.055, SE: 0.050 } }",
        "bandwidth": "{ currency: EUR, countries: { US: 0.0070, CA: 0.0080 } }",
    ]

    /// routes.yaml: North America via Bandwidth first, the rest least-cost over the other three.
    static let routes = """
        currency: EUR
        defaults: { strategy: least_cost, max_attempts: 3, on_ambiguous: stop }
        routes:
          - name: north-america
            when: { country: [US, CA] }
            providers: [bandwidth, vonage, smscx]
          - name: everything-else
            providers: [vonage, smscx, kpn]

        """

    /// The simulator's demo credentials (as in `rules/providers.yaml`), per provider id.
    static let credentials: [(id: String, config: [String])] = [
        ("vonage", ["api_key: simkey01", "api_secret: simsecret01"]),
        ("smscx", ["api_key: sim-smscx-key"]),
        ("kpn", ["client_id: sim-kpn-client", "client_secret: sim-kpn-secret"]),
        ("bandwidth", ["user_id: u-simulator", "api_token: t-simulator", "api_secret: s-simulator"]),
    ]

    /// Writes providers.yaml and routes.yaml into `directory`, each provider pointed at
    /// `baseURL(id)`, with no `rate_limit` and no health probes.
    static func write(to directory: String, baseURL: (String) -> String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var yaml = "providers:\n"
        for (id, config) in credentials {
            yaml += "  - id: \(id)\n    plugin: \(id)\n    config:\n"
            for line in config + ["base_url: \"\(baseURL(id))\""] { yaml += "      \(line)\n" }
            yaml += "    timeout: 10s\n"
            if let price = prices[id] { yaml += "    prices: \(price)\n" }
        }
        try yaml.write(toFile: directory + "/providers.yaml", atomically: true, encoding: .utf8)
        try routes.write(toFile: directory + "/routes.yaml", atomically: true, encoding: .utf8)
    }

    /// `count` messages over the country mix (interleaved, deterministic), every one with a
    /// sender: "Switchboard", or a US number for North America (Bandwidth sends only from
    /// numbers). Texts are personalised (a code or order number each) unless `sameText`, when
    /// every message says the same (a broadcast: SMS.CX then takes many recipients per request).
    /// Throws when a generated number does not normalise.
    static func messages(_ count: Int, sameText: Bool = false) throws -> [Message] {
        // A 100-slot wheel in weight proportions, interleaved so every batch has the whole mix.
        var wheel: [Int] = []
        var credit = countries.map { _ in 0 }
        for _ in 0..<100 {
            for i in countries.indices { credit[i] += countries[i].weight }
            let pick = credit.indices.max { credit[$0] < credit[$1] }!
            credit[pick] -= 100
            wheel.append(pick)
        }
        // Each text around a six-digit serial (what `%06d` printed; `String(format:)` was the
        // generator's largest cost, and the generator's CPU is counted in the bench's µs/message).
        let texts = [("Your verification code is ", ". It expires in 10 minutes."),
                     ("Order ", " has shipped and arrives tomorrow between 09:00 and 13:00."),
                     ("Reminder: your appointment ", " is tomorrow at 10:30. Reply STOP to opt out.")]
        var messages: [Message] = []
        messages.reserveCapacity(count)
        for n in 0..<count {
            let country = countries[wheel[n % wheel.count]]
            let modulus = Int(pow(10, Double(country.digits)))
            let serial = String(n % modulus)
            let number = country.prefix + String(repeating: "0", count: country.digits - serial.count) + serial
            let sender = country.code == "US" || country.code == "CA" ? "+14155550000" : "Switchboard"
            let text: String
            if sameText {
                text = "Our stores are open on Sunday 14 December from 12:00 to 17:00."
            } else {
                let code = String(n % 1_000_000)
                let (head, tail) = texts[n % texts.count]
                text = head + String(repeating: "0", count: 6 - code.utf8.count) + code + tail
            }
            messages.append(Message(to: number, text: text, from: sender))
        }
        // Every country's numbers must normalise (PhoneNumber is strict per country).
        for country in countries.indices {
            guard let index = wheel.firstIndex(of: country), index < messages.count else { continue }
            let message = messages[index]
            let normalized: NormalizedMessage
            do {
                normalized = try NormalizedMessage(message)
            } catch {
                throw TrafficError("generated message to \(message.to) does not normalise: \(error)")
            }
            guard normalized.to.country?.alpha2 == countries[country].code else {
                throw TrafficError("generated number \(message.to) is in \(normalized.to.country?.alpha2 ?? "no country"), not \(countries[country].code)")
            }
        }
        return messages
    }

    /// An error with a plain message.
    struct TrafficError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
