/// Which way a message travelled.
///
/// Outbound messages (those Switchboard sends) live in the log's `messages` table; inbound
/// messages (those people send to our numbers) live in the `inbound` table and are listed with
/// ``OutcomeLog/inboundMessages(filter:)``.
public enum MessageDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sent by Switchboard to a recipient.
    case outbound
    /// Received from someone on one of our numbers.
    case inbound
}
