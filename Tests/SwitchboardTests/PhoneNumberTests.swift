import Foundation
import Testing
@testable import Switchboard

// Expected countries below were checked against libphonenumber itself
// (`phonenumbers.region_code_for_number`, phonenumbers 9.0.43).

private func country(_ code: String) -> CountryCode {
    guard let country = CountryCode(code) else { fatalError("unknown country \(code)") }
    return country
}

// MARK: - Valid input

struct ValidCase: Sendable, CustomTestStringConvertible {
    let input: String
    let defaultCountry: String?
    let e164: String
    let testDescription: String

    init(_ input: String, in defaultCountry: String? = nil, _ e164: String) {
        self.input = input
        self.defaultCountry = defaultCountry
        self.e164 = e164
        testDescription = defaultCountry.map { "\(input) in \($0)" } ?? input
    }
}

@Suite("PhoneNumber parsing")
struct PhoneNumberParsingTests {
    static let valid: [ValidCase] = [
        // International, as people write them.
        ValidCase("+31 6 1234 5678", "+31612345678"),
        ValidCase("+31612345678", "+31612345678"),
        ValidCase("0031612345678", "+31612345678"),
        ValidCase("00 31 6 12 34 56 78", "+31612345678"),
        ValidCase("+1 (415) 555-0100", "+14155550100"),
        ValidCase("+44.7700.900000", "+447700900000"),
        ValidCase("+31 6/1234-5678", "+31612345678"),
        ValidCase("  +31 6 1234 5678 \n", "+31612345678"),
        ValidCase("+31\u{00A0}6\u{00A0}1234\u{00A0}5678", "+31612345678"),
        ValidCase("+31\u{202F}6\u{2011}1234\u{2013}5678", "+31612345678"),
        ValidCase("\u{FF0B}\u{FF13}\u{FF11}\u{FF16}\u{FF11}\u{FF12}\u{FF13}\u{FF14}\u{FF15}\u{FF16}\u{FF17}\u{FF18}",
                  "+31612345678"),
        ValidCase("(+31) 6 1234 5678", "+31612345678"),
        ValidCase("+39 06 698 12345", "+390669812345"),
        ValidCase("+49 30 1234567", "+49301234567"),
        ValidCase("0041 44 668 18 00", "+41446681800"),
        // A trunk prefix written after the calling code is dropped.
        ValidCase("+31 (0)6 1234 5678", "+31612345678"),
        ValidCase("+44 (0)20 7123 4567", "+442071234567"),
        // Digits only, starting with a calling code: international without "+".
        ValidCase("31612345678", "+31612345678"),
        ValidCase("447700900000", "+447700900000"),
        ValidCase("14155550100", "+14155550100"),
        // The North American exit code.
        ValidCase("011 44 7700 900000", "+447700900000"),
        ValidCase("011 31 6 1234 5678", in: "US", "+31612345678"),
        // National numbers with a default country.
        ValidCase("06 1234 5678", in: "NL", "+31612345678"),
        ValidCase("06-12345678", in: "NL", "+31612345678"),
        ValidCase("612345678", in: "NL", "+31612345678"),
        ValidCase("31612345678", in: "NL", "+31612345678"),
        ValidCase("0031 6 1234 5678", in: "NL", "+31612345678"),
        ValidCase("(415) 555-0100", in: "US", "+14155550100"),
        ValidCase("4155550100", in: "US", "+14155550100"),
        ValidCase("1 415 555 0100", in: "US", "+14155550100"),
        ValidCase("020 7123 4567", in: "GB", "+442071234567"),
        ValidCase("447700900000", in: "GB", "+447700900000"),
        ValidCase("07781 123456", in: "GB", "+447781123456"),
        ValidCase("8 (912) 345-67-89", in: "RU", "+79123456789"),
        ValidCase("810 31 6 1234 5678", in: "RU", "+31612345678"),
        ValidCase("06 698 12345", in: "VA", "+390669812345"),
        // Alternative trunk prefixes and local numbers without their area code.
        ValidCase("8 0152 45-09-11", in: "BY", "+375152450911"),
        ValidCase("464 1234", in: "AG", "+12684641234"),
        ValidCase("25 67 89", in: "GG", "+441481256789"),
        // An international number ignores the default country.
        ValidCase("+1 415 555 0100", in: "NL", "+14155550100"),
        // Non-geographic calling codes.
        ValidCase("+800 1234 5678", "+80012345678"),
        ValidCase("+882 342 1234", "+8823421234"),
    ]

    @Test("parses to E.164", arguments: valid)
    func parsesToE164(_ testCase: ValidCase) throws {
        let defaultCountry = testCase.defaultCountry.map(country)
        let number = try PhoneNumber(parsing: testCase.input, defaultCountry: defaultCountry)
        #expect(number.e164 == testCase.e164)
        #expect(number.digits == String(testCase.e164.dropFirst()))
        #expect(number.description == testCase.e164)
        #expect("+\(number.callingCode)\(number.nationalNumber)" == testCase.e164)
        // Parsing the result again gives the same number.
        #expect(try PhoneNumber(parsing: number.e164) == number)
    }

    @Test func exposesParts() throws {
        let number = try PhoneNumber(parsing: "+31 6 1234 5678")
        #expect(number.e164 == "+31612345678")
        #expect(number.callingCode == 31)
        #expect(number.nationalNumber == "612345678")
        #expect(number.country == country("NL"))
        #expect(number.digits == "31612345678")

        let italian = try PhoneNumber(parsing: "+39 06 1234 5678")
        #expect(italian.nationalNumber == "0612345678")
        #expect(italian.country == country("IT"))
    }

    @Test func equalNumbersWrittenDifferentlyAreEqual() throws {
        let a = try PhoneNumber(parsing: "+31 6 1234 5678")
        let b = try PhoneNumber(parsing: "06-12345678", defaultCountry: country("NL"))
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
    }

    @Test func codableAsE164String() throws {
        let number = try PhoneNumber(parsing: "+44 7781 123456")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["+447781123456"]"#)
        let decoded = try JSONDecoder().decode([PhoneNumber].self, from: data)
        #expect(decoded == [number])
        #expect(decoded.first?.country == country("GG"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PhoneNumber].self, from: Data(#"["+999 1"]"#.utf8))
        }
    }

    @Test(arguments: [
        ("+800 1234 5678", 800), ("+808 1234 5678", 808), ("+870 773 111 632", 870),
        ("+878 1012 3456 7890", 878), ("+881 612 345 678", 881), ("+882 342 1234", 882),
        ("+883 5100 1234 5678", 883), ("+888 123 456 789 01", 888), ("+979 1 2345 6789", 979),
    ])
    func nonGeographicCodesHaveNoCountry(input: String, callingCode: Int) throws {
        let number = try PhoneNumber(parsing: input)
        #expect(number.callingCode == callingCode)
        #expect(number.country == nil)
    }

    @Test func everyCountryHasPossibleLengths() throws {
        for code in CountryCode.all {
            let callingCode = try #require(code.callingCode)
            let lengths = try #require(PhoneNumber.possibleNationalLengths(callingCode: callingCode))
            #expect(!lengths.isEmpty, "\(code)")
            #expect(lengths.allSatisfy { $0 >= 4 && $0 <= 17 }, "\(code): \(lengths)")
        }
    }
}

// MARK: - Rejections

struct RejectCase: Sendable, CustomTestStringConvertible {
    let input: String
    let defaultCountry: String?
    let reason: PhoneNumberError.Reason
    let testDescription: String

    init(_ input: String, in defaultCountry: String? = nil, _ reason: PhoneNumberError.Reason) {
        self.input = input
        self.defaultCountry = defaultCountry
        self.reason = reason
        testDescription = "\(input.debugDescription) → \(reason)"
    }
}

@Suite("PhoneNumber rejections")
struct PhoneNumberRejectionTests {
    static let invalid: [RejectCase] = [
        RejectCase("", .empty),
        RejectCase("   ", .empty),
        RejectCase("+", .empty),
        RejectCase("( ) -", .empty),
        RejectCase("+31 6 CALL ME", .containsLetters("CALL ME")),
        RejectCase("1-800-FLOWERS", .containsLetters("FLOWERS")),
        RejectCase("+31 6 1234 5678 ext. 12", .containsLetters("ext")),
        RejectCase("+31 6 1234 567é", .containsLetters("é")),
        RejectCase("+31 6 1234#5678", .invalidCharacters("#")),
        RejectCase("*31*6*1234#5678", .invalidCharacters("*#")),
        RejectCase("31+612345678", .invalidCharacters("+")),
        RejectCase("++31612345678", .invalidCharacters("+")),
        RejectCase("+31 6 1234 5678;", .invalidCharacters(";")),
        RejectCase("+31 6123", .tooShort),
        RejectCase("+1 415 555", .tooShort),
        RejectCase("+31", .tooShort),
        RejectCase("123", .tooShort),
        RejectCase("06 1234", in: "NL", .tooShort),
        RejectCase("+31 6 1234", .tooShort),
        RejectCase("+31 6 1234 56789", .tooLong),
        RejectCase("+1 415 555 01", .tooShort),
        RejectCase("+31 6 1234 5678 9012", .tooLong),
        RejectCase("+44 1234 5678 9012 3456", .tooLong),
        RejectCase("1234567890123456789", .tooLong),
        RejectCase("+1 310 555 01", .invalidLength),
        RejectCase("+999 123456", .unknownCallingCode("999")),
        RejectCase("+0 612345678", .unknownCallingCode("0")),
        RejectCase("00 999 123 456", .unknownCallingCode("999")),
        RejectCase("06 1234 5678", .missingCountry),
        RejectCase("612345678", .missingCountry),
        RejectCase("(415) 555-0100", .missingCountry),
    ]

    @Test("rejects with a reason", arguments: invalid)
    func rejects(_ testCase: RejectCase) {
        let defaultCountry = testCase.defaultCountry.flatMap { CountryCode($0) }
        let error = #expect(throws: PhoneNumberError.self) {
            try PhoneNumber(parsing: testCase.input, defaultCountry: defaultCountry)
        }
        #expect(error?.reason == testCase.reason)
        #expect(error?.input == testCase.input)
        #expect(error?.description.hasPrefix("\"\(testCase.input)\": ") == true)
        #expect(error?.description.contains(" — ") == true, "says how to fix it")
    }

    @Test func unknownCallingCodeDescription() {
        let error = #expect(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "+999 123456") }
        #expect(error?.description == "\"+999 123456\": unknown calling code +999 — check the country code; "
            + "write numbers in international format like +31 6 1234 5678")
    }

    @Test func lengthDescriptionsNameTheExpectedLengths() {
        let short = #expect(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "+1 415 555") }
        #expect(short?.callingCode == 1)
        #expect(short?.nationalDigitCount == 6)
        #expect(short?.description == "\"+1 415 555\": too short (6 digits after +1) — +1 numbers have 7 or 10 "
            + "digits after the country code; check for missing digits")

        let long = #expect(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "+31 6 1234 5678 9012") }
        #expect(long?.description.contains("at most 11 digits after the country code") == true)

        let odd = #expect(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "+1 310 555 01") }
        #expect(odd?.reason == .invalidLength)
        #expect(odd?.description.contains("+1 numbers starting 31 have 7 or 10 digits") == true)
    }

    @Test func missingCountryDescriptionSuggestsTheFix() {
        let error = #expect(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "06 1234 5678") }
        #expect(error?.description.contains("international format") == true)
        #expect(error?.description.contains("default country") == true)
    }
}

// MARK: - Country detection for shared calling codes

struct SharedCodeCase: Sendable, CustomTestStringConvertible {
    let input: String
    let country: String
    var testDescription: String { "\(input) → \(country)" }

    init(_ input: String, _ country: String) {
        self.input = input
        self.country = country
    }
}

@Suite("PhoneNumber country detection")
struct PhoneNumberCountryTests {
    static let shared: [SharedCodeCase] = [
        // +1 NANP: by area code.
        SharedCodeCase("+1 415 555 0100", "US"), SharedCodeCase("+1 212 555 0123", "US"),
        SharedCodeCase("+1 416 555 0100", "CA"), SharedCodeCase("+1 604 555 0100", "CA"),
        SharedCodeCase("+1 506 234 5678", "CA"), SharedCodeCase("+1 787 555 0100", "PR"),
        SharedCodeCase("+1 939 234 5678", "PR"), SharedCodeCase("+1 876 555 0100", "JM"),
        SharedCodeCase("+1 658 210 1234", "JM"), SharedCodeCase("+1 242 357 0100", "BS"),
        SharedCodeCase("+1 268 464 1234", "AG"), SharedCodeCase("+1 264 235 1234", "AI"),
        SharedCodeCase("+1 684 733 1234", "AS"), SharedCodeCase("+1 246 250 1234", "BB"),
        SharedCodeCase("+1 441 370 1234", "BM"), SharedCodeCase("+1 767 225 1234", "DM"),
        SharedCodeCase("+1 809 234 5678", "DO"), SharedCodeCase("+1 829 234 5678", "DO"),
        SharedCodeCase("+1 473 403 1234", "GD"), SharedCodeCase("+1 671 300 1234", "GU"),
        SharedCodeCase("+1 869 765 2917", "KN"), SharedCodeCase("+1 345 323 1234", "KY"),
        SharedCodeCase("+1 758 284 5678", "LC"), SharedCodeCase("+1 670 234 5678", "MP"),
        SharedCodeCase("+1 664 492 3456", "MS"), SharedCodeCase("+1 721 520 5678", "SX"),
        SharedCodeCase("+1 649 231 1234", "TC"), SharedCodeCase("+1 868 291 1234", "TT"),
        SharedCodeCase("+1 784 430 1234", "VC"), SharedCodeCase("+1 284 300 1234", "VG"),
        SharedCodeCase("+1 340 642 1234", "VI"),
        // +7: Kazakhstan is 7xx, the rest Russia.
        SharedCodeCase("+7 912 345 6789", "RU"), SharedCodeCase("+7 495 123 4567", "RU"),
        SharedCodeCase("+7 701 123 4567", "KZ"), SharedCodeCase("+7 771 000 9998", "KZ"),
        SharedCodeCase("+7 727 123 4567", "KZ"),
        // +44: the Crown Dependencies have their own mobile and fixed ranges.
        // (07700 900xxx is reserved for drama; libphonenumber calls it invalid, we fall back to GB.)
        SharedCodeCase("+44 7700 900000", "GB"), SharedCodeCase("+44 20 7123 4567", "GB"),
        SharedCodeCase("+44 7400 123456", "GB"), SharedCodeCase("+44 7781 123456", "GG"),
        SharedCodeCase("+44 1481 256789", "GG"), SharedCodeCase("+44 7797 123456", "JE"),
        SharedCodeCase("+44 1534 456789", "JE"), SharedCodeCase("+44 7624 123456", "IM"),
        SharedCodeCase("+44 1624 756789", "IM"),
        // +39: Vatican City is 06 698.
        SharedCodeCase("+39 06 698 12345", "VA"), SharedCodeCase("+39 06 1234 5678", "IT"),
        SharedCodeCase("+39 312 345 6789", "IT"),
        // +47: Svalbard is 79.
        SharedCodeCase("+47 79 12 34 56", "SJ"), SharedCodeCase("+47 22 12 34 56", "NO"),
        SharedCodeCase("+47 412 34 567", "NO"),
        // +61: Cocos (Keeling) and Christmas Island share 8 91xx with Australia.
        SharedCodeCase("+61 4 1234 5678", "AU"), SharedCodeCase("+61 2 1234 5678", "AU"),
        SharedCodeCase("+61 8 9162 1234", "CC"), SharedCodeCase("+61 8 9164 1234", "CX"),
        // +212: libphonenumber assigns every +212 number to Morocco (its leading digits cover all).
        SharedCodeCase("+212 6 50 12 34 56", "MA"),
        // +262 Réunion / Mayotte.
        SharedCodeCase("+262 692 12 34 56", "RE"), SharedCodeCase("+262 262 16 12 34", "RE"),
        SharedCodeCase("+262 639 01 23 45", "YT"), SharedCodeCase("+262 269 60 12 34", "YT"),
        // +290 Saint Helena / Tristan da Cunha.
        SharedCodeCase("+290 22158", "SH"), SharedCodeCase("+290 8999", "TA"),
        // +358 Finland / Åland.
        SharedCodeCase("+358 41 2345678", "FI"), SharedCodeCase("+358 18 1234567", "AX"),
        // +590 Guadeloupe / Saint Barthélemy / Saint Martin.
        SharedCodeCase("+590 690 00 12 34", "GP"), SharedCodeCase("+590 590 27 12 34", "BL"),
        SharedCodeCase("+590 590 00 12 34", "MF"),
        // +599 Curaçao / Caribbean Netherlands.
        SharedCodeCase("+599 9 518 1234", "CW"), SharedCodeCase("+599 318 1234", "BQ"),
        SharedCodeCase("+599 715 1234", "BQ"),
    ]

    @Test("resolves shared calling codes", arguments: shared)
    func resolvesSharedCallingCodes(_ testCase: SharedCodeCase) throws {
        let number = try PhoneNumber(parsing: testCase.input)
        #expect(number.country?.alpha2 == testCase.country)
        #expect(number.country?.callingCode == number.callingCode)
    }

    @Test func nationalNumbersGetTheirOwnCountryNotTheDefault() throws {
        // The default country only tells how to read the digits; the country comes from them.
        #expect(try PhoneNumber(parsing: "876 555 0100", defaultCountry: country("US")).country == country("JM"))
        #expect(try PhoneNumber(parsing: "07624 123456", defaultCountry: country("GB")).country == country("IM"))
        #expect(try PhoneNumber(parsing: "8 701 123 4567", defaultCountry: country("RU")).country == country("KZ"))
    }

    @Test func singleRegionCodes() throws {
        #expect(try PhoneNumber(parsing: "+31 6 1234 5678").country == country("NL"))
        #expect(try PhoneNumber(parsing: "+49 30 1234567").country == country("DE"))
        #expect(try PhoneNumber(parsing: "+33 6 12 34 56 78").country == country("FR"))
    }
}

// MARK: - SenderID

@Suite("SenderID")
struct SenderIDTests {
    @Test(arguments: ["InfoText", "Info Text", "ACME-Bank", "Shop&Go", "A", "Bank24", "abcdefghijk", "1Stop"])
    func alphanumericIsKeptExactly(_ text: String) throws {
        let sender = try SenderID(parsing: text)
        #expect(sender == .alphanumeric(text))
        #expect(sender.description == text)
    }

    @Test(arguments: ["123", "3131", "12345678"])
    func shortCodes(_ text: String) throws {
        #expect(try SenderID(parsing: text) == .shortCode(text))
    }

    @Test func numbers() throws {
        let sender = try SenderID(parsing: "+31 6 1234 5678")
        #expect(sender == .number(try PhoneNumber(parsing: "+31612345678")))
        #expect(sender.description == "+31612345678")
        #expect(try SenderID(parsing: "06 1234 5678", defaultCountry: CountryCode("NL")).description == "+31612345678")
        #expect(try SenderID(parsing: "31612345678") == .number(try PhoneNumber(parsing: "+31612345678")))
    }

    @Test(arguments: [
        ("InfoTextLonger", PhoneNumberError.Reason.senderTooLong(14)),
        ("Café", .invalidSenderCharacters("é")),
        ("Info|Text", .invalidSenderCharacters("|")),
        ("", .empty),
        ("  ", .empty),
        ("12", .tooShort),
        ("+999 123456", .unknownCallingCode("999")),
    ])
    func rejects(text: String, reason: PhoneNumberError.Reason) {
        let error = #expect(throws: PhoneNumberError.self) { try SenderID(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.description.contains(" — ") == true)
    }
}
