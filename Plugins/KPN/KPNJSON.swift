import Foundation

/// Small helpers for reading KPN's loosely typed JSON (numbers that arrive as strings and vice versa).
enum KPNJSON {
    /// Parses a JSON object; nil when the bytes are not a JSON object.
    static func object(_ bytes: [UInt8]) -> [String: Any]? {
        guard !bytes.isEmpty,
              let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        else { return nil }
        return value as? [String: Any]
    }

    /// A string field, accepting numbers and booleans too (`"3599"` or `3599`).
    static func string(_ object: [String: Any], _ key: String) -> String? {
        switch object[key] {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: nil
        }
    }

    /// An integer field given as a JSON number or a numeric string.
    static func int(_ object: [String: Any], _ key: String) -> Int? {
        switch object[key] {
        case let s as String: Int(s.trimmingCharacters(in: .whitespaces))
        case let n as NSNumber: Double(truncating: n) == Double(n.intValue) ? n.intValue : nil
        default: nil
        }
    }

    /// A decimal field given as a JSON number or a numeric string.
    static func double(_ object: [String: Any], _ key: String) -> Double? {
        switch object[key] {
        case let s as String: Double(s.trimmingCharacters(in: .whitespaces))
        case let n as NSNumber: n.doubleValue
        default: nil
        }
    }
}
