import Switchboard
import Testing

@Suite struct GSM7TransliterationTests {
    @Test(arguments: [
        ("It’s “great”", "It's \"great\""),
        ("‘a’ ‚b‛ „c‟ «d» ‹e›", "'a' 'b' \"c\" \"d\" 'e'"),
        ("a – b — c ‒ d ― e − f ‐ g ‑ h", "a - b - c - d - e - f - g - h"),
        ("Wait…", "Wait..."),
        ("• one\n• two", "- one\n- two"),
        ("a\u{00A0}b\u{2009}c\u{3000}d\u{202F}e\tf", "a b c d e f"),
        ("zero\u{200B}width\u{FEFF}", "zerowidth"),
        ("soft\u{00AD}hyphen", "softhyphen"),
        ("`code`", "'code'"),
        ("Málaga, Ibiza, Lisboa: São João, Açores", "Malaga, Ibiza, Lisboa: Sao Joao, Acores"),
        ("Łódź Kraków Gdańsk Wrocław Żółć źdźbło", "Lodz Krakow Gdansk Wroclaw Zolc zdzblo"),
        ("Dvořák Škoda Čapek Žižkov", "Dvorak Skoda Capek Zizkov"),
        ("Erdős Győr Szűcs", "Erdos Gyor Szucs"),
        ("français garçon", "francais garcon"),
        ("cœur Œuvre", "coeur OEuvre"),
        ("âêîôû ÂÊÎÔÛ ãõ", "aeiou AEIOU ao"),
        ("İstanbul ığdır", "Istanbul igdir"),
        ("STRAẞE", "STRASSE"),
        ("ΑΘΗΝΑ", "AΘHNA"),
        ("ǹ ẁ ḱ", "n w k"),  // not in the table: Unicode-name fallback
        ("a\u{0301}\u{0302} o\u{0328}", "a o"),  // combining marks dropped
    ])
    func mapsToGSM7(input: String, expected: String) {
        let result = GSM7Transliteration.transliterate(input)
        #expect(result.text == expected)
        #expect(result.after.encoding == .gsm7)
        #expect(result.after.nonGSMCharacters.isEmpty)
        #expect(result.before.encoding == .ucs2)
        #expect(result.isChanged)
        #expect(result.original == input)
    }

    @Test(arguments: [
        "é è ù ì ò à É Ç Ø ø Å å Æ æ Ä Ö Ñ Ü ä ö ñ ü ß",
        "Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ ¡¿ £ ¥ § ¤ @ _",
        "Plain ASCII with [brackets] {braces} ~ ^ | \\ and €",
        "",
    ])
    func gsm7TextIsUntouched(input: String) {
        let result = GSM7Transliteration.transliterate(input)
        #expect(result.text == input)
        #expect(result.replacements.isEmpty)
        #expect(result.segmentsSaved == 0)
        #expect(result.before == result.after)
        #expect(result.before.encoding == .gsm7)
    }

    @Test func gsm7LettersInsideUCS2TextAreKept() {
        let result = GSM7Transliteration.transliterate("Café’s Straße – né")
        #expect(result.text == "Café's Straße - né")
        #expect(
            result.replacements == [
                .init(from: "’", to: "'"),
                .init(from: "–", to: "-"),
            ])
    }

    @Test func decomposedGSM7LetterBecomesPrecomposed() {
        let result = GSM7Transliteration.transliterate("Cafe\u{0301} ’")
        #expect(result.text == "Café '")
        #expect(result.text.unicodeScalars.contains("é"))
        #expect(result.after.encoding == .gsm7)
    }

    @Test func oneSmartQuoteSavesASegment() {
        let text = String(repeating: "a", count: 60) + "’" + String(repeating: "b", count: 39)
        #expect(text.count == 100)
        let result = GSM7Transliteration.transliterate(text)
        #expect(result.before.encoding == .ucs2)
        #expect(result.before.segments == 2)
        #expect(result.after.encoding == .gsm7)
        #expect(result.after.segments == 1)
        #expect(result.segmentsSaved == 1)
        #expect(result.preferredText == result.text)
        #expect(result.replacements == [.init(from: "’", to: "'")])
    }

    @Test(arguments: ["Thanks ’ 😀", "Привет – мир", "東京 “quoted”", "Family 👨‍👩‍👧 — ok"])
    func unmappableCharactersKeepUCS2(input: String) {
        let result = GSM7Transliteration.transliterate(input)
        #expect(result.after.encoding == .ucs2)
        #expect(result.segmentsSaved == 0)
        #expect(result.preferredText == input)
        #expect(!result.after.nonGSMCharacters.isEmpty)
        // Emoji, Cyrillic and CJK survive unchanged.
        for character in result.after.nonGSMCharacters {
            #expect(input.contains(character))
        }
    }

    @Test func expansionInUCS2TextCanCostASegment() {
        // 69 units of UCS-2; "…" → "..." adds 2 units and crosses the 70 limit.
        let text = "😀" + String(repeating: "ж", count: 66) + "…"
        let result = GSM7Transliteration.transliterate(text)
        #expect(result.before.segments == 1)
        #expect(result.after.segments == 2)
        #expect(result.segmentsSaved == -1)
        #expect(result.preferredText == text)
    }

    @Test func customMappingsTakePrecedence() {
        let transliterator = GSM7Transliteration(customMappings: ["’": "", "™": "(TM)", "é": "e"])
        let result = transliterator.transliterate("Brand™ it’s café")
        #expect(result.text == "Brand(TM) its café")  // é is GSM-7: never rewritten
        #expect(result.after.encoding == .gsm7)
    }

    @Test func replacementsAreListedPerOccurrence() {
        let result = GSM7Transliteration.transliterate("’’ł")
        #expect(result.replacements.map(\.from) == ["’", "’", "ł"])
        #expect(result.replacements.map(\.to) == ["'", "'", "l"])
    }
}
