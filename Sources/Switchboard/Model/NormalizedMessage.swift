public import Foundation

/// A message after step 1 of the flow: E.164 number and country, sender, encoding and segments.
public struct NormalizedMessage: Sendable, Hashable {
    /// What the app sent.
    public var original: Message
    /// The recipient.
    public var to: PhoneNumber
    /// The sender, when given.
    public var sender: SenderID?
    /// The text to send (transliterated when asked and when it saves segments).
    public var text: String
    /// Encoding and segments of ``text``.
    public var analysis: SMSTextAnalysis
    /// The transliteration, when one was asked for.
    public var transliteration: GSM7Transliteration.Result?

    /// Normalises a message; throws when the number or sender is invalid.
    public init(_ message: Message) throws(MessageError) {
        original = message
        do {
            to = try PhoneNumber(parsing: message.to, defaultCountry: message.defaultCountry)
        } catch {
            throw .invalidRecipient(error)
        }
        if let from = message.from, !from.isEmpty {
            do { sender = try SenderID(parsing: from) } catch { throw .invalidSender(error) }
        }
        if message.transliterate {
            let result = GSM7Transliteration.transliterate(message.text)
            transliteration = result
            text = result.preferredText
            analysis = result.segmentsSaved > 0 ? result.after : result.before
        } else {
            text = message.text
            analysis = SMSTextAnalysis(message.text)
        }
    }

    /// The routing view of this message.
    public func routingRequest(at date: Date = Date()) -> RoutingRequest {
        RoutingRequest(country: to.country, digits: to.digits, channel: original.channel, tag: original.tag,
                       sender: original.from, segments: analysis.segments, date: date)
    }
}
