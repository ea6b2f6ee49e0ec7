import ArgumentParser

/// `switchboard`: the ops CLI.
@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Route messages across SMS providers by cost, health and rules.",
        subcommands: [ValidateCommand.self, ExplainCommand.self, TestCommand.self, SendCommand.self, EstimateCommand.self,
                      MessagesCommand.self, ReportCommand.self, ServeCommand.self, BenchCommand.self, DemoCommand.self,
                      SimulatorCommand.self]
    )
}

/// The `--rules DIR` option shared by commands.
struct RulesOption: ParsableArguments {
    @Option(name: .long, help: "The rules directory (providers.yaml, routes.yaml, prices/, tests/).")
    var rules: String = "rules"
}
