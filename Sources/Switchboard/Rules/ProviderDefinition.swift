/// One provider as ops declared it in `providers.yaml`.
public struct ProviderDefinition: Sendable {
    /// Health settings (`health:`).
    public struct Health: Sendable, Hashable {
        /// How often to run the provider's free health probe, in seconds.
        public var probeEvery: Double?
        /// A balance below this counts as unhealthy (in the provider's balance currency).
        public var minBalance: Double?
    }

    /// The id routes refer to.
    public var id: ProviderID
    /// The plugin kind (`plugin: vonage`).
    public var plugin: String
    /// The plugin's own configuration block, `${ENV}` references resolved (secret scalars marked).
    public var config: YAMLNode?
    /// Channels this provider is used for.
    public var channels: [MessageChannel]
    /// Requests per second we allow ourselves towards this provider.
    public var rateLimit: Double?
    /// Per-request timeout, in seconds.
    public var timeout: Double
    /// Health settings.
    public var health: Health
    /// Prices per segment.
    public var prices: PriceTable?
    /// False to keep the provider defined but route nothing to it.
    public var enabled: Bool
    /// Where the definition starts.
    public var location: RuleLocation
}

extension ProviderDefinition {
    /// Keys allowed in a provider entry.
    static let keys = ["id", "plugin", "config", "channels", "rate_limit", "timeout", "health", "prices", "enabled"]

    /// Parses one `providers:` entry; returns nil when it is too broken to use.
    static func parse(_ node: YAMLNode, reader: RuleFileReader, plugins: Set<String>,
                      loadPrices: (YAMLNode) -> PriceTable?) -> ProviderDefinition? {
        guard let f = reader.fields(of: node, allowed: keys, required: ["id", "plugin"], what: "provider") else { return nil }
        guard let idNode = f["id"], let id = reader.string(idNode, what: "id"),
              let pluginNode = f["plugin"], let plugin = reader.string(pluginNode, what: "plugin")
        else { return nil }
        if !plugins.contains(plugin) {
            reader.report(.unknownPlugin, at: pluginNode, "unknown plugin '\(plugin)' for provider '\(id)'",
                          hint: Suggestion.hint(for: plugin, in: plugins.sorted(), noun: "plugins"))
        }
        var channels: [MessageChannel] = [.sms]
        if let c = f["channels"] {
            channels = []
            for (name, item) in reader.strings(c, what: "channel") {
                let channel = MessageChannel(rawValue: name)
                if MessageChannel.known.contains(channel) {
                    channels.append(channel)
                } else {
                    reader.report(.invalidValue, at: item, "unknown channel '\(name)'",
                                  hint: Suggestion.hint(for: name, in: MessageChannel.known.map(\.rawValue), noun: "channels"))
                }
            }
        }
        var health = Health()
        if let h = f["health"], let hf = reader.fields(of: h, allowed: ["probe_every", "min_balance"], what: "health") {
            health.probeEvery = hf["probe_every"].flatMap { reader.duration($0, what: "probe_every") }
            health.minBalance = hf["min_balance"].flatMap { reader.number($0, what: "min_balance") }
        }
        return ProviderDefinition(
            id: ProviderID(id), plugin: plugin, config: f["config"],
            channels: channels,
            rateLimit: f["rate_limit"].flatMap { reader.rate($0, what: "rate_limit") },
            timeout: f["timeout"].flatMap { reader.duration($0, what: "timeout") } ?? 10,
            health: health,
            prices: f["prices"].flatMap(loadPrices),
            enabled: f["enabled"].flatMap { reader.bool($0, what: "enabled") } ?? true,
            location: reader.location(node))
    }
}
