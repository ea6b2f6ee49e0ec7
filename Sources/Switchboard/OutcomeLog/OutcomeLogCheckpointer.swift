import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Moves WAL checkpoints off the writer thread.
///
/// By default SQLite checkpoints inside the commit that takes the WAL past 1,000 frames: the
/// committing thread copies the pages into the database file and waits for two fsyncs, and every
/// caller waiting on that group commit waits with it. Here a WAL hook on the writer's connection
/// replaces that: after `softLimit` new frames it wakes a thread with its own connection that runs
/// a PASSIVE checkpoint (readers and the writer carry on meanwhile).
///
/// A checkpoint that runs beside a busy writer rarely catches up with it completely, and only a
/// complete one lets the writer start the WAL file over, so once the WAL reaches `hardLimit` frames
/// the writer checkpoints the remainder itself (most of it already copied) and the file restarts.
/// Durability is unchanged: a commit is in the WAL when it returns, checkpointed or not.
final class OutcomeLogCheckpointer: Sendable {
    /// New WAL frames (pages) that wake the checkpoint thread (4× SQLite's default
    /// autocheckpoint, ~16 MB): a page written by several commits in between (an index leaf
    /// that random provider ids land in, the last page of a table) is copied once per pass.
    static let softLimit = 4000
    /// WAL frames at which the writer checkpoints itself, so the file restarts (about 80 MB).
    static let hardLimit = 20_000

    private let path: String
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let requested = Atomic<Bool>(false)
    private let closed = Atomic<Bool>(false)
    /// WAL frames copied into the database by the last checkpoint pass.
    private let checkpointedFrames = Atomic<Int>(0)
    /// WAL size when the writer last tried a checkpoint itself.
    private let writerAttemptFrames = Atomic<Int>(0)
    /// Checkpoint passes run by the checkpoint thread.
    let passes = Atomic<Int>(0)
    /// Checkpoints the writer ran itself at the hard limit.
    let writerCheckpoints = Atomic<Int>(0)

    init(path: String) {
        self.path = path
        let thread = Thread { [self] in self.run() }
        thread.name = "switchboard.outcome-log.checkpoint"
        thread.start()
    }

    /// Installs the WAL hook on the writer's connection (replacing SQLite's autocheckpoint).
    func install(on db: Database) {
        sqlite3_wal_hook(db.sqliteConnection, { context, connection, name, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<OutcomeLogCheckpointer>.fromOpaque(context).takeUnretainedValue()
                .committed(frames: Int(frames), connection: connection, name: name)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Removes the hook (before this object goes away) and restores SQLite's autocheckpoint.
    func uninstall(from db: Database) {
        sqlite3_wal_hook(db.sqliteConnection, nil, nil)
        sqlite3_wal_autocheckpoint(db.sqliteConnection, Int32(Self.softLimit))
    }

    /// Stops the checkpoint thread (it finishes a pass in progress first).
    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        stopped.wait()
    }

    /// Called by SQLite on the writer's thread after each commit, with the WAL's size in frames.
    private func committed(frames: Int, connection: OpaquePointer?, name: UnsafePointer<CChar>?) {
        var done = checkpointedFrames.load(ordering: .relaxed)
        if frames < done {  // the WAL started over since
            done = 0
            checkpointedFrames.store(0, ordering: .relaxed)
        }
        if frames - done >= Self.softLimit, !requested.exchange(true, ordering: .acquiringAndReleasing) {
            wake.signal()
        }
        guard frames >= Self.hardLimit else { return }
        // At most once per softLimit frames (a reader holding an old snapshot can keep a checkpoint
        // from completing; the writer must not then pay for one at every commit).
        let attempted = writerAttemptFrames.load(ordering: .relaxed)
        guard frames < attempted || frames - attempted >= Self.softLimit else { return }
        writerAttemptFrames.store(frames, ordering: .relaxed)
        // Copies what the checkpoint thread has not yet (BUSY while it runs: tried again later).
        if sqlite3_wal_checkpoint_v2(connection, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil) == SQLITE_OK {
            writerCheckpoints.add(1, ordering: .relaxed)
        }
    }

    private func run() {
        var connection: OpaquePointer?
        if sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK {
            sqlite3_exec(connection, "PRAGMA synchronous = NORMAL", nil, nil, nil)
        } else {
            // Without this connection the writer's hard-limit checkpoints keep the WAL bounded.
            sqlite3_close_v2(connection)
            connection = nil
        }
        while true {
            wake.wait()
            if closed.load(ordering: .acquiring) { break }
            requested.store(false, ordering: .releasing)
            guard let connection else { continue }
            var log: Int32 = 0
            var copied: Int32 = 0
            let code = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied)
            if code == SQLITE_OK, copied >= 0 {
                checkpointedFrames.store(Int(copied), ordering: .relaxed)
            }
            passes.add(1, ordering: .relaxed)
        }
        sqlite3_close_v2(connection)
        stopped.signal()
    }
}
