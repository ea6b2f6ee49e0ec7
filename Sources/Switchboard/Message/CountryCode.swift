/// An ISO 3166-1 alpha-2 country (or territory) code that libphonenumber has numbering
/// metadata for, such as `NL`, `US` or `GG`.
///
/// Stored as two packed ASCII letters, so copying, hashing and comparing are as cheap as for a
/// `UInt16`. Only known codes can be created: ``init(_:)`` fails for anything else.
///
/// ```swift
/// let nl = CountryCode("nl")!      // input is case-insensitive
/// nl.alpha2                         // "NL"
/// nl.callingCode                    // 31
/// ```
///
/// Encodes to and decodes from its two-letter string (`"NL"`).
public struct CountryCode: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The two uppercase ASCII letters, first letter in the high byte (`NL` is `0x4E4C`).
    let packed: UInt16

    /// Wraps already validated packed letters.
    init(packed: UInt16) {
        self.packed = packed
    }

    /// Creates the code for a two-letter ISO 3166-1 alpha-2 string, case-insensitively.
    ///
    /// Returns `nil` unless `alpha2` is exactly two ASCII letters naming a region libphonenumber
    /// knows (see ``all``).
    ///
    /// - Parameter alpha2: A code such as `"NL"` or `"nl"`.
    public init?(_ alpha2: some StringProtocol) {
        var iterator = alpha2.utf8.makeIterator()
        guard let first = iterator.next(), let second = iterator.next(), iterator.next() == nil
        else { return nil }
        self.init(first, second)
    }

    /// Creates the code for a two-letter ISO 3166-1 alpha-2 string, case-insensitively (the
    /// fast path of the `StringProtocol` initializer for `String`).
    ///
    /// - Parameter alpha2: A code such as `"NL"` or `"nl"`.
    public init?(_ alpha2: String) {
        let utf8 = alpha2.utf8
        guard utf8.count == 2 else { return nil }
        self.init(utf8[utf8.startIndex], utf8[utf8.index(after: utf8.startIndex)])
    }

    /// Validates and packs two ASCII letters.
    @inline(__always)
    private init?(_ first: UInt8, _ second: UInt8) {
        guard let packed = Self.pack(first, second), Self.registry.contains(packed) else { return nil }
        self.packed = packed
    }

    /// The two uppercase letters, e.g. `"NL"`.
    public var alpha2: String {
        String(unsafeUninitializedCapacity: 2) { buffer in
            buffer[0] = UInt8(truncatingIfNeeded: packed >> 8)
            buffer[1] = UInt8(truncatingIfNeeded: packed)
            return 2
        }
    }

    /// The primary country calling code, e.g. `31` for `NL` and `1` for `CA`.
    ///
    /// Every code in ``all`` has one; the type is optional to leave room for ISO regions without
    /// telephone numbering.
    public var callingCode: Int? {
        Self.registry.info(packed)?.callingCode
    }

    /// The English name of the country or territory, e.g. `"Netherlands"`.
    public var name: String? {
        Self.registry.info(packed)?.name
    }

    /// Every region libphonenumber has numbering metadata for, sorted by code.
    public static let all: [CountryCode] = registry.all

    /// The two-letter code, e.g. `NL`.
    public var description: String { alpha2 }

    /// Orders codes alphabetically.
    public static func < (lhs: CountryCode, rhs: CountryCode) -> Bool {
        lhs.packed < rhs.packed
    }

    /// Decodes a code from its two-letter string; fails for unknown codes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let code = CountryCode(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(text)\" is not a known ISO 3166-1 alpha-2 country code "
                    + "(expected two letters such as \"NL\" or \"US\")"
            )
        }
        self = code
    }

    /// Encodes the code as its two-letter string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(alpha2)
    }
}

// MARK: - Region metadata

extension CountryCode {
    /// Numbering facts about one region, from the generated ``CallingCodeData`` (a class, so
    /// handing it around costs one retain).
    final class Info: Sendable {
        /// Primary country calling code.
        let callingCode: Int
        /// National (trunk) prefixes as ASCII digits, longest first, e.g. `["0"]` (NL),
        /// `["1"]` (US), `["80", "0", "8"]` (BY); empty if none.
        let nationalPrefixes: [[UInt8]]
        /// International (exit) prefix as ASCII digits when it is a fixed string, e.g. `00`,
        /// `011`, `810`; empty when none or not fixed.
        let internationalPrefix: [UInt8]
        /// Short local numbers that get an area code in front, e.g. 7-digit numbers starting
        /// 4, 5 or 7 in Antigua get `268`.
        let localNumbers: LocalNumberRule?
        /// English name.
        let name: String

        init(
            callingCode: Int, nationalPrefixes: [[UInt8]], internationalPrefix: [UInt8],
            localNumbers: LocalNumberRule?, name: String
        ) {
            self.callingCode = callingCode
            self.nationalPrefixes = nationalPrefixes
            self.internationalPrefix = internationalPrefix
            self.localNumbers = localNumbers
            self.name = name
        }
    }

    /// How a region's short local numbers become national numbers.
    struct LocalNumberRule: Sendable {
        /// Bit `d` is set when a local number may start with digit `d`.
        let firstDigits: UInt16
        /// How many digits a local number has.
        let length: Int
        /// The ASCII digits to put in front (the area code).
        let areaCode: [UInt8]

        /// Parses `digits/length/areaCode`, e.g. `457/7/268`.
        init?(_ text: Substring) {
            let parts = text.split(separator: "/")
            guard parts.count == 3, let length = Int(parts[1]) else { return nil }
            var firstDigits: UInt16 = 0
            for byte in parts[0].utf8 { firstDigits |= 1 << UInt16(byte &- UInt8(ascii: "0")) }
            self.firstDigits = firstDigits
            self.length = length
            areaCode = Array(parts[2].utf8)
        }

        /// The national number for `digits` if they are a local number.
        func nationalNumber(_ digits: ArraySlice<UInt8>) -> [UInt8]? {
            guard digits.count == length, let first = digits.first,
                  firstDigits >> UInt16(first &- UInt8(ascii: "0")) & 1 == 1
            else { return nil }
            return areaCode + digits
        }
    }

    /// All regions, indexed by their two letters.
    struct Registry: Sendable {
        /// 26 × 26 slots, one per letter pair.
        private let slots: [Info?]
        /// Every known code, sorted.
        let all: [CountryCode]
        /// One bit per slot: whether the code is known.
        private let known: [UInt64]

        init(records: String) {
            var slots = [Info?](repeating: nil, count: 26 * 26)
            var all: [CountryCode] = []
            for record in records.split(separator: "|") {
                let fields = record.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
                guard fields.count == 6,
                      let packed = fields[0].utf8.count == 2
                        ? CountryCode.pack(fields[0].utf8.first!, fields[0].utf8.last!) : nil,
                      let callingCode = Int(fields[1])
                else { preconditionFailure("malformed region record \(record)") }
                slots[Self.slot(packed)] = Info(
                    callingCode: callingCode,
                    nationalPrefixes: fields[2].split(separator: ",").map { Array($0.utf8) },
                    internationalPrefix: Array(fields[3].utf8),
                    localNumbers: fields[4].isEmpty ? nil : LocalNumberRule(fields[4]),
                    name: String(fields[5])
                )
                all.append(CountryCode(packed: packed))
            }
            var known = [UInt64](repeating: 0, count: (26 * 26 + 63) / 64)
            for (slot, info) in slots.enumerated() where info != nil {
                known[slot >> 6] |= 1 << UInt64(slot & 63)
            }
            self.slots = slots
            self.all = all.sorted()
            self.known = known
        }

        /// Whether a packed code is known.
        @inline(__always)
        func contains(_ packed: UInt16) -> Bool {
            let slot = Self.slot(packed)
            return known[slot >> 6] >> UInt64(slot & 63) & 1 == 1
        }

        /// The facts about a packed code, or `nil` if it is unknown.
        @inline(__always)
        func info(_ packed: UInt16) -> Info? {
            slots[Self.slot(packed)]
        }

        @inline(__always)
        private static func slot(_ packed: UInt16) -> Int {
            Int(packed >> 8 &- 65) &* 26 &+ Int(packed & 0xFF &- 65)
        }
    }

    /// Parsed once, on first use.
    static let registry = Registry(records: CallingCodeData.regions)

    /// The facts about this region. Always present for a created code.
    var info: Info {
        guard let info = Self.registry.info(packed) else {
            preconditionFailure("CountryCode \(alpha2) has no metadata")
        }
        return info
    }

    /// Packs two ASCII letters (either case) into uppercase; `nil` for anything else.
    @inline(__always)
    static func pack(_ first: UInt8, _ second: UInt8) -> UInt16? {
        func upper(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
            default: nil
            }
        }
        guard let a = upper(first), let b = upper(second) else { return nil }
        return UInt16(a) << 8 | UInt16(b)
    }
}
