/// Who an SMS appears to come from.
///
/// ```swift
/// try SenderID(parsing: "InfoText")         // .alphanumeric("InfoText") — kept exactly
/// try SenderID(parsing: "3131")             // .shortCode("3131")
/// try SenderID(parsing: "+31 6 1234 5678")  // .number(+31612345678)
/// ```
public enum SenderID: Hashable, Sendable, CustomStringConvertible {
    /// A name such as `InfoText`: 1 to 11 characters of ASCII letters, digits, spaces and basic
    /// GSM punctuation, with at least one letter. Kept exactly as given.
    case alphanumeric(String)
    /// A short code: 3 to 8 digits, e.g. `"3131"`.
    case shortCode(String)
    /// A full phone number.
    case number(PhoneNumber)

    /// The longest alphanumeric sender networks accept.
    public static let maximumAlphanumericLength = 11
    /// The digit counts a short code may have.
    public static let shortCodeLengths: ClosedRange<Int> = 3...8

    /// Reads a sender as written in configuration or an API call.
    ///
    /// Text with any letter is an alphanumeric sender and is kept exactly as given (case,
    /// spaces and punctuation included). Text of only 3–8 ASCII digits is a short code.
    /// Anything else is parsed as a ``PhoneNumber``.
    ///
    /// - Parameters:
    ///   - text: The sender, e.g. `"InfoText"`, `"3131"` or `"+31 6 1234 5678"`.
    ///   - defaultCountry: Passed to ``PhoneNumber/init(parsing:defaultCountry:)`` for numbers.
    /// - Throws: ``PhoneNumberError`` saying what is wrong and how to fix it: ``PhoneNumberError/Reason/empty``,
    ///   ``PhoneNumberError/Reason/senderTooLong(_:)`` or
    ///   ``PhoneNumberError/Reason/invalidSenderCharacters(_:)`` for names, and the phone number's
    ///   own error for numbers.
    public init(parsing text: String, defaultCountry: CountryCode? = nil) throws(PhoneNumberError) {
        var hasLetter = false
        var allDigits = true
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            let isDigit = scalar.value >= 0x30 && scalar.value <= 0x39
            allDigits = allDigits && isDigit
            if scalar.properties.isAlphabetic { hasLetter = true }
        }
        if count == 0 || text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            throw PhoneNumberError(.empty, input: text)
        }
        if hasLetter {
            var invalid = String.UnicodeScalarView()
            for scalar in text.unicodeScalars
            where !Self.isAllowedInAlphanumeric(scalar) && !invalid.contains(scalar) {
                invalid.append(scalar)
            }
            if !invalid.isEmpty {
                throw PhoneNumberError(.invalidSenderCharacters(String(invalid)), input: text)
            }
            if count > Self.maximumAlphanumericLength {
                throw PhoneNumberError(.senderTooLong(count), input: text)
            }
            self = .alphanumeric(text)
        } else if allDigits, Self.shortCodeLengths.contains(count) {
            self = .shortCode(text)
        } else {
            self = .number(try PhoneNumber(parsing: text, defaultCountry: defaultCountry))
        }
    }

    /// The sender as providers expect it: the name, the short code, or the E.164 number.
    public var description: String {
        switch self {
        case .alphanumeric(let name): name
        case .shortCode(let code): code
        case .number(let number): number.e164
        }
    }

    /// ASCII letters, digits, space and the GSM 03.38 basic-set punctuation that networks pass
    /// through in a sender name.
    private static func isAllowedInAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", " ":
            true
        case "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";",
             "<", "=", ">", "?", "@", "_":
            true
        default:
            false
        }
    }
}
