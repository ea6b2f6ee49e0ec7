import ArgumentParser
import Switchboard

/// The exit codes of `send`, `estimate`, `messages` and `report`, which scripts can rely on.
enum CLIExitCode {
    /// Done (sent, estimated, listed, reported).
    static let ok: Int32 = 0
    /// Not sent, for a reason that may pass (providers down, rate limited, account problem,
    /// every candidate failed, deadline), or another runtime error.
    static let failed: Int32 = 1
    /// Not sent and never will be as it is: invalid recipient or sender, opted out, rejected by
    /// the provider, no route, no coverage. Change the message or the rules first.
    static let refused: Int32 = 3
    /// A provider may or may not have taken it (state `unknown`): check before re-sending.
    static let ambiguous: Int32 = 4
    /// Setup: the rules are invalid, a provider's config is wrong, or the log cannot be opened.
    static let setup: Int32 = 5
    /// `messages show`: no message with that id in the log.
    static let notFound: Int32 = 6

    /// The table for `--help` (every command that uses these codes shows it).
    static let help = """
        Exit codes:
          0   ok
          1   not sent; may pass on retry (providers down, rate limited,
              account problem, every candidate failed, deadline); other errors
          3   refused: never sendable as it is (invalid recipient or sender,
              opted out, rejected, no route, no coverage)
          4   ambiguous: a provider may have taken it (state unknown);
              check before re-sending
          5   setup: invalid rules or provider config; log missing or unreadable
          6   not found (messages show: no such message id)
          64  usage: a bad flag or value (swift-argument-parser's EX_USAGE)
        """

    /// The exit code of a failed send.
    static func code(for kind: SendFailure.Kind) -> Int32 {
        switch kind {
        case .invalidRecipient, .invalidSender, .optedOut, .rejected, .noRoute, .noCoverage: refused
        case .ambiguous: ambiguous
        case .rateLimited, .accountProblem, .unavailable, .allCandidatesFailed, .deadlineExceeded, .logUnavailable: failed
        }
    }

    /// What to do about a failed send, for stderr.
    static func fix(for failure: SendFailure, rules: String) -> String {
        let show = failure.messageID.map { "`switchboard messages show \($0)`" } ?? "the attempts above"
        switch failure.kind {
        case .invalidRecipient:
            return "give the number in international format (+31612345678), or pass --country for a national number"
        case .invalidSender:
            return "use an alphanumeric sender id of at most 11 characters, or a number in international format"
        case .optedOut:
            return "the recipient opted out (STOP); they must opt back in before they can be messaged"
        case .noRoute:
            return "no route can take it; see `switchboard explain --rules \(rules) --to …` for the route and exclusions"
        case .rejected:
            return
                "a provider refused it for good; check the number and the text (see \(show)); re-sending it unchanged fails again"
        case .noCoverage:
            return "no provider reaches this destination or sender; add a provider or a route for it in \(rules)"
        case .rateLimited:
            return "retry later" + (failure.retryAfter.map { " (after \(Int($0.rounded(.up))) s)" } ?? "")
        case .accountProblem:
            return "check the provider credentials (the environment variables in \(rules)/providers.yaml) and its balance"
        case .unavailable:
            return "every provider is down or paused; retry later, or check the *_BASE_URL settings"
        case .ambiguous:
            return "it may have been sent: check \(show) and the provider before re-sending; "
                + "re-running with the same --idempotency-key never sends twice"
        case .allCandidatesFailed:
            return "every provider tried failed; see \(show)"
        case .deadlineExceeded:
            return "no provider answered in time; retry later"
        case .logUnavailable:
            return "the outcome log could not record the message; check that --db is writable"
        }
    }
}
