public import Foundation
import GRDB

/// An inbound message as logged (a row of the `inbound` table).
public struct InboundRecord: Sendable, Hashable, Codable {
    /// The row id: increasing in arrival order; the cursor of ``OutcomeLog/inboundPage(filter:after:)``.
    public var id: Int64
    /// The provider it came through.
    public var provider: String
    /// The provider's id for it.
    public var providerMessageID: String
    /// Who sent it.
    public var sender: String
    /// Our number it was sent to.
    public var recipient: String
    /// The text.
    public var text: String
    /// When it was received (the provider's timestamp, or when it arrived).
    public var receivedAt: Date

    init(row: Row) {
        id = row["id"]
        provider = row["provider"]
        providerMessageID = row["provider_message_id"]
        sender = row["sender"]
        recipient = row["recipient"]
        text = row["text"]
        receivedAt = Date(timeIntervalSince1970: row["at"])
    }
}
