import ArgumentParser
import Foundation
import Switchboard

/// `switchboard explain`: how would this message be routed, and why.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the normalised number, encoding, route, ranked candidates with costs and exclusions.",
        discussion: """
            With --stdin, reads one JSON message per line ({"to":…,"text":…,"tag":…}) and prints one JSON result per line.
            With --delivery FILE (CSV: provider,country,delivered,failed), routes with a quality_floor use those \
            delivery ratios: least_cost ranks by cost per delivered message, providers below the floor are excluded.
            """)

    @OptionGroup var options: RulesOption
    @Option(help: "Recipient number (any common format).") var to: String?
    @Option(help: "Message text.") var text: String = ""
    @Option(help: "Channel (sms, mms, viber, whatsapp).") var channel: String = "sms"
    @Option(help: "Tag (otp, marketing, …).") var tag: String?
    @Option(help: "Sender id or number.") var from: String?
    @Option(help: "Default country for national-format numbers (ISO code).") var country: String?
    @Option(help: "Pin the weighted draw (0 ≤ d < 1) for a repeatable answer.") var draw: Double?
    @Option(help: "Delivery receipt counts for quality_floor routes (CSV: provider,country,delivered,failed).")
    var delivery: String?
    @Option(help: "Receipts needed before a delivery ratio counts (with --delivery).")
    var minSamples: Int = DeliveryRatios.defaultMinSamples
    @Flag(help: "Transliterate to GSM-7 when it saves segments.") var transliterate = false
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Read JSON messages from stdin, one per line.") var stdin = false

    func validate() throws {
        if !stdin && to == nil { throw ValidationError("give --to NUMBER, or --stdin") }
        if let draw, !(0..<1).contains(draw) { throw ValidationError("--draw must be ≥ 0 and < 1") }
        if minSamples < 1 { throw ValidationError("--min-samples must be at least 1") }
    }

    func run() throws {
        let table = try loadTable(options.rules)
        let ratios = try delivery.map { path in
            DeliveryRatios(table: table, samples: try loadDeliverySamples(path), minSamples: minSamples)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if stdin {
            var failed = false
            while let line = readLine() {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                let explanation: PlanExplanation
                do {
                    let message = try JSONDecoder().decode(Message.self, from: Data(line.utf8))
                    explanation = PlanExplanation(message: message, table: table, draw: draw, delivery: ratios)
                } catch {
                    failed = true
                    print(#"{"error":"not a JSON message: expected {\"to\":…,\"text\":…}","input":\#(String(data: try encoder.encode(line), encoding: .utf8) ?? "\"\"")}"#)
                    continue
                }
                if explanation.error != nil { failed = true }
                print(String(decoding: try encoder.encode(explanation), as: UTF8.self))
            }
            if failed { throw ExitCode(2) }
            return
        }
        var message = Message(to: to ?? "", text: text, from: from, channel: MessageChannel(rawValue: channel),
                              tag: tag, transliterate: transliterate)
        if let country {
            guard let code = CountryCode(country) else { throw ValidationError("--country: '\(country)' is not an ISO country code") }
            message.defaultCountry = code
        }
        let explanation = PlanExplanation(message: message, table: table, draw: draw, delivery: ratios)
        if json {
            encoder.outputFormatting.insert(.prettyPrinted)
            print(String(decoding: try encoder.encode(explanation), as: UTF8.self))
        } else {
            print(explanation.text)
        }
        if explanation.error != nil { throw ExitCode(2) }
    }

    /// Reads a delivery CSV; problems are printed like rule diagnostics.
    private func loadDeliverySamples(_ path: String) throws -> [DeliveryRatios.Sample] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--delivery: cannot read \(path)")
        }
        do {
            return try DeliveryRatios.samples(csv: text, file: path)
        } catch {
            for diagnostic in error.diagnostics { StandardError.print(diagnostic.description) }
            throw ExitCode(1)
        }
    }
}
