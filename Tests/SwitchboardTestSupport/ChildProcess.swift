public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process whose stdout and stderr are collected as they arrive, so a test can wait for
/// a line the child prints while it runs (then kill it, for instance).
public final class ChildProcess: Sendable {
    /// Collected output of one stream.
    public final class Output: Sendable {
        private let bytes = Mutex<[UInt8]>([])

        func append(_ data: Data) { bytes.withLock { $0.append(contentsOf: data) } }

        /// Everything read so far.
        public var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }

        /// The complete lines read so far.
        public var lines: [String] {
            let text = self.text
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.removeLast()  // the part after the last newline is not a complete line yet
            return lines
        }
    }

    /// What the child wrote to stdout so far.
    public let stdout = Output()
    /// What the child wrote to stderr so far.
    public let stderr = Output()
    /// The child's process id.
    public let pid: Int32
    private let process: Mutex<Process>
    /// Closed (end of file) when both output streams have been read to their end.
    private let drained = DispatchGroup()

    /// Starts `executable` with `arguments`, in `directory` (default: this process's) with
    /// `environment` (default: this process's).
    public init(executable: String, arguments: [String], directory: String? = nil,
                environment: [String: String]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        pid = process.processIdentifier
        self.process = Mutex(process)
        for (pipe, output) in [(out, stdout), (err, stderr)] {
            let handle = pipe.fileHandleForReading
            drained.enter()
            Thread.detachNewThread { [drained] in
                // read(2) directly: FileHandle.availableData traps on EINTR, which a signal to this
                // process (SIGCHLD when a child exits) can cause on a loaded machine.
                let fd = handle.fileDescriptor
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        output.append(Data(buffer[0..<count]))
                    } else if count < 0 && errno == EINTR {
                        continue
                    } else {
                        break
                    }
                }
                withExtendedLifetime(handle) {}
                drained.leave()
            }
        }
    }

    /// Whether the child is still running.
    public var isRunning: Bool { process.withLock { $0.isRunning } }

    /// How it ended (valid once it is not running).
    public var termination: (reason: Process.TerminationReason, status: Int32) {
        process.withLock { ($0.terminationReason, $0.terminationStatus) }
    }

    /// Sends `signal` to the child.
    public func kill(_ signal: Int32) {
        #if canImport(Glibc)
            _ = Glibc.kill(pid, signal)
        #else
            _ = Darwin.kill(pid, signal)
        #endif
    }

    /// Waits (polling, up to `timeout`) for the child to exit; returns whether it did.
    public func waitForExit(timeout: Duration) async -> Bool {
        let end = ContinuousClock.now + timeout
        while isRunning, ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !isRunning
    }

    /// Waits (up to `timeout`) until everything the child wrote has been read (its stdout and
    /// stderr reached end of file); returns whether they did.
    public func waitForOutput(timeout: Duration) async -> Bool {
        let end = ContinuousClock.now + timeout
        while drained.wait(timeout: .now()) == .timedOut {
            guard ContinuousClock.now < end else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Everything the child wrote, for failure messages.
    public var transcript: String {
        "--- stdout ---\n\(stdout.text.suffix(4000))\n--- stderr ---\n\(stderr.text.suffix(4000))"
    }
}

extension ChildProcess {
    /// Finds the built `switchboard` executable: `SWITCHBOARD_EXECUTABLE`, else next to the test
    /// bundle (`swift test` builds every product into the same directory), else the newest
    /// `.build*/debug/switchboard` or `.build*/<triple>/debug/switchboard` of this package.
    public static func switchboardExecutable() -> String? {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["SWITCHBOARD_EXECUTABLE"], fileManager.isExecutableFile(atPath: path) {
            return path
        }
        var directories = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        directories.append(Bundle.main.bundleURL)
        // On macOS the test bundle is …/debug/X.xctest/Contents/MacOS/X.
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
        for directory in directories {
            let candidate = directory.appendingPathComponent("switchboard").path
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        // Tests/SwitchboardTestSupport/ChildProcess.swift → the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var found: [(path: String, modified: Date)] = []
        for scratch in (try? fileManager.contentsOfDirectory(atPath: root.path)) ?? [] where scratch.hasPrefix(".build") {
            let base = root.appendingPathComponent(scratch).path
            var candidates = [base + "/debug/switchboard"]
            for entry in (try? fileManager.contentsOfDirectory(atPath: base)) ?? [] {
                candidates.append(base + "/" + entry + "/debug/switchboard")
            }
            for candidate in candidates where fileManager.isExecutableFile(atPath: candidate) {
                let modified = (try? fileManager.attributesOfItem(atPath: candidate)[.modificationDate] as? Date) ?? .distantPast
                found.append((candidate, modified))
            }
        }
        return found.max { $0.modified < $1.modified }?.path
    }
}
