import ArgumentParser
import Switchboard

/// The message flags `send` and `estimate` share.
struct MessageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Recipient number (any common format; international unless --country).", valueName: "number"))
    var to: String
    @Option(help: "Message text.") var text: String
    @Option(help: ArgumentHelp("Sender id or number.", valueName: "sender")) var from: String?
    @Option(help: "Tag (otp, marketing, …) that routes may match.") var tag: String?
    @Option(help: "Channel (sms, mms, viber, whatsapp).") var channel: String = "sms"
    @Option(
        help: ArgumentHelp(
            "Idempotency key: a repeat with the same key never sends twice; it returns the first outcome.",
            valueName: "key"))
    var idempotencyKey: String?
    @Option(help: ArgumentHelp("Default country for national-format numbers (ISO code, e.g. NL).", valueName: "code"))
    var country: String?
    @Flag(help: "Transliterate to GSM-7 when it saves segments.") var transliterate = false

    func validate() throws {
        if let country, CountryCode(country) == nil {
            throw ValidationError("--country: '\(country)' is not an ISO country code (NL, DE, US, …)")
        }
        if let idempotencyKey, idempotencyKey.isEmpty { throw ValidationError("--idempotency-key must not be empty") }
    }

    /// The message the flags describe.
    var message: Message {
        Message(
            to: to, text: text, from: from, channel: MessageChannel(rawValue: channel), tag: tag,
            idempotencyKey: idempotencyKey, transliterate: transliterate, defaultCountry: country.flatMap(CountryCode.init))
    }
}
