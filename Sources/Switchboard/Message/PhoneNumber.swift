/// A phone number in E.164 form, with the country it belongs to.
///
/// Create one by parsing what people type:
///
/// ```swift
/// let a = try PhoneNumber(parsing: "+31 6 1234 5678")
/// a.e164             // "+31612345678"
/// a.callingCode      // 31
/// a.nationalNumber   // "612345678"
/// a.country          // NL
/// a.digits           // "31612345678"
///
/// let b = try PhoneNumber(parsing: "06 1234 5678", defaultCountry: CountryCode("NL"))
/// b == a             // true
/// ```
///
/// Accepted forms: `+` followed by the calling code; the `00` international prefix; `011`
/// (the North American exit code) when there is no default country or it uses +1; the default
/// country's own fixed exit code (e.g. `810` for RU); digits only that start with a calling code
/// and have a plausible length and start for it (`31612345678`); and, with a default country,
/// national numbers with or without its trunk prefix (`06 1234 5678`, `612345678`) and local
/// numbers the metadata gives an implicit area code (`464 1234` in Antigua).
/// Spaces, dots, dashes, parentheses, slashes, no-break and other Unicode spaces and dashes may
/// separate digits; non-ASCII decimal digits (e.g. full-width) are read as digits. Letters are
/// rejected — vanity numbers are not converted — and so are extensions.
///
/// Lengths are checked against libphonenumber's possible lengths for the calling code (the union
/// over the regions sharing it) and, more tightly, against the lengths numbers starting with the
/// same two digits have (a Dutch `06` mobile number has 9 digits). Ranges are not validated
/// beyond that, so a well-formed but unassigned number parses. Not supported: Argentine
/// national mobile format with `15` (write `+54 9 …`), carrier-selection prefixes other than a
/// few fixed ones, and phone-word letters. The ``country`` is derived from the number itself,
/// including for calling codes shared by several regions (+1, +7, +44, +39, +47, +61, +262,
/// +290, +358, +590, +599, …), by the longest national-number prefix in tables generated
/// from libphonenumber.
///
/// Two numbers are equal when their ``e164`` forms are equal. Encodes to and decodes from the
/// ``e164`` string.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The number in E.164 format: `+`, calling code, national number, e.g. `"+31612345678"`.
    public let e164: String
    /// The country calling code, e.g. `31`.
    public let callingCode: Int
    /// The national significant number: the digits after the calling code, without any trunk
    /// prefix, e.g. `"612345678"` (Italian numbers keep their leading `0`: `"0669812345"`).
    public let nationalNumber: String
    /// The country the number belongs to, e.g. `NL`, `GG` for `+44 7781 …` or `KZ` for
    /// `+7 701 …`. `nil` only for non-geographic calling codes (+800, +808, +870, +878, +881,
    /// +882, +883, +888, +979).
    public let country: CountryCode?

    /// The E.164 digits without the leading `+`, e.g. `"31612345678"` — the form Vonage and
    /// KPN expect.
    public var digits: String { String(e164.dropFirst()) }

    /// The ``e164`` form.
    public var description: String { e164 }

    /// Reads a phone number as people write it.
    ///
    /// - Parameters:
    ///   - text: The number, e.g. `"+31 6 1234 5678"`, `"0031612345678"`,
    ///     `"+1 (415) 555-0100"` or, with a default country, `"06 1234 5678"`.
    ///   - defaultCountry: The country to read national numbers (no `+` or international
    ///     prefix) in. Without it such numbers are only accepted when they start with a calling
    ///     code and plausibly are international numbers written without `+`.
    /// - Throws: ``PhoneNumberError`` saying what is wrong and how to fix it.
    public init(parsing text: String, defaultCountry: CountryCode? = nil) throws(PhoneNumberError) {
        let scanned = try Self.scan(text)
        let digits = scanned.digits[...]
        if scanned.hasPlus {
            self = try Self.international(digits, input: text)
        } else if digits.starts(with: Self.zeroZero) {
            self = try Self.international(digits.dropFirst(2), input: text)
        } else if let defaultCountry {
            self = try Self.national(digits, in: defaultCountry, input: text)
        } else if digits.starts(with: Self.nanpExit) {
            self = try Self.international(digits.dropFirst(3), input: text)
        } else if let (info, rest) = Self.splitCallingCode(digits), info.isPlausible(rest) {
            self = try Self.make(info, rest, input: text)
        } else if digits.count < Self.minimumDigits {
            throw PhoneNumberError(.tooShort, input: text, nationalDigitCount: digits.count)
        } else if digits.count > Self.maximumDigits {
            throw PhoneNumberError(.tooLong, input: text, nationalDigitCount: digits.count)
        } else {
            throw PhoneNumberError(.missingCountry, input: text)
        }
    }

    /// Creates a number from parts already known to be consistent.
    private init(e164: String, callingCode: Int, nationalNumber: String, country: CountryCode?) {
        self.e164 = e164
        self.callingCode = callingCode
        self.nationalNumber = nationalNumber
        self.country = country
    }

    /// Equal when the E.164 forms are equal.
    public static func == (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool {
        lhs.e164 == rhs.e164
    }

    /// Hashes the E.164 form.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(e164)
    }

    /// Decodes a number from a string, parsed as by ``init(parsing:defaultCountry:)`` without a
    /// default country.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try PhoneNumber(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the ``e164`` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}

// MARK: - Parsing

extension PhoneNumber {
    /// Fewest digits any phone number has (when the calling code is not known yet).
    static let minimumDigits = 4
    /// E.164 allows at most 15 digits, calling code included.
    static let maximumDigits = 15

    private static let zeroZero: [UInt8] = Array("00".utf8)
    private static let nanpExit: [UInt8] = Array("011".utf8)

    /// The possible lengths of the national number for a calling code, ascending; `nil` if the
    /// code is unknown.
    static func possibleNationalLengths(callingCode: Int) -> [Int]? {
        guard let info = metadata.info(callingCode) else { return nil }
        return (0...31).filter { info.lengthMask >> $0 & 1 == 1 }
    }

    /// The digits of an input (as ASCII) and whether it started with `+`.
    private struct Scanned {
        var digits: [UInt8] = []
        var hasPlus = false
    }

    /// Splits the input into digits, rejecting letters and stray characters.
    private static func scan(_ text: String) throws(PhoneNumberError) -> Scanned {
        var result = Scanned()
        result.digits.reserveCapacity(20)
        var firstLetter: String.UnicodeScalarView.Index?
        var afterLastLetter: String.UnicodeScalarView.Index?
        var invalid: [Unicode.Scalar] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            defer { index = next }
            let value = scalar.value
            if value < 0x80 {
                switch UInt8(value) {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    result.digits.append(UInt8(value))
                case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "("),
                     UInt8(ascii: ")"), UInt8(ascii: "/"), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
                     UInt8(ascii: "\r"):
                    continue
                case UInt8(ascii: "+") where result.digits.isEmpty && !result.hasPlus:
                    result.hasPlus = true
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                    if firstLetter == nil { firstLetter = index }
                    afterLastLetter = next
                default:
                    if !invalid.contains(scalar) { invalid.append(scalar) }
                }
                continue
            }
            // Non-ASCII: Unicode digits, spaces, dashes, full-width punctuation, letters.
            if scalar.properties.numericType == .decimal, let digit = scalar.properties.numericValue,
               digit >= 0, digit <= 9 {
                result.digits.append(UInt8(ascii: "0") + UInt8(digit))
            } else if value == 0xFF0B, result.digits.isEmpty, !result.hasPlus {  // full-width +
                result.hasPlus = true
            } else if scalar.properties.isWhitespace || Self.isSeparator(value) {
                continue
            } else if scalar.properties.isAlphabetic {
                if firstLetter == nil { firstLetter = index }
                afterLastLetter = next
            } else if !invalid.contains(scalar) {
                invalid.append(scalar)
            }
        }
        if let firstLetter, let afterLastLetter {
            let letters = String(scalars[firstLetter..<afterLastLetter])
            throw PhoneNumberError(.containsLetters(letters), input: text)
        }
        if !invalid.isEmpty {
            var characters = String.UnicodeScalarView()
            characters.append(contentsOf: invalid)
            throw PhoneNumberError(.invalidCharacters(String(characters)), input: text)
        }
        if result.digits.isEmpty {
            throw PhoneNumberError(.empty, input: text)
        }
        return result
    }

    /// Non-ASCII punctuation people paste between digits: no-break and other spaces, hyphens
    /// and dashes, the minus sign, full-width punctuation, the soft hyphen and zero-width
    /// characters.
    private static func isSeparator(_ value: UInt32) -> Bool {
        switch value {
        case 0x00A0, 0x00AD, 0x2007, 0x200B...0x200D, 0x2010...0x2015, 0x202F, 0x2060,
             0x2212, 0x3000, 0xFEFF, 0xFF08, 0xFF09, 0xFF0D, 0xFF0E, 0xFF0F:
            true
        default:
            false
        }
    }

    /// Reads digits that follow `+` or an international prefix: calling code, then national
    /// number.
    private static func international(
        _ digits: ArraySlice<UInt8>, input: String
    ) throws(PhoneNumberError) -> PhoneNumber {
        guard let (info, rest) = splitCallingCode(digits) else {
            if digits.isEmpty {
                throw PhoneNumberError(.tooShort, input: input, nationalDigitCount: 0)
            }
            let code = String(decoding: digits.prefix(digits.first == UInt8(ascii: "0") ? 1 : 3),
                              as: UTF8.self)
            throw PhoneNumberError(.unknownCallingCode(code), input: input)
        }
        // "+44 (0)7700 900000": drop a trunk prefix written after the calling code.
        if !info.isPlausible(rest) {
            for prefix in info.nationalPrefixes where rest.starts(with: prefix) {
                let stripped = rest.dropFirst(prefix.count)
                if info.isPlausible(stripped) {
                    return try make(info, stripped, input: input)
                }
            }
        }
        return try make(info, rest, input: input)
    }

    /// Reads digits without `+` or `00` with a default country.
    private static func national(
        _ digits: ArraySlice<UInt8>, in country: CountryCode, input: String
    ) throws(PhoneNumberError) -> PhoneNumber {
        let region = country.info
        guard let info = metadata.info(region.callingCode) else {
            preconditionFailure("no calling code metadata for \(country)")
        }
        // The country's own exit code, e.g. 011 in the US or 810 in Russia.
        let exit = region.internationalPrefix
        if !exit.isEmpty, digits.starts(with: exit),
           let (other, rest) = splitCallingCode(digits.dropFirst(exit.count)),
           other.isPlausible(rest) {
            return try make(other, rest, input: input)
        }
        // "06 1234 5678": drop the trunk prefix.
        var withoutTrunk: ArraySlice<UInt8>?
        for trunk in region.nationalPrefixes where digits.starts(with: trunk) {
            let stripped = digits.dropFirst(trunk.count)
            if info.isPlausible(stripped) {
                return try make(info, stripped, input: input)
            }
            withoutTrunk = withoutTrunk ?? stripped
        }
        if info.isPlausible(digits) {
            return try make(info, digits, input: input)
        }
        // A local number without its area code, e.g. 464 1234 in Antigua.
        if let national = region.localNumbers?.nationalNumber(digits) {
            return try make(info, national[...], input: input)
        }
        // An international number written without "+", e.g. 31612345678.
        if let (other, rest) = splitCallingCode(digits), other.isPlausible(rest) {
            return try make(other, rest, input: input)
        }
        return try make(info, withoutTrunk ?? digits, input: input)
    }

    /// The calling code the digits start with (codes are prefix-free) and the digits after it.
    @inline(__always)
    private static func splitCallingCode(
        _ digits: ArraySlice<UInt8>
    ) -> (CallingCodeInfo, ArraySlice<UInt8>)? {
        var code = 0
        var index = digits.startIndex
        for _ in 0..<3 {
            guard index < digits.endIndex else { return nil }
            code = code * 10 + Int(digits[index] &- UInt8(ascii: "0"))
            index += 1
            if code == 0 { return nil }
            if let info = metadata.info(code) {
                return (info, digits[index...])
            }
        }
        return nil
    }

    /// Checks the national number's length for the calling code and builds the number.
    private static func make(
        _ info: CallingCodeInfo, _ national: ArraySlice<UInt8>, input: String
    ) throws(PhoneNumberError) -> PhoneNumber {
        let count = national.count
        if count < info.minLength || info.codeDigits.count + count < minimumDigits {
            throw PhoneNumberError(.tooShort, input: input, callingCode: info.code,
                                   nationalDigitCount: count)
        }
        if count > info.maxLength || info.codeDigits.count + count > maximumDigits {
            throw PhoneNumberError(.tooLong, input: input, callingCode: info.code,
                                   nationalDigitCount: count)
        }
        // Numbers starting with these two digits may have other lengths only, e.g. a Dutch
        // 06 mobile has 9 digits although other Dutch numbers have 5 to 11.
        if !info.isPlausible(national) {
            let lengths = info.lengths(startingWith: national)
            if let shortest = lengths.first, let longest = lengths.last {
                let reason: PhoneNumberError.Reason =
                    count < shortest ? .tooShort : count > longest ? .tooLong : .invalidLength
                throw PhoneNumberError(reason, input: input, callingCode: info.code,
                                       nationalDigitCount: count,
                                       start: String(decoding: national.prefix(2), as: UTF8.self),
                                       expectedLengths: lengths)
            }
        }
        if info.lengthMask >> count & 1 == 0 {
            throw PhoneNumberError(.invalidLength, input: input, callingCode: info.code,
                                   nationalDigitCount: count)
        }
        let e164 = String(unsafeUninitializedCapacity: 1 + info.codeDigits.count + count) { buffer in
            buffer[0] = UInt8(ascii: "+")
            var i = 1
            for byte in info.codeDigits { buffer[i] = byte; i += 1 }
            for byte in national { buffer[i] = byte; i += 1 }
            return i
        }
        return PhoneNumber(
            e164: e164,
            callingCode: info.code,
            nationalNumber: String(decoding: national, as: UTF8.self),
            country: info.region(for: national)
        )
    }
}

// MARK: - Calling code metadata

extension PhoneNumber {
    /// 100 bits: which two-digit starts a national number of some length can have.
    struct StartMask: Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        /// Parses 25 hex digits, most significant first.
        init?(hex: Substring) {
            guard hex.utf8.count == 25,
                  let high = UInt64(hex.prefix(9), radix: 16),
                  let low = UInt64(hex.suffix(16), radix: 16)
            else { return nil }
            self.low = low
            self.high = high
        }

        init() {}

        @inline(__always)
        func contains(_ start: Int) -> Bool {
            start < 64 ? low >> UInt64(start) & 1 == 1 : high >> UInt64(start - 64) & 1 == 1
        }
    }

    /// Everything the parser knows about one country calling code (a class, so handing it
    /// around costs one retain).
    final class CallingCodeInfo: Sendable {
        /// The code, e.g. 44.
        let code: Int
        /// The code as ASCII digits.
        let codeDigits: [UInt8]
        /// Regions using the code, main region first; empty for non-geographic codes.
        let regions: [CountryCode]
        /// The main region's trunk prefixes as ASCII digits, longest first.
        let nationalPrefixes: [[UInt8]]
        /// Bit `n` is set when a national number may have `n` digits.
        let lengthMask: UInt32
        /// Shortest and longest possible national number.
        let minLength: Int
        let maxLength: Int
        /// Per length (index), the two-digit starts national numbers of that length have.
        let starts: [StartMask]
        /// For shared codes: (prefix value << 5 | prefix length) → region.
        let prefixes: [UInt64: CountryCode]
        /// Length of the longest key in `prefixes`.
        let longestPrefix: Int

        init(
            code: Int, regions: [CountryCode], nationalPrefixes: [[UInt8]], lengthMask: UInt32,
            minLength: Int, maxLength: Int, starts: [StartMask], prefixes: [UInt64: CountryCode],
            longestPrefix: Int
        ) {
            self.code = code
            codeDigits = Array(String(code).utf8)
            self.regions = regions
            self.nationalPrefixes = nationalPrefixes
            self.lengthMask = lengthMask
            self.minLength = minLength
            self.maxLength = maxLength
            self.starts = starts
            self.prefixes = prefixes
            self.longestPrefix = longestPrefix
        }

        /// Whether `national` has a possible length and a start some number of that length has.
        @inline(__always)
        func isPlausible(_ national: ArraySlice<UInt8>) -> Bool {
            let count = national.count
            guard count >= 2, count < 32, lengthMask >> count & 1 == 1, count < starts.count
            else { return false }
            let i = national.startIndex
            let start = Int(national[i] &- UInt8(ascii: "0")) * 10
                + Int(national[i + 1] &- UInt8(ascii: "0"))
            return starts[count].contains(start)
        }

        /// The lengths national numbers starting with the same two digits as `national` have,
        /// ascending; empty if no known number starts that way.
        func lengths(startingWith national: ArraySlice<UInt8>) -> [Int] {
            guard national.count >= 2 else { return [] }
            let i = national.startIndex
            let start = Int(national[i] &- UInt8(ascii: "0")) * 10
                + Int(national[i + 1] &- UInt8(ascii: "0"))
            return starts.indices.filter { starts[$0].contains(start) }
        }

        /// The region a national number belongs to: by longest prefix for shared codes, the
        /// main region when no prefix matches, `nil` for non-geographic codes.
        @inline(__always)
        func region(for national: ArraySlice<UInt8>) -> CountryCode? {
            guard regions.count > 1 else { return regions.first }
            var best = regions[0]
            var value: UInt64 = 0
            var length: UInt64 = 0
            for byte in national.prefix(longestPrefix) {
                value = value &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                length += 1
                if let region = prefixes[value << 5 | length] {
                    best = region
                }
            }
            return best
        }
    }

    /// All calling codes, indexed by code (1...999).
    struct Metadata: Sendable {
        private let codes: [CallingCodeInfo?]

        init(codes codeRecords: String, shared sharedRecords: String) {
            var shared: [Int: (prefixes: [UInt64: CountryCode], longest: Int)] = [:]
            for record in sharedRecords.split(separator: "|") {
                let parts = record.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let code = Int(parts[0]) else {
                    preconditionFailure("malformed shared-code record \(record)")
                }
                var prefixes: [UInt64: CountryCode] = [:]
                var longest = 0
                for entry in parts[1].split(separator: ",") {
                    let pair = entry.split(separator: "=")
                    guard pair.count == 2, let value = UInt64(pair[0]),
                          let region = CountryCode(pair[1])
                    else { preconditionFailure("malformed shared-code entry \(entry)") }
                    let length = pair[0].utf8.count
                    prefixes[value << 5 | UInt64(length)] = region
                    longest = max(longest, length)
                }
                shared[code] = (prefixes, longest)
            }

            var codes = [CallingCodeInfo?](repeating: nil, count: 1000)
            for record in codeRecords.split(separator: "|") {
                let parts = record.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 4, let code = Int(parts[0]), (1...999).contains(code) else {
                    preconditionFailure("malformed calling-code record \(record)")
                }
                let regions = parts[1].split(separator: ",").compactMap { CountryCode($0) }
                let lengths = parts[2].split(separator: ",").compactMap { Int($0) }
                let masks = parts[3].split(separator: ",")
                guard !lengths.isEmpty, masks.count == lengths.count, lengths.allSatisfy({ $0 < 32 })
                else { preconditionFailure("malformed calling-code record \(record)") }
                var starts = [StartMask](repeating: StartMask(), count: lengths.max()! + 1)
                var lengthMask: UInt32 = 0
                for (length, hex) in zip(lengths, masks) {
                    guard let mask = StartMask(hex: hex) else {
                        preconditionFailure("malformed start mask \(hex)")
                    }
                    starts[length] = mask
                    lengthMask |= 1 << UInt32(length)
                }
                codes[code] = CallingCodeInfo(
                    code: code,
                    regions: regions,
                    nationalPrefixes: regions.first?.info.nationalPrefixes ?? [],
                    lengthMask: lengthMask,
                    minLength: lengths.min()!,
                    maxLength: lengths.max()!,
                    starts: starts,
                    prefixes: shared[code]?.prefixes ?? [:],
                    longestPrefix: shared[code]?.longest ?? 0
                )
            }
            self.codes = codes
        }

        /// The metadata for a calling code, or `nil` if it is not assigned.
        @inline(__always)
        func info(_ code: Int) -> CallingCodeInfo? {
            code > 0 && code < codes.count ? codes[code] : nil
        }
    }

    /// Parsed once, on first use, from ``CallingCodeData``.
    static let metadata = Metadata(
        codes: CallingCodeData.callingCodes, shared: CallingCodeData.sharedPrefixes
    )
}
