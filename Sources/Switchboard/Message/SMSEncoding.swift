/// The data coding scheme an SMS body is sent with.
///
/// A message is sent as ``gsm7`` when every character is in the GSM 03.38 default alphabet
/// (basic table or extension table, see ``GSM7Alphabet``); a single character outside it
/// switches the whole message to ``ucs2``. ``SMSTextAnalysis`` picks the encoding for a text.
public enum SMSEncoding: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The GSM 03.38 7-bit default alphabet: 160 septets in a single message, 153 per part
    /// of a concatenated message. Extension-table characters cost two septets.
    case gsm7 = "GSM-7"
    /// UCS-2 (sent as UTF-16): 70 code units in a single message, 67 per part of a
    /// concatenated message. Characters outside the BMP (most emoji) cost two units.
    case ucs2 = "UCS-2"

    /// How many units (septets for GSM-7, UTF-16 code units for UCS-2) fit in a message
    /// that is sent as one single SMS: 160 for GSM-7, 70 for UCS-2.
    public var singleSegmentCapacity: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// How many units fit in each part of a concatenated (multipart) message, after the
    /// 6-byte concatenation header: 153 for GSM-7, 67 for UCS-2.
    public var multipartSegmentCapacity: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }

    /// The name of the unit lengths are measured in: `"septets"` or `"UTF-16 units"`.
    public var unitName: String {
        switch self {
        case .gsm7: "septets"
        case .ucs2: "UTF-16 units"
        }
    }

    /// The conventional name of the encoding: `"GSM-7"` or `"UCS-2"`.
    public var description: String { rawValue }
}
