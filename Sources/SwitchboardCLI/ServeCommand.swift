import ArgumentParser
import Foundation
import Logging
import Switchboard
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardServer
import SwitchboardSimulator
import SwitchboardVonage
#if canImport(Glibc)
    import Glibc
#endif

/// `switchboard serve`: the webhook and REST server (Hummingbird) over the router.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve provider webhooks, the REST API, /metrics and /healthz.",
        discussion: """
            Webhooks: GET|POST /webhooks/{provider}/receipts and /webhooks/{provider}/inbound. REST API (bearer \
            token from SWITCHBOARD_API_TOKEN or --token-file): POST /v1/messages, POST /v1/estimate, \
            GET /v1/messages, GET /v1/messages/{id}. SIGHUP reloads the rules (a broken edit keeps the old \
            rules); SIGTERM/SIGINT drain in-flight sends and stop.
            """)

    @OptionGroup var rulesOption: RulesOption

    @Option(name: .long, help: "The outcome log (SQLite).")
    var db: String = "switchboard.sqlite"

    @Option(name: .long, help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port (0 = a free port; the chosen one is printed).")
    var port: Int = 8080

    @Option(name: .long, help: "File holding the REST API bearer token (else SWITCHBOARD_API_TOKEN).")
    var tokenFile: String?

    @Option(name: .long, help: "Largest request body in bytes (larger ones get 413).")
    var maxBody: Int = 1 << 20

    @Option(name: .long, help: "Public base URL of this server; providers post receipts to <url>/webhooks/<provider>/receipts.")
    var publicURL: String?

    @Flag(name: .long, help: "Start the built-in provider simulator and point the rules' ${…_BASE_URL} at it.")
    var simulator = false

    @Option(name: .long, help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard maxBody > 0 else { throw ValidationError("--max-body must be positive") }
    }

    func run() async throws {
        var logger = Logger(label: "switchboard.server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let token = try readToken()
        if token == nil {
            StandardError.print("switchboard serve: no API token (SWITCHBOARD_API_TOKEN or --token-file): the REST API answers 401")
        }
        // Before the router exists: its metric handles are made from the bootstrapped factory.
        let metrics = MetricsEndpoint.bootstrap()
        var options = RouterOptions()
        var routerLogger = Logger(label: "switchboard.router")
        routerLogger.logLevel = logger.logLevel
        options.logger = routerLogger
        var listenPort = port
        var sim: ProviderSimulator?
        if simulator {
            let entries = ProviderSimulator.demoProviders(balance: 1000)
            let started = ProviderSimulator(providers: entries.map(\.provider))
            try await started.start()
            options.environment.merge(started.baseURLEnvironment(entries)) { _, new in new }
            sim = started
            if listenPort == 0 { listenPort = try Self.freePort(host: host) }
        }
        if let publicURL {
            options.callbackBaseURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        } else if simulator {
            options.callbackBaseURL = "http://\(host):\(listenPort)"
        }
        let registry = ProviderRegistry.builtin
        let router: MessageRouter
        do {
            router = try MessageRouter(rulesDirectory: rulesOption.rules, registry: registry, logPath: db, options: options)
        } catch let error as RuleSetError {
            for diagnostic in error.diagnostics { StandardError.print(diagnostic.description) }
            StandardError.print("\(rulesOption.rules): rules are invalid; run `switchboard validate --rules \(rulesOption.rules)`")
            await sim?.stop()
            throw ExitCode(1)
        } catch {
            StandardError.print("switchboard serve: \(error)")
            await sim?.stop()
            throw ExitCode(1)
        }
        let configuration = ServerConfiguration(host: host, port: listenPort, apiToken: token, maxBodyBytes: maxBody,
                                                logger: logger)
        let server = SwitchboardServer(router: router, configuration: configuration, metrics: metrics)
        let host = self.host
        let simulated = sim != nil
        do {
            try await server.run { bound in
                var line = "switchboard serve: listening on http://\(host):\(bound)"
                if simulated { line += " (providers simulated in-process)" }
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        } catch {
            StandardError.print("switchboard serve: \(error)")
            await sim?.stop()
            throw ExitCode(1)
        }
        await sim?.stop()
    }

    /// The token from --token-file (trimmed) or SWITCHBOARD_API_TOKEN; never printed.
    func readToken() throws -> String? {
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ValidationError("cannot read --token-file \(tokenFile)")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw ValidationError("--token-file \(tokenFile) is empty") }
            return token
        }
        let token = ProcessInfo.processInfo.environment["SWITCHBOARD_API_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return token.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A port nothing listens on now (for --simulator with --port 0, where the callback URL must
    /// be known before the server binds).
    static func freePort(host: String) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("cannot find a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw ValidationError("cannot find a free port on \(host)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
