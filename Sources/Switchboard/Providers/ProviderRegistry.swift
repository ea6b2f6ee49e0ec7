/// Maps `plugin:` kinds to provider factories. A value the app builds — not a global.
///
/// ```swift
/// var registry = ProviderRegistry()
/// registry.register(VonageProvider.self)
/// ```
public struct ProviderRegistry: Sendable {
    /// Builds a provider from its id, `config:` block and context.
    public typealias Factory = @Sendable (ProviderID, YAMLNode?, ProviderContext) throws -> any MessageProvider

    private var factories: [String: Factory] = [:]

    /// An empty registry.
    public init() {}

    /// Registers a plugin type under its ``MessageProvider/kind``.
    public mutating func register<P: MessageProvider>(_ type: P.Type) {
        factories[P.kind] = { id, config, context in
            let configuration = try YAMLNodeDecoder().decode(P.Configuration.self, from: config)
            return try P(id: id, configuration: configuration, context: context)
        }
    }

    /// Registers a custom factory for a kind.
    public mutating func register(kind: String, factory: @escaping Factory) {
        factories[kind] = factory
    }

    /// The registered kinds (what `plugin:` may say).
    public var kinds: Set<String> { Set(factories.keys) }

    /// Builds the provider for a definition from providers.yaml.
    public func make(_ definition: ProviderDefinition, context: ProviderContext) throws -> any MessageProvider {
        guard let factory = factories[definition.plugin] else {
            throw ProviderConfigurationError("\(definition.location): unknown plugin '\(definition.plugin)'; registered: \(kinds.sorted().joined(separator: ", "))")
        }
        return try factory(definition.id, definition.config, context)
    }
}
