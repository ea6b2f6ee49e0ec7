/// Why a message cannot be sent as written.
public enum MessageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The recipient is not a valid phone number.
    case invalidRecipient(PhoneNumberError)
    /// The sender is not a valid sender id.
    case invalidSender(PhoneNumberError)

    public var description: String {
        switch self {
        case .invalidRecipient(let e): return "invalid recipient: \(e)"
        case .invalidSender(let e): return "invalid sender: \(e)"
        }
    }
}
