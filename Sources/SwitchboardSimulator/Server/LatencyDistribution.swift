#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long the simulator waits before answering a request, in milliseconds.
///
/// JSON form (control API): `{"shape": "lognormal", "milliseconds": 20, "upper_milliseconds": 250}`.
public struct LatencyDistribution: Sendable, Hashable, Codable {
    /// The distribution's shape.
    public enum Shape: String, Sendable, Hashable, Codable {
        /// No added latency.
        case none
        /// Always ``LatencyDistribution/milliseconds``.
        case fixed
        /// Uniform between ``LatencyDistribution/milliseconds`` and ``LatencyDistribution/upperMilliseconds``.
        case uniform
        /// Log-normal with median ``LatencyDistribution/milliseconds`` and 99th percentile
        /// ``LatencyDistribution/upperMilliseconds`` (real APIs have long tails).
        case lognormal
    }

    /// The shape.
    public var shape: Shape
    /// The fixed value, the uniform minimum or the log-normal median (p50).
    public var milliseconds: Double
    /// The uniform maximum or the log-normal p99 (unused for `fixed`/`none`).
    public var upperMilliseconds: Double

    private enum CodingKeys: String, CodingKey {
        case shape, milliseconds
        case upperMilliseconds = "upper_milliseconds"
    }

    /// Creates a distribution.
    public init(shape: Shape, milliseconds: Double = 0, upperMilliseconds: Double = 0) {
        self.shape = shape
        self.milliseconds = milliseconds
        self.upperMilliseconds = upperMilliseconds
    }

    /// Decodes, defaulting missing numbers to 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        shape = try container.decode(Shape.self, forKey: .shape)
        milliseconds = try container.decodeIfPresent(Double.self, forKey: .milliseconds) ?? 0
        upperMilliseconds = try container.decodeIfPresent(Double.self, forKey: .upperMilliseconds) ?? 0
    }

    /// No added latency.
    public static let none = LatencyDistribution(shape: .none)

    /// Always `ms` milliseconds.
    public static func fixed(_ ms: Double) -> LatencyDistribution { LatencyDistribution(shape: .fixed, milliseconds: ms) }

    /// Uniform between `min` and `max` milliseconds.
    public static func uniform(min: Double, max: Double) -> LatencyDistribution {
        LatencyDistribution(shape: .uniform, milliseconds: min, upperMilliseconds: max)
    }

    /// Log-normal with the given median and 99th percentile, in milliseconds.
    public static func lognormal(p50: Double, p99: Double) -> LatencyDistribution {
        LatencyDistribution(shape: .lognormal, milliseconds: p50, upperMilliseconds: p99)
    }

    /// Draws one latency in milliseconds (never negative).
    public func sample() -> Double {
        var generator = SystemRandomNumberGenerator()
        return sample(using: &generator)
    }

    /// Draws one latency in milliseconds with the given generator.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        switch shape {
        case .none:
            return 0
        case .fixed:
            return max(0, milliseconds)
        case .uniform:
            let low = max(0, min(milliseconds, upperMilliseconds))
            let high = max(0, max(milliseconds, upperMilliseconds))
            return low == high ? low : Double.random(in: low...high, using: &generator)
        case .lognormal:
            guard milliseconds > 0 else { return 0 }
            let median = milliseconds
            let p99 = max(upperMilliseconds, median)
            let mu = log(median)
            let sigma = log(p99 / median) / 2.326_347_874  // z(0.99)
            // Box–Muller standard normal.
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let u2 = Double.random(in: 0..<1, using: &generator)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return exp(mu + sigma * z)
        }
    }
}
