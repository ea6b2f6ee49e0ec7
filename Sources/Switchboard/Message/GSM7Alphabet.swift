/// The GSM 03.38 (3GPP TS 23.038) 7-bit default alphabet and its default extension table.
///
/// The basic table holds 127 characters (code `0x1B` is the escape to the extension table).
/// The extension table adds `^ { } \ [ ~ ] | €` and form feed; each of those is sent as the
/// escape septet followed by its code, so it costs **two** septets.
///
/// Lookups (``septets(for:)``, `contains(_:)`) never hash or allocate:
/// ASCII is answered from two 128-bit masks and the few non-ASCII members from a `switch`.
/// National language shift tables are not supported.
public enum GSM7Alphabet {
    /// The escape code that announces a character from the extension table.
    public static let escapeCode: UInt8 = 0x1B

    /// The basic table indexed by GSM code `0x00...0x7F`; the entry at ``escapeCode`` is `nil`.
    ///
    /// Code `0x09` is `Ç` (U+00C7, capital C with cedilla) as in TS 23.038; the lowercase
    /// `ç` is not part of the alphabet.
    public static let basicTable: [Unicode.Scalar?] = [
        // 0x00
        "@", "£", "$", "¥", "è", "é", "ù", "ì", "ò", "Ç", "\n", "Ø", "ø", "\r", "Å", "å",
        // 0x10
        "Δ", "_", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ", "Σ", "Θ", "Ξ", nil, "Æ", "æ", "ß", "É",
        // 0x20
        " ", "!", "\"", "#", "¤", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
        // 0x30
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
        // 0x40
        "¡", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
        // 0x50
        "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ä", "Ö", "Ñ", "Ü", "§",
        // 0x60
        "¿", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
        // 0x70
        "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "ä", "ö", "ñ", "ü", "à",
    ]

    /// The default extension table indexed by the code that follows ``escapeCode``;
    /// `nil` where the code has no character.
    public static let extensionTable: [Unicode.Scalar?] = {
        var table = [Unicode.Scalar?](repeating: nil, count: 128)
        table[0x0A] = "\u{0C}"  // form feed
        table[0x14] = "^"
        table[0x28] = "{"
        table[0x29] = "}"
        table[0x2F] = "\\"
        table[0x3C] = "["
        table[0x3D] = "~"
        table[0x3E] = "]"
        table[0x40] = "|"
        table[0x65] = "€"
        return table
    }()

    /// The number of septets `scalar` costs in a GSM-7 message: `1` for the basic table,
    /// `2` for the extension table, `nil` if it cannot be sent as GSM-7.
    @inlinable
    public static func septets(for scalar: Unicode.Scalar) -> Int? {
        let cost = septetCost(scalar.value)
        return cost == 0 ? nil : cost
    }

    /// Whether `scalar` is in the basic table or the extension table.
    @inlinable
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        septetCost(scalar.value) != 0
    }

    /// Whether every Unicode scalar of `character` is in the basic or extension table.
    ///
    /// Note that this checks the scalars as stored: a decomposed `"e\u{301}"` is *not* GSM-7
    /// even though it is canonically equivalent to the GSM-7 `"é"`.
    public static func contains(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { septetCost($0.value) != 0 }
    }

    /// Whether `scalar` is in the basic table (costs one septet).
    @inlinable
    public static func isBasic(_ scalar: Unicode.Scalar) -> Bool {
        septetCost(scalar.value) == 1
    }

    /// Whether `scalar` is in the extension table (costs two septets: escape + code).
    @inlinable
    public static func isExtension(_ scalar: Unicode.Scalar) -> Bool {
        septetCost(scalar.value) == 2
    }

    /// The GSM code of `scalar` in the basic table, if it is there.
    public static func basicCode(for scalar: Unicode.Scalar) -> UInt8? {
        guard isBasic(scalar) else { return nil }
        return basicTable.firstIndex(of: scalar).map { UInt8($0) }
    }

    /// The code (to be sent after ``escapeCode``) of `scalar` in the extension table, if it is there.
    public static func extensionCode(for scalar: Unicode.Scalar) -> UInt8? {
        guard isExtension(scalar) else { return nil }
        return extensionTable.firstIndex(of: scalar).map { UInt8($0) }
    }

    // MARK: - Hot path

    /// Basic-table members among code points `0x00...0x3F` (LF, CR and `0x20...0x3F`).
    @inlinable static var basicASCIILow: UInt64 { 0xFFFF_FFFF_0000_2400 }
    /// Basic-table members among code points `0x40...0x7F` (all but `` [ \ ] ^ ` { | } ~ `` and DEL).
    @inlinable static var basicASCIIHigh: UInt64 { 0x07FF_FFFE_87FF_FFFF }
    /// Extension-table members among code points `0x00...0x3F` (form feed).
    @inlinable static var extensionASCIILow: UInt64 { 0x0000_0000_0000_1000 }
    /// Extension-table members among code points `0x40...0x7F` (`[ \ ] ^ { | } ~`).
    @inlinable static var extensionASCIIHigh: UInt64 { 0x7800_0000_7800_0000 }

    /// Per ASCII code point: its septet cost (1 or 2), or 4 if it is not GSM-7. For hot loops.
    static let asciiFlags: [UInt8] = (0..<128).map { value in
        let cost = septetCost(UInt32(value))
        return cost == 0 ? 4 : UInt8(cost)
    }

    /// Septet cost of a code point: 0 (not GSM-7), 1 (basic) or 2 (extension).
    @inlinable @inline(__always)
    static func septetCost(_ value: UInt32) -> Int {
        if value < 0x80 {
            let bit = UInt64(value & 0x3F)
            let basic = value < 0x40 ? basicASCIILow : basicASCIIHigh
            let ext = value < 0x40 ? extensionASCIILow : extensionASCIIHigh
            return Int(truncatingIfNeeded: ((basic >> bit) & 1) | (((ext >> bit) & 1) << 1))
        }
        switch value {
        case 0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF,  // ¡ £ ¤ ¥ § ¿
            0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF,  // Ä Å Æ Ç É Ñ Ö Ø Ü ß
            0x00E0, 0x00E4, 0x00E5, 0x00E6, 0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6,  // à ä å æ è é ì ñ ò ö
            0x00F8, 0x00F9, 0x00FC,  // ø ù ü
            0x0393, 0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9:  // Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω
            return 1
        case 0x20AC:  // €
            return 2
        default:
            return 0
        }
    }
}
