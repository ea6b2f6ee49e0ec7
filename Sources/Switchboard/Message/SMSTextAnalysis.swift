/// How an SMS body will be encoded and into how many segments (parts) it will be split.
///
/// ```swift
/// let analysis = SMSTextAnalysis("Your code is 123456")
/// analysis.encoding   // .gsm7
/// analysis.length     // 19 septets
/// analysis.segments   // 1
/// ```
///
/// ## Encoding
/// The text is ``SMSEncoding/gsm7`` when every Unicode scalar is in ``GSM7Alphabet``;
/// otherwise it is ``SMSEncoding/ucs2`` and ``nonGSMCharacters`` says which characters caused it.
/// Scalars are taken as stored: no normalisation is applied (a decomposed `"e\u{301}"` is UCS-2;
/// ``GSM7Transliteration`` can fix that).
///
/// ## Segments
/// A text that fits ``SMSEncoding/singleSegmentCapacity`` (160 septets / 70 UTF-16 units) is one
/// segment; the empty text is one segment too. Longer texts are split into parts of at most
/// ``SMSEncoding/multipartSegmentCapacity`` (153 septets / 67 units), and a part boundary never
/// falls inside a Unicode scalar:
/// - a GSM-7 extension character (escape + code, 2 septets) that does not fit whole moves to the
///   next part, so a part may hold only 152 septets;
/// - a UTF-16 surrogate pair (e.g. most emoji) that does not fit whole moves to the next part,
///   so a part may hold only 66 units.
///
/// ``segments`` is computed by walking the text whenever such a boundary effect is possible, so it
/// always equals `SMSTextAnalysis.split(text).count`.
///
/// **Grapheme clusters are not kept together.** A ZWJ sequence (👨‍👩‍👧), a flag (🇫🇷) or a letter
/// with combining marks may be split between two parts *between its scalars*. This matches how
/// carriers and most SMS gateways count (by code units), keeps the count cheap, and is harmless:
/// the recipient's handset reassembles concatenated parts before rendering. Splitting *inside* a
/// scalar is what corrupts text (each part's payload must be valid on its own), and that never
/// happens. (Stock Android additionally avoids breaking grapheme clusters when it splits on the
/// handset, so for a cluster straddling a boundary its part count can rarely differ by one.)
///
/// ## Performance
/// The analysis walks the UTF-8 bytes once with bit-mask / `switch` lookups and no allocation for
/// GSM-7 texts; no `Character` (grapheme) work is done. For UCS-2 texts, ``nonGSMCharacters`` is
/// also collected from the scalars when every scalar is certainly a grapheme cluster of its own
/// (Latin, Greek, Cyrillic, CJK, Hangul, punctuation, plain emoji…); only texts with combining
/// marks, ZWJ sequences, flags, skin tones, variation selectors, Indic scripts etc. walk
/// `Character`s.
public struct SMSTextAnalysis: Sendable, Hashable, CustomStringConvertible {
    /// The encoding the text must be sent with.
    public let encoding: SMSEncoding

    /// The length of the text in the units of ``encoding``: septets for GSM-7 (extension
    /// characters count 2), UTF-16 code units for UCS-2 (characters outside the BMP count 2).
    public let length: Int

    /// The number of SMS segments (parts) the text is sent as; at least 1.
    public let segments: Int

    /// The number of units the last segment can still take without needing another segment,
    /// assuming the encoding stays the same (appending a non-GSM character switches a GSM-7 text
    /// to UCS-2). An extension character or a surrogate pair needs 2 of them.
    public let remainingInLastSegment: Int

    /// The distinct characters that force UCS-2, in order of first appearance; empty for GSM-7.
    ///
    /// Useful to explain "why is this message UCS-2?" (often a single `’` or `…`). A character is
    /// a grapheme cluster (`"👨‍👩‍👧"` is one entry, `"e\u{301}"` is one entry). Characters are
    /// distinct by their exact Unicode scalars: canonically equivalent spellings (precomposed and
    /// decomposed `á`) are listed separately, as they are different bytes on the wire.
    public let nonGSMCharacters: [Character]

    /// Analyses `text`.
    public init(_ text: String) {
        var text = text
        let (scan, layout, nonGSM) = text.withUTF8 { bytes -> (Scan, Layout, [Character]?) in
            let scan = Scan(bytes)
            let layout = Layout(bytes: bytes, scan: scan)
            // Each scalar is its own Character when all are "simple": no grapheme work needed.
            let nonGSM = scan.isGSM7 ? [] : scan.allSimple ? Self.nonGSMScalars(in: bytes) : nil
            return (scan, layout, nonGSM)
        }
        encoding = scan.encoding
        length = scan.length
        segments = layout.parts
        remainingInLastSegment =
            (layout.parts == 1 ? encoding.singleSegmentCapacity : encoding.multipartSegmentCapacity)
            - layout.lastPartLength
        nonGSMCharacters = nonGSM ?? Self.nonGSMCharacters(in: text)
    }

    /// The capacity of each segment of this text: 160 / 70 when it fits one segment,
    /// 153 / 67 when it is split (see ``SMSEncoding``).
    public var unitsPerSegment: Int {
        segments == 1 ? encoding.singleSegmentCapacity : encoding.multipartSegmentCapacity
    }

    /// Whether the text is sent as a concatenated message of several parts.
    public var isMultipart: Bool { segments > 1 }

    /// A summary such as `"GSM-7, 161 septets, 2 segments"`.
    public var description: String {
        "\(encoding), \(length) \(encoding.unitName), \(segments) segment\(segments == 1 ? "" : "s")"
    }

    /// Splits `text` into the parts it is sent as.
    ///
    /// The result has exactly `SMSTextAnalysis(text).segments` elements, joining them gives `text`
    /// back, and no part splits a GSM-7 escape pair or a UTF-16 surrogate pair (see the type's
    /// documentation; grapheme clusters may be split between their scalars). A text that fits one
    /// segment, including the empty text, is returned as a single part.
    public static func split(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes -> [String] in
            let scan = Scan(bytes)
            let encoding = scan.encoding
            guard scan.length > encoding.singleSegmentCapacity else {
                return [String(decoding: bytes, as: UTF8.self)]
            }
            var starts: [Int] = [0]
            _ = Layout(walking: bytes, encoding: encoding) { starts.append($0) }
            starts.append(bytes.count)
            return (1..<starts.count).map { index in
                String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[index - 1]..<starts[index]]), as: UTF8.self)
            }
        }
    }

    // MARK: - Implementation

    /// The distinct non-GSM scalars as Characters, for texts where every scalar is its own
    /// grapheme cluster (see `isGraphemeSimple`).
    private static func nonGSMScalars(in bytes: UnsafeBufferPointer<UInt8>) -> [Character] {
        var seen: [UInt32] = []
        var index = 0
        while index < bytes.count {
            let (value, width) = decodeScalar(bytes, at: index)
            index &+= width
            if GSM7Alphabet.septetCost(value) == 0, !seen.contains(value) {
                seen.append(value)
            }
        }
        return seen.map { Character(Unicode.Scalar($0).unsafelyUnwrapped) }
    }

    /// The distinct characters holding a non-GSM scalar, in order of first appearance
    /// (general case: walks grapheme clusters).
    private static func nonGSMCharacters(in text: String) -> [Character] {
        var seenScalars: [UInt32] = []
        var result: [Character] = []
        for character in text where !GSM7Alphabet.contains(character) {
            let scalars = character.unicodeScalars
            if scalars.count == 1, let value = scalars.first?.value {
                guard !seenScalars.contains(value) else { continue }
                seenScalars.append(value)
            } else if result.contains(where: { $0.unicodeScalars.elementsEqual(scalars) }) {
                continue
            }
            result.append(character)
        }
        return result
    }

    /// One pass over the UTF-8 bytes: GSM-7 septets, UTF-16 length and boundary hints.
    private struct Scan {
        var isGSM7: Bool
        var septets: Int
        var utf16Units: Int
        var hasExtension: Bool
        var hasSupplementary: Bool
        /// Every scalar is certainly a grapheme cluster of its own.
        var allSimple: Bool

        var encoding: SMSEncoding { isGSM7 ? .gsm7 : .ucs2 }
        var length: Int { isGSM7 ? septets : utf16Units }

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            // Bit 0: basic character seen, bit 1: extension character, bit 2: non-GSM scalar.
            var flags: UInt8 = 0
            var septets = 0
            var utf16Units = 0
            var hasSupplementary = false
            var allSimple = true
            GSM7Alphabet.asciiFlags.withUnsafeBufferPointer { asciiFlags in
                let count = bytes.count
                var index = 0
                while index < count {
                    // Fast path: 8 plain ASCII characters (1 septet, 1 UTF-16 unit each) at once.
                    if count &- index >= 8,
                        Self.isPlainASCII(
                            UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    {
                        septets &+= 8
                        utf16Units &+= 8
                        index &+= 8
                        continue
                    }
                    // Slow path for the next 8 bytes (or up to the end of the scalar that crosses them).
                    let chunkEnd = Swift.min(index &+ 8, count)
                    while index < chunkEnd {
                        let byte = bytes[index]
                        if byte < 0x80 {
                            let entry = asciiFlags[Int(byte)]
                            septets &+= Int(entry & 3)
                            flags |= entry
                            utf16Units &+= 1
                            index &+= 1
                            continue
                        }
                        let (value, width) = decodeScalar(bytes, at: index)
                        index &+= width
                        let cost = GSM7Alphabet.septetCost(value)
                        septets &+= cost
                        flags |= cost == 0 ? 4 : UInt8(truncatingIfNeeded: cost)
                        if width == 4 {
                            utf16Units &+= 2
                            hasSupplementary = true
                        } else {
                            utf16Units &+= 1
                        }
                        allSimple = allSimple && SMSTextAnalysis.isGraphemeSimple(value)
                    }
                }
            }
            self.isGSM7 = flags & 4 == 0
            self.hasExtension = flags & 2 != 0
            self.septets = septets
            self.utf16Units = utf16Units
            self.hasSupplementary = hasSupplementary
            self.allSimple = allSimple
        }

        /// Whether all 8 bytes of `word` are in `0x20...0x5A` or `0x61...0x7A`: printable ASCII of
        /// the GSM-7 basic table, leaving out the neighbourhoods of the extension characters and
        /// `` ` `` (so `_` takes the slow path too, conservatively). SWAR: each byte lane is tested
        /// independently, so byte order does not matter.
        @inline(__always)
        static func isPlainASCII(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high: UInt64 = 0x8080_8080_8080_8080
            guard word & high == 0 else { return false }
            let below0x20 = (word &- 0x20 &* ones) & ~word & high
            let folded = word | (0x20 &* ones)  // maps 0x5B...0x5F onto 0x7B...0x7F
            let above0x7A = (folded &+ 5 &* ones) & high
            let backtick = word ^ (0x60 &* ones)
            let hasBacktick = (backtick &- ones) & ~backtick & high
            return below0x20 | above0x7A | hasBacktick == 0
        }
    }

    /// How a text is laid out into parts.
    private struct Layout {
        var parts: Int
        var lastPartLength: Int

        init(parts: Int, lastPartLength: Int) {
            self.parts = parts
            self.lastPartLength = lastPartLength
        }

        /// The layout of the scanned text, walking it only when a boundary effect is possible.
        init(bytes: UnsafeBufferPointer<UInt8>, scan: Scan) {
            let encoding = scan.encoding
            let length = scan.length
            if length <= encoding.singleSegmentCapacity {
                self.init(parts: 1, lastPartLength: length)
            } else if scan.isGSM7 ? !scan.hasExtension : !scan.hasSupplementary {
                // Every scalar costs one unit: no boundary effect, plain division is exact.
                let capacity = encoding.multipartSegmentCapacity
                let parts = (length + capacity - 1) / capacity
                self.init(parts: parts, lastPartLength: length - (parts - 1) * capacity)
            } else {
                self.init(walking: bytes, encoding: encoding)
            }
        }

        /// Packs whole scalars greedily into parts of `encoding.multipartSegmentCapacity`,
        /// reporting the UTF-8 offset at which each part after the first starts.
        init(
            walking bytes: UnsafeBufferPointer<UInt8>,
            encoding: SMSEncoding,
            partStart: (Int) -> Void = { _ in }
        ) {
            let capacity = encoding.multipartSegmentCapacity
            var parts = 1
            var fill = 0
            var index = 0
            GSM7Alphabet.asciiFlags.withUnsafeBufferPointer { asciiFlags in
                let count = bytes.count
                while index < count {
                    // Fast path: 8 plain ASCII characters that fit the current part whole.
                    if fill &+ 8 <= capacity, count &- index >= 8,
                        Scan.isPlainASCII(
                            UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    {
                        fill &+= 8
                        index &+= 8
                        continue
                    }
                    let cost: Int
                    let width: Int
                    let byte = bytes[index]
                    if byte < 0x80 {
                        width = 1
                        cost = encoding == .gsm7 ? Int(asciiFlags[Int(byte)] & 3) : 1
                    } else if encoding == .ucs2 {
                        width = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                        cost = width == 4 ? 2 : 1
                    } else {
                        let value: UInt32
                        (value, width) = decodeScalar(bytes, at: index)
                        cost = GSM7Alphabet.septetCost(value)
                    }
                    if fill &+ cost > capacity {
                        parts &+= 1
                        fill = 0
                        partStart(index)
                    }
                    fill &+= cost
                    index &+= width
                }
            }
            self.parts = parts
            self.lastPartLength = fill
        }
    }

    /// Whether a non-ASCII scalar is certainly a grapheme cluster of its own when its neighbours are
    /// ASCII or also "simple": its Grapheme_Cluster_Break property is Other, Control, LV or LVT, and it
    /// is not a regional indicator. No rule of UAX #29 joins two such scalars (CR LF, the one exception,
    /// is GSM-7 anyway). Conservative: `false` just means the caller walks `Character`s instead.
    /// Covers Latin, Greek, Cyrillic, Armenian, general punctuation, symbols, CJK, Hangul syllables,
    /// fullwidth forms and most emoji (but not emoji modifiers, variation selectors, ZWJ or flags).
    @inline(__always)
    static func isGraphemeSimple(_ value: UInt32) -> Bool {
        switch value {
        case 0x0080..<0x0300,  // Latin-1, Latin Extended, IPA, spacing modifiers (combining marks start at U+0300)
            0x0370..<0x0483,  // Greek, Cyrillic (U+0483...U+0489 are combining)
            0x048A..<0x0591,  // Cyrillic, Cyrillic Supplement, Armenian (Hebrew points start at U+0591)
            0x2000..<0x200C,  // spaces, ZWSP (U+200C ZWNJ and U+200D ZWJ extend)
            0x200E..<0x20D0,  // punctuation, super/subscripts, currency (U+20D0... combining marks)
            0x2100..<0x2C00,  // letterlike, arrows, math, technical, box drawing, shapes, symbols, dingbats
            0x3000..<0x302A,  // CJK punctuation (U+302A...U+302F are combining)
            0x3030..<0x3099,  // Hiragana (U+3099, U+309A are combining)
            0x309B..<0xA000,  // Katakana, Bopomofo, compatibility Jamo, CJK ideographs
            0xAC00..<0xD7A4,  // Hangul syllables (LV / LVT)
            0xFF01..<0xFF9E,  // fullwidth and halfwidth forms (U+FF9E, U+FF9F extend)
            0x1F000..<0x1F1E6,  // game symbols, enclosed alphanumerics (regional indicators follow)
            0x1F200..<0x1F3FB,  // enclosed ideographs, pictographs (emoji modifiers follow)
            0x1F400..<0x1FB00:  // pictographs, emoticons, transport, supplemental symbols
            return true
        default:
            return false
        }
    }
}

/// Decodes the scalar starting at `index` of valid UTF-8 (as handed out by `String.withUTF8`).
@inline(__always)
private func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, width: Int) {
    let lead = UInt32(bytes[index])
    if lead < 0x80 {
        return (lead, 1)
    }
    if lead < 0xE0 {
        return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
    }
    if lead < 0xF0 {
        return (
            (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F),
            3
        )
    }
    return (
        (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
            | UInt32(bytes[index + 3] & 0x3F),
        4
    )
}
