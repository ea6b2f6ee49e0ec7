import Foundation

/// A progress bar on stderr: redrawn in place on a terminal, a line every 10 % otherwise (logs, CI).
struct ProgressBar {
    private let total: Int
    private let label: String
    private let start = Date()
    private let interactive = isatty(STDERR_FILENO) == 1
    private var lastDecile = -1

    /// A bar for `total` items.
    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
    }

    /// Shows `done` of the total.
    mutating func update(_ done: Int) {
        let fraction = Double(done) / Double(total)
        let rate = Double(done) / max(Date().timeIntervalSince(start), 1e-9)
        let status = "\(done)/\(total) \(label), \(Int(rate)) msg/s"
        if interactive {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            Self.write("\r\(bar) \(String(format: "%3d", Int(fraction * 100))) %  \(status)\u{1B}[K")
        } else if Int(fraction * 10) > lastDecile {
            lastDecile = Int(fraction * 10)
            Self.write("\(Int(fraction * 100)) %  \(status)\n")
        }
    }

    /// Prints a line above the bar (the bar is redrawn by the next update).
    func note(_ line: String) {
        Self.write(interactive ? "\r\u{1B}[K\(line)\n" : "\(line)\n")
    }

    /// Ends the bar's line.
    func finish() {
        if interactive { Self.write("\n") }
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
