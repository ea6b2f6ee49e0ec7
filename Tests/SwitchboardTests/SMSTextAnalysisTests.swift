import Testing

@testable import Switchboard

/// Septet length of a GSM-7 text, computed independently through the public alphabet API.
private func septets(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + (GSM7Alphabet.septets(for: $1) ?? 0) }
}

/// Checks the invariants every split must satisfy and returns the parts.
private func checkedSplit(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    let analysis = SMSTextAnalysis(text)
    let parts = SMSTextAnalysis.split(text)
    #expect(parts.count == analysis.segments, sourceLocation: sourceLocation)
    #expect(parts.joined() == text, sourceLocation: sourceLocation)
    #expect(parts.reduce(0) { $0 + $1.unicodeScalars.count } == text.unicodeScalars.count, sourceLocation: sourceLocation)
    for part in parts {
        // No lone surrogate: each part's UTF-16 round-trips exactly (a cut inside a scalar would
        // also surface as U+FFFD and break `joined() == text` above).
        #expect(String(decoding: Array(part.utf16), as: UTF16.self) == part, sourceLocation: sourceLocation)
        let length = analysis.encoding == .gsm7 ? septets(part) : part.utf16.count
        #expect(length <= analysis.unitsPerSegment, sourceLocation: sourceLocation)
    }
    if parts.count > 1 {
        let lastLength = analysis.encoding == .gsm7 ? septets(parts.last!) : parts.last!.utf16.count
        #expect(analysis.remainingInLastSegment == analysis.unitsPerSegment - lastLength, sourceLocation: sourceLocation)
    }
    return parts
}

@Suite struct SMSTextAnalysisTests {
    // MARK: GSM-7

    @Test(arguments: [
        (0, 1), (1, 1), (70, 1), (160, 1), (161, 2), (200, 2), (306, 2), (307, 3), (459, 3), (460, 4),
    ])
    func gsmBasicSegments(count: Int, expected: Int) {
        let text = String(repeating: "a", count: count)
        let analysis = SMSTextAnalysis(text)
        #expect(analysis.encoding == .gsm7)
        #expect(analysis.length == count)
        #expect(analysis.segments == expected)
        #expect(analysis.nonGSMCharacters.isEmpty)
        #expect(analysis.unitsPerSegment == (expected == 1 ? 160 : 153))
        #expect(checkedSplit(text).count == expected)
    }

    @Test(arguments: [(0, 160), (1, 159), (160, 0), (161, 145), (306, 0), (307, 152)])
    func gsmRemainingInLastSegment(count: Int, remaining: Int) {
        #expect(SMSTextAnalysis(String(repeating: "x", count: count)).remainingInLastSegment == remaining)
    }

    @Test func emptyTextIsOneGSMSegment() {
        let analysis = SMSTextAnalysis("")
        #expect(analysis.encoding == .gsm7)
        #expect(analysis.length == 0)
        #expect(analysis.segments == 1)
        #expect(analysis.remainingInLastSegment == 160)
        #expect(SMSTextAnalysis.split("") == [""])
    }

    @Test(arguments: [(80, 160, 1), (81, 162, 2), (76, 152, 1), (153, 306, 3)])
    func extensionCharactersCountTwo(euros: Int, length: Int, expected: Int) {
        let text = String(repeating: "€", count: euros)
        let analysis = SMSTextAnalysis(text)
        #expect(analysis.encoding == .gsm7)
        #expect(analysis.length == length)
        #expect(analysis.segments == expected)
        let parts = checkedSplit(text)
        if euros == 81 {
            // 76 € = 152 septets; the 77th would straddle the 153 boundary.
            #expect(parts.map(\.count) == [76, 5])
        }
    }

    @Test(arguments: Array("^{}\\[~]|€\u{0C}"))
    func everyExtensionCharacterCountsTwo(character: Character) {
        let analysis = SMSTextAnalysis("a" + String(character))
        #expect(analysis.encoding == .gsm7)
        #expect(analysis.length == 3)
    }

    /// (basic chars before, tail, expected part septet lengths). The escape pair never straddles 153.
    @Test(arguments: [
        (152, "€" + String(repeating: "b", count: 10), [152, 12]),
        (152, "€" + String(repeating: "b", count: 152), [152, 153, 1]),  // 306 septets, naive division says 2
        (151, "€" + String(repeating: "b", count: 10), [153, 10]),  // fits exactly
        (152, "[]" + String(repeating: "b", count: 10), [152, 14]),
        (152, "a€" + String(repeating: "b", count: 10), [153, 12]),  // the escape starts part 2
    ])
    func escapePairIsNeverSplit(prefix: Int, tail: String, expectedLengths: [Int]) {
        let text = String(repeating: "a", count: prefix) + tail
        let analysis = SMSTextAnalysis(text)
        #expect(analysis.encoding == .gsm7)
        #expect(analysis.length == septets(text))
        let parts = checkedSplit(text)
        #expect(parts.map(septets) == expectedLengths)
        #expect(analysis.segments == expectedLengths.count)
        #expect(analysis.remainingInLastSegment == 153 - expectedLengths.last!)
        #expect(parts.allSatisfy { septets($0) <= 153 })
    }

    @Test func gsmLettersAndGreekCapitalsStayGSM() {
        let text = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡AZÄÖÑÜ§¿azäöñüà"
        let analysis = SMSTextAnalysis(text)
        #expect(analysis.encoding == .gsm7)
        #expect(analysis.length == text.unicodeScalars.count)
    }

    // MARK: UCS-2

    @Test(arguments: [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)])
    func ucs2Segments(count: Int, expected: Int) {
        let text = String(repeating: "ж", count: count)
        let analysis = SMSTextAnalysis(text)
        #expect(analysis.encoding == .ucs2)
        #expect(analysis.length == count)
        #expect(analysis.segments == expected)
        #expect(analysis.unitsPerSegment == (expected == 1 ? 70 : 67))
        #expect(analysis.nonGSMCharacters == ["ж"])
        #expect(checkedSplit(text).count == expected)
    }

    @Test(arguments: [(1, 2, 1), (35, 70, 1), (36, 72, 2), (67, 134, 3)])
    func emojiCountTwoUnits(emoji: Int, length: Int, expected: Int) {
        let text = String(repeating: "😀", count: emoji)
        let analysis = SMSTextAnalysis(text)
        #expect(analysis.encoding == .ucs2)
        #expect(analysis.length == length)
        #expect(analysis.segments == expected)
        let parts = checkedSplit(text)
        if emoji > 35 {
            #expect(parts.dropLast().allSatisfy { $0.utf16.count == 66 })
        }
    }

    /// (ж before, tail, expected part UTF-16 lengths). A surrogate pair never straddles 67.
    @Test(arguments: [
        (66, "😀" + String(repeating: "ж", count: 10), [66, 12]),
        (66, "😀" + String(repeating: "ж", count: 66), [66, 67, 1]),  // 134 units, naive division says 2
        (65, "😀" + String(repeating: "ж", count: 10), [67, 10]),  // fits exactly
        (66, "ж😀" + String(repeating: "ж", count: 4), [67, 6]),
        (66, "🇫🇷" + String(repeating: "ж", count: 5), [66, 9]),  // flag = 2 surrogate pairs
    ])
    func surrogatePairIsNeverSplit(prefix: Int, tail: String, expectedLengths: [Int]) {
        let text = String(repeating: "ж", count: prefix) + tail
        let analysis = SMSTextAnalysis(text)
        #expect(analysis.encoding == .ucs2)
        #expect(analysis.length == text.utf16.count)
        let parts = checkedSplit(text)
        #expect(parts.map(\.utf16.count) == expectedLengths)
        #expect(analysis.segments == expectedLengths.count)
        #expect(analysis.remainingInLastSegment == 67 - expectedLengths.last!)
        for part in parts {
            #expect(!UTF16.isTrailSurrogate(part.utf16.first!))
            #expect(!UTF16.isLeadSurrogate(part.utf16.last!))
        }
    }

    @Test func graphemeClustersMaySplitBetweenScalars() {
        // 65 units, then a 2-scalar flag (4 units): the first regional indicator fits (67),
        // the second goes to the next part. Documented behaviour: code points, not graphemes.
        let text = String(repeating: "ж", count: 65) + "🇫🇷" + String(repeating: "ж", count: 5)
        let parts = checkedSplit(text)
        #expect(parts.map(\.utf16.count) == [67, 7])
    }

    // MARK: Encoding switch

    @Test(arguments: ["ł", "😀", "’", "`", "\t", "ç", "e\u{301}", "👨‍👩‍👧"] as [Character])
    func oneNonGSMCharacterSwitchesToUCS2(character: Character) {
        let text = String(repeating: "Hello ", count: 9) + String(character) + " world"
        let analysis = SMSTextAnalysis(text)
        #expect(analysis.encoding == .ucs2)
        #expect(analysis.length == text.utf16.count)
        #expect(analysis.nonGSMCharacters == [character])
        #expect(analysis.segments == 1)
        #expect(!GSM7Alphabet.contains(character))
    }

    @Test func nonGSMCharactersAreDistinctInOrderOfAppearance() {
        let analysis = SMSTextAnalysis("It’s “great” – ok… it’s 😀 ł😀")
        #expect(analysis.nonGSMCharacters == ["’", "“", "”", "–", "…", "😀", "ł"])
    }

    @Test func gsm7TextBecomingUCS2CanGrowSegments() {
        let gsm = String(repeating: "a", count: 100)
        #expect(SMSTextAnalysis(gsm).segments == 1)
        #expect(SMSTextAnalysis(gsm + "’").segments == 2)
    }

    @Test func descriptionSummarises() {
        #expect(SMSTextAnalysis(String(repeating: "a", count: 161)).description == "GSM-7, 161 septets, 2 segments")
        #expect(SMSTextAnalysis("ж").description == "UCS-2, 1 UTF-16 units, 1 segment")
        #expect(SMSEncoding.gsm7.description == "GSM-7")
        #expect(SMSEncoding(rawValue: "UCS-2") == .ucs2)
    }

    @Test func nonGSMCharactersKeepGraphemeClusters() {
        let analysis = SMSTextAnalysis("Hi 👍🏽 🇫🇷 e\u{301} ❤️ 👍🏽 ok")
        #expect(analysis.nonGSMCharacters.map { String($0) } == ["👍🏽", "🇫🇷", "e\u{301}", "❤️"])
    }

    @Test func nonGSMCharactersFromScalarFastPath() {
        // Every scalar is grapheme-simple here: the list is built without a Character walk.
        let analysis = SMSTextAnalysis("Привет, мир! 你好 😀 “ok” 😀 안녕")
        #expect(analysis.nonGSMCharacters == Array("Приветм你好😀“”안녕"))
    }

    /// The scalar fast path for `nonGSMCharacters` relies on these scalars never joining a
    /// neighbour into one grapheme cluster; check that against the standard library's segmentation.
    @Test func graphemeSimpleScalarsAreTheirOwnCharacters() {
        let partners: [Unicode.Scalar] = ["a", "\t", "é", "ж", "’", "中", "가", "각", "😀", "©"]
        for value in UInt32(0x80)...0x1FFFF where SMSTextAnalysis.isGraphemeSimple(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for partner in partners + [scalar] {
                // partner · scalar · partner must be three Characters: no join on either side.
                var scalars = String.UnicodeScalarView()
                scalars.append(contentsOf: [partner, scalar, partner])
                if String(scalars).count != 3 {
                    Issue.record("U+\(String(value, radix: 16, uppercase: true)) joins U+\(String(partner.value, radix: 16))")
                    return
                }
            }
        }
    }

    // MARK: Differential

    /// Random texts (seeded) against a straightforward reference built on `unicodeScalars` and
    /// `Character`s, to cover the word-at-a-time fast paths and every boundary position.
    @Test(arguments: [0x5EED, 0xC0FFEE, 0xBADF00D])
    func matchesReferenceImplementation(seed: UInt64) {
        let plain = ["a", "Z", "0", " ", ".", "Hello world ", "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklm"]
        let gsm = ["_", "@", "\n", "\r\n", "[", "]", "{", "}", "~", "^", "|", "\\", "€", "\u{0C}", "é", "Ç", "Δ", "ß"]
        let nonGSM = ["`", "\t", "\u{7F}", "ж", "’", "…", "中", "😀", "👍🏽", "🇫🇷", "e\u{301}", "❤️"]
        var generator = SplitMix64(seed: seed)
        for round in 0..<900 {
            // Rounds alternate: GSM-7 only, GSM-7 with one non-GSM character, anything.
            let specials = round % 3 == 2 ? gsm + nonGSM : gsm
            var text = ""
            for _ in 0..<Int.random(in: 0...(round % 4 == 0 ? 30 : 120), using: &generator) {
                let fromPlain = Int.random(in: 0..<10, using: &generator) < 6
                text += (fromPlain ? plain : specials).randomElement(using: &generator)!
            }
            if round % 3 == 1 {
                let offset = Int.random(in: 0...text.count, using: &generator)
                text.insert(
                    contentsOf: nonGSM.randomElement(using: &generator)!, at: text.index(text.startIndex, offsetBy: offset))
            }
            let reference = ReferenceAnalysis(text)
            let analysis = SMSTextAnalysis(text)
            #expect(analysis.encoding == reference.encoding, "\(text.debugDescription)")
            #expect(analysis.length == reference.length, "\(text.debugDescription)")
            #expect(analysis.segments == reference.parts.count, "\(text.debugDescription)")
            #expect(analysis.remainingInLastSegment == reference.remaining, "\(text.debugDescription)")
            #expect(analysis.nonGSMCharacters.map { Array($0.unicodeScalars) } == reference.nonGSM, "\(text.debugDescription)")
            #expect(SMSTextAnalysis.split(text) == reference.parts, "\(text.debugDescription)")
        }
    }

    // MARK: Alphabet

    @Test func alphabetTablesMatchLookup() {
        #expect(GSM7Alphabet.basicTable.count == 128)
        #expect(GSM7Alphabet.extensionTable.count == 128)
        #expect(GSM7Alphabet.basicTable.compactMap { $0 }.count == 127)
        #expect(GSM7Alphabet.extensionTable.compactMap { $0 }.count == 10)
        #expect(GSM7Alphabet.basicTable[0x09] == "Ç")
        #expect(GSM7Alphabet.basicTable[0x1E] == "ß")
        #expect(GSM7Alphabet.basicTable[Int(GSM7Alphabet.escapeCode)] == nil)
        #expect(GSM7Alphabet.basicCode(for: "@") == 0x00)
        #expect(GSM7Alphabet.basicCode(for: "à") == 0x7F)
        #expect(GSM7Alphabet.extensionCode(for: "€") == 0x65)
        #expect(GSM7Alphabet.basicCode(for: "€") == nil)
        let basic = Set(GSM7Alphabet.basicTable.compactMap { $0 })
        let extensions = Set(GSM7Alphabet.extensionTable.compactMap { $0 })
        for value in UInt32(0)...0x2FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = basic.contains(scalar) ? 1 : extensions.contains(scalar) ? 2 : nil
            #expect(GSM7Alphabet.septets(for: scalar) == expected, "U+\(String(value, radix: 16))")
        }
        #expect(!GSM7Alphabet.contains("ç" as Character))
        #expect(!GSM7Alphabet.contains("`" as Unicode.Scalar))
        #expect(GSM7Alphabet.contains("\r\n" as Character))
    }
}

/// Deterministic random numbers for reproducible generated tests.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The obvious, slow implementation of the segmentation rules.
private struct ReferenceAnalysis {
    var encoding: SMSEncoding
    var length: Int
    var parts: [String]
    var remaining: Int
    var nonGSM: [[Unicode.Scalar]]

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        let isGSM = scalars.allSatisfy { GSM7Alphabet.septets(for: $0) != nil }
        encoding = isGSM ? .gsm7 : .ucs2
        func cost(_ scalar: Unicode.Scalar) -> Int {
            isGSM ? GSM7Alphabet.septets(for: scalar)! : String(scalar).utf16.count
        }
        length = scalars.reduce(0) { $0 + cost($1) }
        if length <= encoding.singleSegmentCapacity {
            parts = [text]
            remaining = encoding.singleSegmentCapacity - length
        } else {
            var parts: [String] = []
            var current = String.UnicodeScalarView()
            var fill = 0
            for scalar in scalars {
                if fill + cost(scalar) > encoding.multipartSegmentCapacity {
                    parts.append(String(current))
                    current = String.UnicodeScalarView()
                    fill = 0
                }
                current.append(scalar)
                fill += cost(scalar)
            }
            parts.append(String(current))
            self.parts = parts
            remaining = encoding.multipartSegmentCapacity - fill
        }
        var nonGSM: [[Unicode.Scalar]] = []
        for character in text where !character.unicodeScalars.allSatisfy({ GSM7Alphabet.septets(for: $0) != nil }) {
            let key = Array(character.unicodeScalars)
            if !nonGSM.contains(key) {
                nonGSM.append(key)
            }
        }
        self.nonGSM = isGSM ? [] : nonGSM
    }
}
