public import Foundation
import GRDB

/// A delivery receipt as logged (a row of the `receipts` table).
public struct ReceiptRecord: Sendable, Hashable, Codable {
    /// The message it belongs to (nil when no logged message has that provider message id).
    public var messageID: MessageID?
    /// The provider that sent it.
    public var provider: String
    /// The provider's id of the message (or of the part, for multipart messages).
    public var providerMessageID: String
    /// The normalised state: `pending` | `delivered` | `failed` | `unknown`.
    public var state: String
    /// The provider's own status word.
    public var providerStatus: String
    /// The provider's error code.
    public var errorCode: String?
    /// When it happened (the provider's timestamp, or when it arrived).
    public var at: Date

    init(row: Row) {
        messageID = (row["message_id"] as Int64?).map(MessageID.init(rawValue:))
        provider = row["provider"]
        providerMessageID = row["provider_message_id"]
        state = row["state"]
        providerStatus = row["provider_status"]
        errorCode = row["error_code"]
        at = Date(timeIntervalSince1970: row["at"])
    }
}
