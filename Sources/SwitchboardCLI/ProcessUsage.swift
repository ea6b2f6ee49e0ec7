import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A snapshot of this process's resource use (`getrusage(RUSAGE_SELF)`), for benchmarks.
struct ProcessUsage: Sendable {
    /// User CPU time, microseconds.
    var userMicros: Int64
    /// System CPU time, microseconds.
    var systemMicros: Int64
    /// Peak resident set size so far, KiB (`ru_maxrss`: KiB on Linux, bytes on macOS).
    var maxRSSKiB: Int

    /// User + system CPU time, microseconds.
    var cpuMicros: Int64 { userMicros + systemMicros }

    /// The resident set size now, KiB (`/proc/self/statm` on Linux; the peak elsewhere).
    static func currentRSSKiB() -> Int {
        #if os(Linux)
            if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
                let fields = statm.split(separator: " ")
                if fields.count > 1, let pages = Int(fields[1]) {
                    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
                }
            }
        #endif
        return now().maxRSSKiB
    }

    /// The process's usage now.
    static func now() -> ProcessUsage {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let rss = Int(usage.ru_maxrss)
        #else
            getrusage(RUSAGE_SELF, &usage)
            let rss = Int(usage.ru_maxrss) / 1024
        #endif
        return ProcessUsage(
            userMicros: Int64(usage.ru_utime.tv_sec) * 1_000_000 + Int64(usage.ru_utime.tv_usec),
            systemMicros: Int64(usage.ru_stime.tv_sec) * 1_000_000 + Int64(usage.ru_stime.tv_usec),
            maxRSSKiB: rss)
    }
}
