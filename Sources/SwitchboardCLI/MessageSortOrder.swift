import ArgumentParser
import Switchboard

/// `--sort newest|oldest` (also `desc|asc`, `descending|ascending`).
enum MessageSortOrder: String, ExpressibleByArgument, CaseIterable {
    case newest
    case oldest

    init?(argument: String) {
        switch argument.lowercased() {
        case "newest", "desc", "descending": self = .newest
        case "oldest", "asc", "ascending": self = .oldest
        default: return nil
        }
    }

    /// The log's sort.
    var sort: MessageFilter.Sort { self == .newest ? .descending : .ascending }
}
