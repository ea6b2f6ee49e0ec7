public import Foundation
import GRDB

/// A message as the log knows it (a row of the `messages` table).
public struct MessageRecord: Sendable, Hashable, Codable {
    /// The message's id; its time is the message's creation time.
    public var id: MessageID
    /// When the message was created.
    public var createdAt: Date
    /// When the row last changed (finish, receipt).
    public var updatedAt: Date
    /// `outbound` for every message Switchboard sends (inbound messages are ``InboundRecord``s).
    public var direction: String
    /// The recipient in E.164.
    public var recipient: String
    /// The recipient's ISO country code.
    public var country: String?
    /// The sender id or number.
    public var sender: String?
    /// The channel (`sms`, …).
    public var channel: String
    /// The app's tag.
    public var tag: String?
    /// The text.
    public var text: String
    /// The text's encoding (`GSM-7`, `UCS-2`).
    public var encoding: String?
    /// How many segments the text needs.
    public var segments: Int?
    /// The app's idempotency key.
    public var idempotencyKey: String?
    /// `pending` (in flight) | `accepted` | `partial` (some parts accepted) | `failed` |
    /// `unknown` (in flight when the process stopped, or an ambiguous outcome).
    public var state: String
    /// The provider that took it.
    public var provider: String?
    /// The provider's ids, one per part.
    public var providerMessageIDs: [String]
    /// What it cost.
    public var cost: Double?
    /// The currency of ``cost``.
    public var currency: String?
    /// The account balance the provider reported with the acceptance.
    public var remainingBalance: Double?
    /// `pending` | `delivered` | `failed` | `unknown`, from receipts (nil before acceptance).
    public var deliveryState: String?
    /// The route that matched.
    public var route: String?
    /// How many attempts were made.
    public var attemptCount: Int
    /// Why it failed, when it did.
    public var error: String?
    /// The decision trace of the whole dispatch, as JSON (route, candidates, exclusions, what
    /// happened at each candidate); nil until the message finishes.
    public var trace: String?

    init(row: Row) {
        let ids: String? = row["provider_message_ids"]
        id = MessageID(rawValue: row["id"])
        createdAt = Date(timeIntervalSince1970: row["created_at"])
        updatedAt = Date(timeIntervalSince1970: row["updated_at"])
        direction = row["direction"]
        recipient = row["recipient"]
        country = row["country"]
        sender = row["sender"]
        channel = row["channel"]
        tag = row["tag"]
        text = row["text"]
        encoding = row["encoding"]
        segments = row["segments"]
        idempotencyKey = row["idempotency_key"]
        state = row["state"]
        provider = row["provider"]
        providerMessageIDs = ids.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        cost = row["cost"]
        currency = row["currency"]
        remainingBalance = row["remaining_balance"]
        deliveryState = row["delivery_state"]
        route = row["route"]
        attemptCount = row["attempt_count"]
        error = row["error"]
        trace = row["trace"]
    }
}
