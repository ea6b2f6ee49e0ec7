import Foundation
import Testing
@testable import Switchboard

@Suite("CountryCode")
struct CountryCodeTests {
    @Test(arguments: ["NL", "nl", "Nl", "nL"])
    func initIsCaseInsensitive(_ text: String) throws {
        let code = try #require(CountryCode(text))
        #expect(code.alpha2 == "NL")
        #expect(code.description == "NL")
    }

    @Test(arguments: ["", "N", "NLD", "XX", "ZZ", "EU", "UK", "1A", "N1", "ÑL", " NL", "N L", "001"])
    func rejectsUnknownCodes(_ text: String) {
        #expect(CountryCode(text) == nil)
    }

    @Test func acceptsSubstrings() {
        let text = "country=NL"
        #expect(CountryCode(text.suffix(2)) == CountryCode("NL"))
    }

    @Test(arguments: [
        ("NL", 31), ("US", 1), ("CA", 1), ("JM", 1), ("GB", 44), ("GG", 44), ("JE", 44), ("IM", 44),
        ("RU", 7), ("KZ", 7), ("IT", 39), ("VA", 39), ("NO", 47), ("SJ", 47), ("AU", 61), ("CX", 61),
        ("CC", 61), ("DE", 49), ("FI", 358), ("AX", 358), ("XK", 383), ("TA", 290), ("AC", 247),
    ])
    func callingCodes(alpha2: String, callingCode: Int) throws {
        #expect(try #require(CountryCode(alpha2)).callingCode == callingCode)
    }

    @Test func names() {
        #expect(CountryCode("NL")?.name == "Netherlands")
        #expect(CountryCode("GG")?.name == "Guernsey")
        #expect(CountryCode("XK")?.name == "Kosovo")
    }

    @Test func allIsSortedCompleteAndUnique() throws {
        let all = CountryCode.all
        #expect(all.count == 245)  // libphonenumber's supported regions
        #expect(all == all.sorted())
        #expect(Set(all).count == all.count)
        #expect(all.first?.alpha2 == "AC")
        #expect(all.last?.alpha2 == "ZW")
        for code in all {
            #expect(CountryCode(code.alpha2) == code)
            #expect(CountryCode(code.alpha2.lowercased()) == code)
            #expect(code.callingCode != nil, "\(code)")
            #expect(code.name?.isEmpty == false, "\(code)")
        }
        for alpha2 in ["US", "CA", "PR", "JM", "BS", "RU", "KZ", "GB", "GG", "JE", "IM", "IT", "VA", "NO",
                       "SJ", "AU", "CX", "CC", "RE", "YT", "GP", "BL", "MF", "CW", "BQ", "SH", "TA", "MA",
                       "EH", "FI", "AX", "SX", "VI", "VG"] {
            #expect(all.contains { $0.alpha2 == alpha2 }, "\(alpha2)")
        }
    }

    @Test func comparesAlphabetically() throws {
        let be = try #require(CountryCode("BE"))
        let nl = try #require(CountryCode("NL"))
        let us = try #require(CountryCode("US"))
        #expect(be < nl && nl < us)
        #expect([us, be, nl].sorted() == [be, nl, us])
        #expect(MemoryLayout<CountryCode>.size == 2)
    }

    @Test func codableAsTwoLetterString() throws {
        let codes = [CountryCode("NL"), CountryCode("gg")].compactMap { $0 }
        let data = try JSONEncoder().encode(codes)
        #expect(String(decoding: data, as: UTF8.self) == #"["NL","GG"]"#)
        #expect(try JSONDecoder().decode([CountryCode].self, from: data) == codes)
        #expect(try JSONDecoder().decode([CountryCode].self, from: Data(#"["nl"]"#.utf8)) == [CountryCode("NL")])
        // As dictionary values and keys' values in a keyed container.
        struct Wrapper: Codable, Equatable { var country: CountryCode }
        let wrapped = try JSONDecoder().decode(Wrapper.self, from: Data(#"{"country":"JE"}"#.utf8))
        #expect(wrapped.country.alpha2 == "JE")
    }

    @Test(arguments: [#"["XX"]"#, #"["Netherlands"]"#, #"[31]"#, #"[""]"#])
    func decodingRejectsUnknownCodes(_ json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CountryCode].self, from: Data(json.utf8))
        }
    }

    @Test func decodingErrorExplains() {
        do {
            _ = try JSONDecoder().decode([CountryCode].self, from: Data(#"["XX"]"#.utf8))
            Issue.record("expected an error")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("\"XX\" is not a known ISO 3166-1 alpha-2 country code"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
