import Foundation
import Switchboard

/// `GET /v1/messages` query parameters → a ``MessageFilter`` and a page cursor.
enum MessageQuery {
    static let states = ["pending", "accepted", "partial", "failed", "unknown"]
    static let deliveryStates = ["pending", "delivered", "failed", "unknown"]
    static let known: Set<String> = ["to", "from", "since", "until", "state", "delivery_state", "provider", "country",
                                     "sort", "limit", "cursor"]

    static func parse(_ query: [(String, String)]) throws(APIError) -> (MessageFilter, MessageID?) {
        var filter = MessageFilter()
        var cursor: MessageID?
        for (name, value) in query {
            guard known.contains(name) else {
                throw APIError.invalidInput("unknown query parameter '\(name.prefix(40))'",
                                            fix: "use " + known.sorted().joined(separator: ", "))
            }
            switch name {
            case "to":
                guard let phone = try? PhoneNumber(parsing: value) else {
                    throw APIError.invalidInput("'to' is not a phone number in international format", fix: "e.g. to=%2B31612345678")
                }
                filter.to = phone.e164
            case "from": filter.from = value
            case "since": filter.since = try date(value, name: name)
            case "until": filter.until = try date(value, name: name)
            case "state":
                guard states.contains(value) else {
                    throw APIError.invalidInput("'state' must be one of \(states.joined(separator: ", "))")
                }
                filter.state = value
            case "delivery_state":
                guard deliveryStates.contains(value) else {
                    throw APIError.invalidInput("'delivery_state' must be one of \(deliveryStates.joined(separator: ", "))")
                }
                filter.deliveryState = value
            case "provider": filter.provider = value
            case "country": filter.country = value.uppercased()
            case "sort":
                switch value.lowercased() {
                case "asc", "ascending": filter.sort = .ascending
                case "desc", "descending": filter.sort = .descending
                default: throw APIError.invalidInput("'sort' must be asc or desc")
                }
            case "limit":
                guard let limit = Int(value), (1...MessageFilter.maxPageSize).contains(limit) else {
                    throw APIError.invalidInput("'limit' must be a whole number from 1 to \(MessageFilter.maxPageSize)")
                }
                filter.pageSize = limit
            case "cursor":
                guard let id = MessageID(value) else {
                    throw APIError.invalidInput("'cursor' is not a cursor this server gave", fix: "pass the previous page's next_cursor")
                }
                cursor = id
            default: break
            }
        }
        return (filter, cursor)
    }

    /// ISO 8601 (`2026-11-23T10:00:00Z`, fractional seconds allowed) or Unix seconds.
    static func date(_ text: String, name: String) throws(APIError) -> Date {
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        throw APIError.invalidInput("'\(name)' is not a time", fix: "use ISO 8601 (2026-11-23T10:00:00Z) or Unix seconds")
    }
}
