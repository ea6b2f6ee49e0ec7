import Foundation
import Switchboard

/// Small helpers for reading KPN's loosely typed JSON (numbers that arrive as strings and vice versa).
enum KPNJSON {
    /// Parses a JSON object; nil when the bytes are not a JSON object.
    static func object(_ bytes: [UInt8]) -> JSONNode? {
        guard !bytes.isEmpty, let node = try? JSONNode(parsing: bytes), node.members != nil else { return nil }
        return node
    }

    /// A string field, accepting numbers and booleans too (`"3599"` or `3599`).
    static func string(_ object: JSONNode, _ key: String) -> String? {
        object[key]?.scalarText
    }

    /// An integer field given as a JSON number or a numeric string.
    static func int(_ object: JSONNode, _ key: String) -> Int? {
        switch object[key] {
        case .string(let s)?: Int(s.trimmingOptionalWhitespace())
        case let value?: value.int
        default: nil
        }
    }

    /// A decimal field given as a JSON number or a numeric string.
    static func double(_ object: JSONNode, _ key: String) -> Double? {
        switch object[key] {
        case .string(let s)?: Double(s.trimmingOptionalWhitespace())
        case let value?: value.double
        default: nil
        }
    }
}
