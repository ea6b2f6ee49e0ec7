import ArgumentParser

/// `switchboard messages`: the outcome log's messages (list by default, or `show ID`).
struct MessagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "List messages from the outcome log, or show one with its attempts and decision trace.",
        discussion: "Reads the log at --db only: no rules or credentials needed.",
        subcommands: [MessagesListCommand.self, MessagesShowCommand.self],
        defaultSubcommand: MessagesListCommand.self)
}
