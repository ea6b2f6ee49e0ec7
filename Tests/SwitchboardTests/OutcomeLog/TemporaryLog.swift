import Foundation
@testable import Switchboard

/// A log in a temporary file, removed (with its WAL) by `remove()`.
struct TemporaryLog {
    let path = NSTemporaryDirectory() + "sb-log-\(UUID().uuidString).sqlite"
    let log: OutcomeLog

    init() throws {
        log = try OutcomeLog(path: path)
    }

    func remove() {
        log.close()
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
