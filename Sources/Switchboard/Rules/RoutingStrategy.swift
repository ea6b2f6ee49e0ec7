/// How a route orders its candidate providers.
public enum RoutingStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Cheapest first: price per segment × segments, in the rules currency.
    case leastCost = "least_cost"
    /// In the order listed.
    case priority
    /// One provider drawn by weight, then the others by weight, then the `fallback` list.
    case weighted
}

/// What to do when a provider may or may not have accepted a message (timeout after sending).
public enum AmbiguousPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stop and report the message as `unknown` (no risk of a duplicate), unless the provider
    /// supports idempotent retries.
    case stop
    /// Try the next candidate anyway (accepting a possible duplicate).
    case fallback
}
