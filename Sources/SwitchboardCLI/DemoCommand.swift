import ArgumentParser
import Switchboard

/// `switchboard demo`: the sample rules end to end.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the sample rules end to end and print a summary.")

    @OptionGroup var options: RulesOption

    func run() throws {
        let table = try loadTable(options.rules)
        print("Rules \(options.rules): \(table.rules.providers.count) providers, \(table.rules.routes.count) routes, currency \(table.rules.currency)\n")
        let samples: [Message] = [
            Message(to: "+31 6 1234 5678", text: "Your code is 481516", tag: "otp"),
            Message(to: "0049 151 23456789", text: "Your parcel arrives today between 10:00 and 12:00."),
            Message(to: "+1 (415) 555-0100", text: "Your table is ready", from: "InfoText"),
            Message(to: "+33 6 12 34 56 78", text: "Offre spéciale : -20 % sur tout le magasin ce week-end ! Répondez STOP pour ne plus recevoir nos messages.", tag: "marketing", transliterate: true),
            Message(to: "+44 7700 900000", text: "Hello 👋 from Switchboard"),
            Message(to: "+31 6 CALL ME", text: "bad number"),
        ]
        for message in samples {
            print(PlanExplanation(message: message, table: table, draw: 0.5).text)
            print("")
        }
        print("Sending through the provider simulator arrives with the plugin and router issues; this demo plans only.")
    }
}
