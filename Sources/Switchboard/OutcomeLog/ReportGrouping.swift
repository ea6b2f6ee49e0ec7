/// How ``OutcomeLog/report(since:until:by:)`` groups messages.
public enum ReportGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    /// By the provider that took the message (nil for messages no provider took).
    case provider
    /// By the recipient's country.
    case country
    /// By the UTC date the message was created.
    case day
    /// By provider and country.
    case providerCountry
    /// By provider and UTC date (cost and delivery per provider per day, for charts).
    case providerDay
}
