/// Rewrites look-alike characters so a text can be sent as GSM-7 instead of UCS-2.
///
/// A single `’` pasted from a word processor turns a 100-character message into UCS-2 and two
/// segments; transliterating it to `'` makes it GSM-7 and one segment again:
///
/// ```swift
/// let result = GSM7Transliteration.transliterate("It’s on – see you…")
/// result.text           // "It's on - see you..."
/// result.segmentsSaved  // 0 here, > 0 for longer texts
/// ```
///
/// What is rewritten, one `Character` at a time:
/// - characters already in ``GSM7Alphabet`` are **never** touched (`é è ù ì ò à ä ö ü ñ Ç Ø ø Å å
///   Æ æ ß É Ä Ö Ñ Ü`, the Greek capitals `Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ`, …);
/// - a decomposed form of a GSM-7 letter (`"e\u{301}"`) becomes the precomposed GSM-7 letter (`é`);
/// - smart quotes `‘ ’ ‚ ‛ ′ ‹ ›` and the backtick → `'`; `“ ” „ ‟ ″ « »` → `"`;
/// - dashes and hyphens `‐ ‑ ‒ – — ― − ⁃` → `-`; ellipsis `…` → `...`; bullets `• ◦ ‣` → `-`;
/// - exotic spaces (no-break, en/em, thin, ideographic, …) and tab → space; zero-width
///   characters, BOM and soft hyphen are removed;
/// - Latin letters with diacritics outside GSM-7 lose them (`á → a`, `ł → l`, `ő → o`, `ř → r`,
///   `ç → c`, …) and ligatures are spelt out (`œ → oe`, `ĳ → ij`, `þ → th`, `ẞ → SS`). `ç` maps to
///   `c`, not to the GSM-7 `Ç`, because changing the case is more surprising than losing the cedilla.
///   Letters not in the built-in table are handled from their Unicode name
///   ("LATIN SMALL LETTER X WITH …" → `x`), and combining marks after a letter are dropped;
/// - Greek capitals that look Latin (`Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ`) → `A B E Z H I K M N O P T Y X`,
///   the traditional way Greek is written in GSM-7. Lowercase Greek is left alone.
///
/// Everything else (emoji, CJK, Cyrillic, …) is left untouched, so such a text stays UCS-2.
public struct GSM7Transliteration: Sendable {
    /// One rewritten character.
    public struct Replacement: Sendable, Hashable {
        /// The character of the original text.
        public let from: Character
        /// What it was replaced with (possibly empty, e.g. for a zero-width space).
        public let to: String

        /// Creates a replacement record.
        public init(from: Character, to: String) {
            self.from = from
            self.to = to
        }
    }

    /// The outcome of a transliteration.
    public struct Result: Sendable, Hashable {
        /// The text as given.
        public let original: String
        /// The transliterated text.
        public let text: String
        /// Every rewrite made, in text order (one entry per occurrence).
        public let replacements: [Replacement]
        /// The analysis of ``original``.
        public let before: SMSTextAnalysis
        /// The analysis of ``text``.
        public let after: SMSTextAnalysis

        /// `before.segments - after.segments`.
        ///
        /// Usually 0 or more. It can be **negative** when the text stays UCS-2 (e.g. it holds an
        /// emoji) and an expansion such as `… → ...` made it longer; use ``preferredText``
        /// to get whichever text is cheaper.
        public var segmentsSaved: Int { before.segments - after.segments }

        /// Whether anything was rewritten.
        public var isChanged: Bool { !replacements.isEmpty }

        /// ``text`` if it needs fewer segments than ``original``, otherwise ``original``
        /// (no point in altering the message for nothing).
        public var preferredText: String { segmentsSaved > 0 ? text : original }
    }

    /// Extra mappings, consulted before the built-in ones.
    public let customMappings: [Character: String]

    /// Creates a transliterator with `customMappings` that take precedence over the built-in table
    /// (but never over characters that are already GSM-7).
    public init(customMappings: [Character: String] = [:]) {
        self.customMappings = customMappings
    }

    /// Transliterates `text` with the built-in table only.
    public static func transliterate(_ text: String) -> Result {
        GSM7Transliteration().transliterate(text)
    }

    /// Transliterates `text` with the built-in table and ``customMappings``.
    public func transliterate(_ text: String) -> Result {
        let before = SMSTextAnalysis(text)
        guard before.encoding == .ucs2 else {
            return Result(original: text, text: text, replacements: [], before: before, after: before)
        }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var replacements: [Replacement] = []
        for character in text {
            if let replacement = replacement(for: character) {
                output += replacement
                replacements.append(Replacement(from: character, to: replacement))
            } else {
                output.append(character)
            }
        }
        return Result(
            original: text,
            text: output,
            replacements: replacements,
            before: before,
            after: replacements.isEmpty ? before : SMSTextAnalysis(output)
        )
    }

    /// The GSM-7 replacement for `character`, or `nil` to keep it as is.
    private func replacement(for character: Character) -> String? {
        if GSM7Alphabet.contains(character) {
            return nil
        }
        if let mapped = customMappings[character] {
            return mapped
        }
        if let mapped = Self.mapping(for: character) {
            return mapped
        }
        // A base character followed only by combining marks / invisible joiners: keep the base.
        let scalars = character.unicodeScalars
        guard scalars.count > 1, let base = scalars.first,
            scalars.dropFirst().allSatisfy(Self.isDroppable)
        else { return nil }
        let baseCharacter = Character(base)
        if GSM7Alphabet.contains(baseCharacter) {
            return String(base)
        }
        if let mapped = customMappings[baseCharacter] ?? Self.mapping(for: baseCharacter),
            mapped.unicodeScalars.allSatisfy(GSM7Alphabet.contains)
        {
            return mapped
        }
        return nil
    }

    /// Built-in mapping for a non-GSM character: table first, then the Unicode-name fallback.
    private static func mapping(for character: Character) -> String? {
        if let mapped = table[character] {
            return mapped
        }
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return nil }
        return latinBaseLetter(of: scalar)
    }

    /// "LATIN SMALL LETTER X WITH …" → "x", "LATIN CAPITAL LETTER X WITH …" → "X".
    private static func latinBaseLetter(of scalar: Unicode.Scalar) -> String? {
        guard scalar.value >= 0xC0, let name = scalar.properties.name else { return nil }
        let small = "LATIN SMALL LETTER "
        let capital = "LATIN CAPITAL LETTER "
        let isSmall = name.hasPrefix(small)
        guard isSmall || name.hasPrefix(capital) else { return nil }
        let rest = name.dropFirst(isSmall ? small.count : capital.count)
        // "X WITH <diacritics>", but not "L WITH SMALL LETTER J" (a digraph, would lose a letter).
        guard rest.dropFirst().hasPrefix(" WITH "), !rest.contains("LETTER"),
            let letter = rest.first, letter.isASCII, letter.isLetter
        else { return nil }
        return isSmall ? letter.lowercased() : String(letter)
    }

    /// Scalars that may trail a base character and be dropped: combining marks, variation
    /// selectors and zero-width joiners.
    private static func isDroppable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark:
            return true
        default:
            return invisible.contains(scalar.value)
        }
    }

    /// Zero-width and other invisible format characters that are removed.
    private static let invisible: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD]

    /// The built-in table: non-GSM character → GSM-7 replacement.
    private static let table: [Character: String] = {
        var table: [Character: String] = [:]
        func map(_ characters: String, to replacement: String) {
            for character in characters {
                table[character] = replacement
            }
        }
        // Decomposed spellings of GSM-7 letters map to their precomposed form. A Character key
        // matches any canonically equivalent spelling, so key by the precomposed letter itself.
        for case let scalar? in GSM7Alphabet.basicTable where scalar.value >= 0x80 {
            table[Character(scalar)] = String(scalar)
        }
        // Punctuation.
        map("‘’‚‛′‹›`´", to: "'")
        map("“”„‟″«»", to: "\"")
        map("‐‑‒–—―−⁃", to: "-")
        map("…", to: "...")
        map("•◦‣", to: "-")
        // Spaces and invisible characters.
        map("\t\u{00A0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}", to: " ")
        map("\u{2007}\u{2008}\u{2009}\u{200A}\u{202F}\u{205F}\u{3000}", to: " ")
        map("\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{00AD}", to: "")
        // Latin letters with diacritics that GSM-7 lacks (GSM-7 ones are skipped before lookup).
        map("áâãāăą", to: "a")
        map("ÁÀÂÃĀĂĄ", to: "A")
        map("çćĉċč", to: "c")
        map("ĆĈĊČ", to: "C")
        map("ďđð", to: "d")
        map("ĎĐÐ", to: "D")
        map("êëēĕėęě", to: "e")
        map("ÈÊËĒĔĖĘĚ", to: "E")
        map("ĝğġģ", to: "g")
        map("ĜĞĠĢ", to: "G")
        map("ĥħ", to: "h")
        map("ĤĦ", to: "H")
        map("íîïĩīĭįı", to: "i")
        map("ÍÌÎÏĨĪĬĮİ", to: "I")
        map("ĵ", to: "j")
        map("Ĵ", to: "J")
        map("ķ", to: "k")
        map("Ķ", to: "K")
        map("ĺļľŀł", to: "l")
        map("ĹĻĽĿŁ", to: "L")
        map("ńņňŉ", to: "n")
        map("ŃŅŇ", to: "N")
        map("óôõōŏő", to: "o")
        map("ÓÒÔÕŌŎŐ", to: "O")
        map("ŕŗř", to: "r")
        map("ŔŖŘ", to: "R")
        map("śŝşšș", to: "s")
        map("ŚŜŞŠȘ", to: "S")
        map("ţťŧț", to: "t")
        map("ŢŤŦȚ", to: "T")
        map("úûũūŭůűų", to: "u")
        map("ÚÙÛŨŪŬŮŰŲ", to: "U")
        map("ŵ", to: "w")
        map("Ŵ", to: "W")
        map("ýÿŷ", to: "y")
        map("ÝŸŶ", to: "Y")
        map("źżž", to: "z")
        map("ŹŻŽ", to: "Z")
        map("œ", to: "oe")
        map("Œ", to: "OE")
        map("ĳ", to: "ij")
        map("Ĳ", to: "IJ")
        map("þ", to: "th")
        map("Þ", to: "TH")
        map("ẞ", to: "SS")
        // Greek capitals that look Latin (the other Greek capitals are GSM-7 already).
        for (greek, latin) in zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX") {
            table[greek] = String(latin)
        }
        return table
    }()
}
