/// Why a text could not be read as a ``PhoneNumber`` (or a ``SenderID``).
///
/// The ``description`` names the input, says what is wrong and how to fix it, so it can be shown
/// to an operator or API user as is:
///
/// ```
/// "+999 123456": unknown calling code +999 — check the country code; write numbers in
/// international format like +31 6 1234 5678
/// ```
public struct PhoneNumberError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the input.
    public enum Reason: Sendable, Hashable {
        /// The input holds no digits at all.
        case empty
        /// The input contains letters (the associated value is the part from the first to the
        /// last letter). Vanity numbers such as `1-800-FLOWERS` are not converted.
        case containsLetters(String)
        /// The input contains characters that never appear in a phone number (the associated
        /// value lists them once each, in order of appearance).
        case invalidCharacters(String)
        /// Fewer digits than any number with this calling code has.
        case tooShort
        /// More digits than any number with this calling code has, or more than the 15 digits
        /// E.164 allows.
        case tooLong
        /// Between the shortest and the longest length for this calling code, but a length no
        /// number with this calling code has.
        case invalidLength
        /// The digits after `+` (or `00`) start with no assigned country calling code; the
        /// associated value is the first digits as written, e.g. `"999"`.
        case unknownCallingCode(String)
        /// A national number (no `+`, no international prefix) was given without a default
        /// country to read it in.
        case missingCountry
        /// An alphanumeric ``SenderID`` longer than 11 characters (the associated value is its
        /// length).
        case senderTooLong(Int)
        /// An alphanumeric ``SenderID`` with characters networks do not accept (listed once
        /// each, in order of appearance).
        case invalidSenderCharacters(String)
    }

    /// What is wrong.
    public let reason: Reason
    /// The text that was parsed, unchanged.
    public let input: String
    /// The country calling code the number was read with, when it got that far.
    public let callingCode: Int?
    /// How many digits followed the calling code, when it got that far.
    public let nationalDigitCount: Int?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - reason: What is wrong.
    ///   - input: The text that was parsed.
    ///   - callingCode: The calling code the number was read with, if known.
    ///   - nationalDigitCount: How many digits followed the calling code, if known.
    public init(
        _ reason: Reason,
        input: String,
        callingCode: Int? = nil,
        nationalDigitCount: Int? = nil
    ) {
        self.reason = reason
        self.input = input
        self.callingCode = callingCode
        self.nationalDigitCount = nationalDigitCount
        start = nil
        expectedLengths = []
    }

    /// Creates a length error that knows which lengths numbers starting like this one have.
    init(
        _ reason: Reason,
        input: String,
        callingCode: Int,
        nationalDigitCount: Int,
        start: String,
        expectedLengths: [Int]
    ) {
        self.reason = reason
        self.input = input
        self.callingCode = callingCode
        self.nationalDigitCount = nationalDigitCount
        self.start = start
        self.expectedLengths = expectedLengths
    }

    /// The first two national digits, when the length was checked against numbers starting
    /// with them.
    let start: String?
    /// The lengths numbers starting with ``start`` have; empty when not known.
    let expectedLengths: [Int]

    /// What is wrong with ``input`` and how to fix it.
    public var description: String {
        let quoted = "\"\(input)\""
        let example = "write numbers in international format like +31 6 1234 5678"
        switch reason {
        case .empty:
            return "\(quoted): no digits — \(example)"
        case .containsLetters(let letters):
            return "\(quoted): contains letters (\"\(letters)\") — a phone number may only "
                + "contain digits, a leading +, spaces and ( ) - . /; write vanity numbers "
                + "as digits and drop extensions"
        case .invalidCharacters(let characters):
            return "\(quoted): contains characters that cannot appear in a phone number "
                + "(\"\(characters)\") — use only digits, a leading +, spaces and ( ) - . /"
        case .tooShort:
            return "\(quoted): too short\(countSuffix) — \(expectation(minimum: true)); "
                + "check for missing digits"
        case .tooLong:
            return "\(quoted): too long\(countSuffix) — \(expectation(minimum: false)); "
                + "check for extra digits or an extension"
        case .invalidLength:
            return "\(quoted): wrong number of digits\(countSuffix) — "
                + "\(expectation(minimum: nil)); check for a missing or extra digit"
        case .unknownCallingCode(let code):
            return "\(quoted): unknown calling code +\(code) — check the country code; \(example)"
        case .missingCountry:
            return "\(quoted): no country code — \(example), or give a default country "
                + "to read national numbers in"
        case .senderTooLong(let length):
            return "\(quoted): alphanumeric sender ID is \(length) characters long — networks "
                + "allow at most \(SenderID.maximumAlphanumericLength); shorten it"
        case .invalidSenderCharacters(let characters):
            return "\(quoted): alphanumeric sender ID contains characters networks do not "
                + "accept (\"\(characters)\") — use ASCII letters, digits, spaces and simple "
                + "punctuation such as . - & ' _"
        }
    }

    private var countSuffix: String {
        guard let count = nationalDigitCount else { return "" }
        let plural = count == 1 ? "digit" : "digits"
        if let callingCode {
            return " (\(count) \(plural) after +\(callingCode))"
        }
        return " (\(count) \(plural))"
    }

    /// "+31 numbers starting 61 have 9 digits after the country code", or a generic rule.
    private func expectation(minimum: Bool?) -> String {
        var lengths = expectedLengths
        if lengths.isEmpty, let callingCode {
            lengths = PhoneNumber.possibleNationalLengths(callingCode: callingCode) ?? []
        }
        guard let callingCode, let first = lengths.first, let last = lengths.last else {
            let (low, high) = (PhoneNumber.minimumDigits, PhoneNumber.maximumDigits)
            switch minimum {
            case true?: return "a phone number has at least \(low) digits"
            case false?: return "E.164 allows at most \(high) digits"
            case nil: return "E.164 numbers have \(low) to \(high) digits"
            }
        }
        let digits: String
        if lengths.count == 1 {
            digits = "\(first)"
        } else if lengths.count == last - first + 1 {
            switch minimum {
            case true?: digits = "at least \(first)"
            case false?: digits = "at most \(last)"
            case nil: digits = "\(first) to \(last)"
            }
        } else {
            let head = lengths.dropLast().map(String.init).joined(separator: ", ")
            digits = "\(head) or \(last)"
        }
        let which = start.map { " starting \($0)" } ?? ""
        return "+\(callingCode) numbers\(which) have \(digits) digits after the country code"
    }
}
