import ArgumentParser
import Foundation
import Switchboard
import Yams

/// `switchboard bench`: the performance budgets of DESIGN §9, measured.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure routing performance against the DESIGN budgets.",
        subcommands: [PlanBench.self, LoadBench.self, LogBench.self, TransportBench.self, E2EBench.self])
}

/// Median of a list.
func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
}

/// Seconds of wall clock.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Plans per second on one core.
struct PlanBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plans per second on one core (budget ≥ 1,000,000/s with 250 countries × 5 providers, 1,000 routes).")

    @Option(help: "Routes.") var routes = 1000
    @Option(help: "Providers.") var providers = 5
    @Option(help: "Runs (the median is reported).") var runs = 5
    @Option(help: "Seconds per run.") var seconds = 1.0

    func run() throws {
        let files = SyntheticRules(providers: providers, routes: routes).files()
        let rules = try RuleSet.load(files: files, directory: "synthetic")
        let table = RoutingTable(rules)
        var rng = SeededGenerator(seed: 7)
        let countries = CountryCode.all
        // A mix: half the messages are aimed at a specific route (its country and tag), half
        // carry no tag and fall through to the catch-all after scanning their country's routes.
        let requests: [RoutingRequest] = (0..<4096).map { i in
            if i % 2 == 0, rules.routes.count > 1 {
                let route = rules.routes[Int.random(in: 0..<(rules.routes.count - 1), using: &rng)]
                let country = route.condition.countries?.first ?? countries[0]
                return RoutingRequest(country: country, digits: "\(country.callingCode ?? 0)612345678", channel: .sms,
                                      tag: route.condition.tags?.first, segments: 1 + i % 3)
            }
            let country = countries[Int.random(in: 0..<countries.count, using: &rng)]
            return RoutingRequest(country: country, digits: "\(country.callingCode ?? 0)612345678", channel: .sms,
                                  tag: nil, segments: 1 + i % 3)
        }
        var matched = 0
        for r in requests where table.plan(r, draw: 0.5)?.route != "everything-else" { matched += 1 }
        print("plan: \(countries.count) countries × \(providers) providers, \(routes) routes; "
            + "\(matched * 100 / requests.count)% of requests match a specific route, the rest the catch-all")
        var rates: [Double] = []
        for run in 1...runs {
            var count = 0
            var sink = 0
            let start = now()
            var elapsed = 0.0
            while elapsed < seconds {
                for r in requests {
                    if let plan = table.plan(r, draw: 0.37) { sink &+= plan.candidates.count }
                }
                count += requests.count
                elapsed = now() - start
            }
            let rate = Double(count) / elapsed
            rates.append(rate)
            print("  run \(run): \(Int(rate)) plans/s (\(String(format: "%.0f", 1e9 / rate)) ns/plan) [\(sink % 10)]")
        }
        let m = median(rates)
        print("median: \(Int(m)) plans/s on one core — budget ≥ 1,000,000/s: \(m >= 1_000_000 ? "OK" : "OVER BUDGET")")
    }
}

/// Load + validate + compile time for a big rules directory.
struct LoadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Load + validate + compile time for 20,000 routes (budget < 1 s).")

    @Option(help: "Routes.") var routes = 20_000
    @Option(help: "Runs (the median is reported).") var runs = 5
    @Flag(help: "Also time Yams' default compose of routes.yaml, for comparison.") var compareYams = false

    func run() throws {
        let directory = NSTemporaryDirectory() + "switchboard-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try SyntheticRules(routes: routes).write(to: directory)
        let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/routes.yaml")[.size] as? Int) ?? 0
        print("load: \(routes) routes, routes.yaml \(String(format: "%.1f", Double(size) / 1e6)) MB, 5 providers × \(CountryCode.all.count) prices")
        var times: [Double] = []
        for run in 1...runs {
            let start = now()
            let rules = try RuleSet.load(directory: directory)
            let table = RoutingTable(rules)
            let elapsed = now() - start
            times.append(elapsed)
            print("  run \(run): \(String(format: "%.3f", elapsed)) s (\(table.providerIDs.count) providers, \(rules.routes.count) routes)")
        }
        let m = median(times)
        print("median: \(String(format: "%.3f", m)) s — budget < 1 s: \(m < 1 ? "OK" : "OVER BUDGET")")
        if compareYams {
            let text = try String(contentsOfFile: directory + "/routes.yaml", encoding: .utf8)
            var yams: [Double] = []
            for _ in 1...3 {
                let start = now()
                _ = try Yams.compose(yaml: text)
                yams.append(now() - start)
            }
            print("Yams.compose (default resolver), routes.yaml only: median \(String(format: "%.3f", median(yams))) s")
        }
    }
}
