extension ProviderSimulator {
    /// The four simulated providers with the sample rules' demo credentials (the defaults in
    /// `rules/providers.yaml`), in port order, each with the prefix of its `…_BASE_URL` variable.
    ///
    /// - Parameters:
    ///   - firstPort: providers listen on firstPort…firstPort+3; nil = free ports.
    ///   - balance: every account's starting balance.
    public static func demoProviders(firstPort: Int? = nil, balance: Double = 1000) -> [(provider: Provider, envPrefix: String)] {
        func port(_ offset: Int) -> Int { firstPort.map { $0 + offset } ?? 0 }
        return [
            (Provider(simulation: VonageSimulation(),
                      credentials: .init(key: "simkey01", secret: "simsecret01", signatureSecret: ""),
                      balance: balance, pricePerSegment: 0.0725, port: port(0)), "VONAGE"),
            (Provider(simulation: SMSCXSimulation(), credentials: .init(key: "sim-smscx-key", secret: ""),
                      balance: balance, pricePerSegment: 0.065, port: port(1)), "SMSCX"),
            (Provider(simulation: KPNSimulation(), credentials: .init(key: "sim-kpn-client", secret: "sim-kpn-secret"),
                      balance: balance, pricePerSegment: 0.08, port: port(2)), "KPN"),
            (Provider(simulation: BandwidthSimulation(),
                      credentials: .init(key: "t-simulator", secret: "s-simulator", userID: "u-simulator"),
                      balance: balance, pricePerSegment: 0.0075, port: port(3)), "BANDWIDTH"),
        ]
    }

    /// The environment that points the sample rules' `${…_BASE_URL}` at this simulator.
    public func baseURLEnvironment(_ entries: [(provider: Provider, envPrefix: String)]) -> [String: String] {
        var environment: [String: String] = [:]
        for (provider, prefix) in entries { environment["\(prefix)_BASE_URL"] = baseURL(for: provider.kind) }
        return environment
    }
}
