import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One writing process per log: an exclusive `flock` on `<log>.lock`, held while the log is open
/// for writing. Opening a log runs crash recovery (pending messages become `unknown`), which
/// would be wrong for messages another live process has in flight — so a second writer is
/// refused with a clear error instead. The kernel drops the lock when the process dies, so a
/// crashed router never blocks the next start. Read-only opens take no lock.
final class OutcomeLogLock: Sendable {
    private let descriptor: Mutex<Int32>

    /// Takes the lock for the log at `logPath`, or throws ``OutcomeLogError/inUse(path:pid:)``.
    init(logPath: String) throws {
        let lockPath = logPath + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutcomeLogError.lockFailed(path: lockPath, reason: String(cString: strerror(errno)))
        }
        // A lock this process just released can still be held for a moment by a child being
        // spawned (it shares the descriptor between fork and exec, where O_CLOEXEC closes it):
        // when the holder is this process, try again for a short while before giving up.
        let deadline = ContinuousClock.now + .seconds(2)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.readPID(fd)
            guard holder == getpid(), ContinuousClock.now < deadline else {
                close(fd)
                throw OutcomeLogError.inUse(path: logPath, pid: holder)
            }
            usleep(5_000)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor = Mutex(fd)
    }

    /// Releases the lock (idempotent).
    func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    deinit { release() }

    /// The process id the holder wrote into the lock file, if readable.
    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
