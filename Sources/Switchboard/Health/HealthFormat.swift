/// Number formatting for health reasons ("cooldown 2.5s", "balance 3.20 below min_balance 5"),
/// locale-independent and without Foundation.
enum HealthFormat {
    /// A plain number: integral values without a fraction ("5"), others as Swift prints them ("2.5").
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// A duration in seconds: "5s", "0.25s".
    static func seconds(_ value: Double) -> String { number(value) + "s" }

    /// An amount with two decimals: "3.20", "-0.05".
    static func amount(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e13 else { return String(value) }
        let cents = Int((abs(value) * 100).rounded())
        let fraction = cents % 100
        let sign = value < 0 && cents > 0 ? "-" : ""
        return "\(sign)\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
