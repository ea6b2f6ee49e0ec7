import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// CPU time per thread of this process, from `/proc/self/task/*/stat` (Linux only; empty
/// elsewhere). Benchmarks diff two snapshots and group the threads by name, which shows where
/// the time goes: the in-process simulator's NIO event loops, libcurl's loop thread, the SQLite
/// writer, the Swift concurrency pool.
struct ThreadCPU: Sendable {
    /// CPU microseconds (user + system) and name of each live thread, by thread id.
    var threads: [Int: (name: String, micros: Int64)]

    /// The threads now.
    static func snapshot() -> ThreadCPU {
        var threads: [Int: (name: String, micros: Int64)] = [:]
        #if os(Linux)
            let ticks = Int64(sysconf(Int32(_SC_CLK_TCK)))
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            for task in tasks {
                guard let tid = Int(task),
                      let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                      let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
                else { continue }
                let name = String(stat[stat.index(after: open)..<close])
                // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                guard fields.count > 12, let user = Int64(fields[11]), let system = Int64(fields[12]) else { continue }
                threads[tid] = (name, (user + system) * 1_000_000 / max(1, ticks))
            }
        #endif
        return ThreadCPU(threads: threads)
    }

    /// CPU microseconds spent since `earlier`, per thread-name group, largest first. Thread
    /// names are grouped by dropping trailing digits and separators (`NIO-ELT-0-#3` → `NIO-ELT`).
    func delta(since earlier: ThreadCPU) -> [(group: String, micros: Int64, threads: Int)] {
        var groups: [String: (micros: Int64, threads: Int)] = [:]
        for (tid, now) in threads {
            let before = earlier.threads[tid]?.micros ?? 0
            let spent = now.micros - before
            guard spent > 0 else { continue }
            let group = Self.group(now.name)
            groups[group, default: (0, 0)].micros += spent
            groups[group, default: (0, 0)].threads += 1
        }
        return groups.map { ($0.key, $0.value.micros, $0.value.threads) }.sorted { $0.micros > $1.micros }
    }

    static func group(_ name: String) -> String {
        var trimmed = Substring(name)
        while let last = trimmed.last, last.isNumber || last == "-" || last == "#" || last == "_" {
            trimmed = trimmed.dropLast()
        }
        let group = trimmed.isEmpty ? name : String(trimmed)
        // Linux keeps 15 bytes of a thread's name; say what the common ones are.
        let known: [(suffix: String, label: String)] = [
            ("default-qos", "dispatch pool: Swift tasks, GRDB"),
            ("qos.overcommit", "dispatch overcommit"),
            ("NIO-SGLTN", "NIO singleton loops: simulator"),
            ("NIO-ELT", "NIO event loops: simulator"),
            ("sb-curl-loop", "libcurl loop"),
        ]
        for (suffix, label) in known where group.hasSuffix(suffix) || group.hasPrefix(suffix) {
            return "\(group) (\(label))"
        }
        return group
    }
}
