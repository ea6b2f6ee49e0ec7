public import Foundation

/// Which messages to list, in which order, how many per page (Bandwidth's `list_messages`
/// semantics). Every field that is set narrows the list; nil fields match everything.
///
/// Time bounds apply to the creation time, which is the time in the message id: `since` is
/// inclusive, `until` exclusive, both to the millisecond. Pages are keyset pages on the id (never
/// OFFSET), so each page is a fresh read that stays right while writes continue.
///
/// ``OutcomeLog/messages(filter:)`` lists the `messages` table (what Switchboard sent; its
/// `direction` column is `outbound`). Inbound messages are listed separately with
/// ``OutcomeLog/inboundMessages(filter:)``, which applies `from`, `to`, `since`, `until`,
/// `provider`, `sort` and `pageSize`; a filter on a field inbound messages do not have (`state`,
/// `deliveryState`, `country`, or `direction == .outbound`) matches no inbound message.
public struct MessageFilter: Sendable, Hashable {
    /// Creation order of the pages' rows.
    public enum Sort: String, Sendable, Hashable, Codable, CaseIterable {
        /// Oldest first.
        case ascending
        /// Newest first.
        case descending
    }

    /// The largest page.
    public static let maxPageSize = 1000

    /// The sender (exact match).
    public var from: String?
    /// The recipient in E.164 (exact match).
    public var to: String?
    /// Created at or after this time.
    public var since: Date?
    /// Created before this time.
    public var until: Date?
    /// Outbound or inbound.
    public var direction: MessageDirection?
    /// `pending` | `accepted` | `partial` | `failed` | `unknown`.
    public var state: String?
    /// `pending` | `delivered` | `failed` | `unknown`.
    public var deliveryState: String?
    /// The provider that took the message (for inbound messages: that received it).
    public var provider: String?
    /// The recipient's ISO country code.
    public var country: String?
    /// Creation order.
    public var sort: Sort
    /// Rows per page: 1 ... ``maxPageSize`` (values outside are clamped); 100 by default.
    public var pageSize: Int {
        get { _pageSize }
        set { _pageSize = min(max(newValue, 1), Self.maxPageSize) }
    }

    private var _pageSize = 100

    /// Creates a filter.
    public init(from: String? = nil, to: String? = nil, since: Date? = nil, until: Date? = nil,
                direction: MessageDirection? = nil, state: String? = nil, deliveryState: String? = nil,
                provider: String? = nil, country: String? = nil, sort: Sort = .ascending, pageSize: Int = 100) {
        self.from = from
        self.to = to
        self.since = since
        self.until = until
        self.direction = direction
        self.state = state
        self.deliveryState = deliveryState
        self.provider = provider
        self.country = country
        self.sort = sort
        self.pageSize = pageSize
    }
}
