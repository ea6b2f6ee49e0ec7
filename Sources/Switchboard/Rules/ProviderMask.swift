/// A set of provider indices (at most ``RoutingTable/maxProviders``), e.g. the unavailable ones.
public struct ProviderMask: Sendable, Hashable {
    /// The bits; bit i is provider index i.
    public var bits: UInt64
    /// No provider.
    public static let none = ProviderMask(bits: 0)
    /// Creates a mask.
    public init(bits: UInt64) { self.bits = bits }
    /// Whether index `i` is in the set.
    @inlinable public func contains(_ i: Int) -> Bool { bits & (1 << UInt64(i)) != 0 }
    /// Adds index `i`.
    public mutating func insert(_ i: Int) { bits |= 1 << UInt64(i) }
}
