/// Parsers for the small value syntaxes used in rules files (durations, rates, prices).
enum RuleValues {
    /// Parses `250ms`, `5s`, `1.5s`, `2m`, `1h`, `1d` into seconds.
    static func seconds(_ text: String) -> Double? {
        let t = text.trimmingSpaces()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count).trimmingSpaces()
            guard let value = Double(number), value >= 0, value.isFinite,
                  number.allSatisfy({ $0.isNumber || $0 == "." })
            else { return nil }
            return value * factor
        }
        return nil
    }

    /// Parses a rate `30/s`, `100/m`, `5000/h` (also `/sec`, `/min`, `/hour`) into events per second.
    static func ratePerSecond(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Double(parts[0].trimmingSpaces()), count > 0,
              count.isFinite
        else { return nil }
        switch parts[1].trimmingSpaces().lowercased() {
        case "s", "sec", "second": return count
        case "m", "min", "minute": return count / 60
        case "h", "hour": return count / 3600
        default: return nil
        }
    }

    /// Parses a price: `0.09`, `0.09 EUR`, `EUR 0.09`. Currency is upper-cased; nil when absent.
    static func price(_ text: String) -> (amount: Double, currency: String?)? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        var amount: Double?
        var currency: String?
        for word in words {
            if let value = Double(word), value.isFinite, value >= 0, amount == nil {
                amount = value
            } else if isCurrency(word), currency == nil {
                currency = word.uppercased()
            } else {
                return nil
            }
        }
        guard let amount else { return nil }
        return (amount, currency)
    }

    /// Parses a ratio written as a plain number (`0.9`) or a percentage (`90%`, `90 %`) into a
    /// fraction (`0.9`). Only an optional `-`, digits and one `.` are accepted, so `nan`, `inf`
    /// and `1e-1` are not. The range is not checked here.
    static func ratio(_ text: String) -> Double? {
        var t = text.trimmingSpaces()
        var percent = false
        if t.hasSuffix("%") {
            t = t.dropLast().trimmingSpaces()
            percent = true
        }
        let digits = t.hasPrefix("-") ? t.dropFirst() : Substring(t)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.contains(where: \.isNumber), digits.filter({ $0 == "." }).count <= 1,
              let value = Double(t), value.isFinite
        else { return nil }
        // Divide (correctly rounded) rather than multiply by 0.01: `95%` must equal `0.95`.
        return percent ? value / 100 : value
    }

    /// A three-letter currency code (ISO 4217 shape).
    static func isCurrency(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 3 && text.allSatisfy { $0.isASCII && $0.isLetter }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
