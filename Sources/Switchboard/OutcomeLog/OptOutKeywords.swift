import Foundation

/// Recognises opt-out (STOP) and opt-in (START) replies.
///
/// The whole message must be the keyword: case, accents, surrounding whitespace and trailing
/// punctuation do not matter ("stop", " Stop. ", "STOP ALL", "Arrêt!"), but a keyword inside a
/// sentence ("don't stop") is not one. Opt-out words: STOP, STOPALL / STOP ALL, UNSUBSCRIBE,
/// CANCEL, END, QUIT, REVOKE, OPTOUT / OPT OUT / OPT-OUT, and localized STOPP (de), ARRET /
/// ARRÊT (fr), BAJA (es), AFMELDEN (nl), ABMELDEN (de) — Dutch and most other languages use STOP
/// itself. Opt-in words: START, UNSTOP, YES, OPTIN / OPT IN / OPT-IN.
public enum OptOutKeywords {
    /// Normalised opt-out keywords.
    public static let optOutWords: Set<String> = [
        "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT",
        "OPT-OUT", "STOPP", "ARRET", "BAJA", "AFMELDEN", "ABMELDEN",
    ]

    /// Normalised opt-in keywords.
    public static let optInWords: Set<String> = ["START", "UNSTOP", "YES", "OPTIN", "OPT IN", "OPT-IN"]

    /// Whether the message asks to stop receiving messages.
    public static func isOptOut(_ text: String) -> Bool {
        optOutWords.contains(normalized(text))
    }

    /// Whether the message asks to receive messages again.
    public static func isOptIn(_ text: String) -> Bool {
        optInWords.contains(normalized(text))
    }

    /// Upper case without accents, without whitespace and punctuation at either end, inner
    /// whitespace runs made one space.
    static func normalized(_ text: String) -> String {
        guard text.utf8.count <= 64 else { return "" }  // no keyword is that long
        let folded = text.folding(options: .diacriticInsensitive, locale: nil).uppercased()
        return folded.trimmingCharacters(in: Self.edges)
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    private static let edges = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)
}
