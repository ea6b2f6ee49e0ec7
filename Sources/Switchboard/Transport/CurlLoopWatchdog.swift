import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches the loop's heartbeat from a small separate thread (reference pitfall 10).
///
/// The loop stores in `heartbeatDue` when it will stamp next: "now" while it works, "now +
/// poll ceiling" before it waits in `curl_multi_poll`. When the current time passes that
/// promise by more than the threshold, the loop is stalled: the watchdog counts the stall
/// once, logs a warning, and logs again when the loop is back.
enum CurlLoopWatchdog {
    static func start(shared: CurlLoopShared) -> Bool {
        let threshold = UInt64(shared.configuration.stallThreshold.curlMilliseconds) * 1_000_000
        let interval = max(10_000_000, threshold / 4)
        return startDetachedThread(name: "sb-curl-watch") {
            var stalledSince: UInt64?  // the heartbeat promise that was missed
            while !shared.isFinished {
                sleep(nanoseconds: interval)
                let due = shared.heartbeatDue.load(ordering: .relaxed)
                let now = monotonicNanos()
                let late = now > due ? now - due : 0
                if late > threshold {
                    guard stalledSince != due else { continue }  // already reported
                    if let missed = stalledSince {
                        reportRecovery(shared, missed: missed, now: now)
                    }
                    stalledSince = due
                    shared.stallCount.add(1, ordering: .relaxed)
                    shared.logger.warning(
                        "HTTP transport loop stalled",
                        metadata: [
                            "stalled_ms": "\(late / 1_000_000)",
                            "in_flight": "\(shared.inFlightCount.load(ordering: .relaxed))",
                            "queued": "\(shared.queuedCount.load(ordering: .relaxed))",
                        ])
                } else if let missed = stalledSince {
                    stalledSince = nil
                    reportRecovery(shared, missed: missed, now: now)
                }
            }
        }
    }

    private static func reportRecovery(_ shared: CurlLoopShared, missed: UInt64, now: UInt64) {
        shared.logger.notice(
            "HTTP transport loop recovered",
            metadata: [
                "stalled_ms_at_most": "\((now > missed ? now - missed : 0) / 1_000_000)"
            ])
    }

    private static func sleep(nanoseconds: UInt64) {
        var request = timespec(
            tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR {
            request = remaining
        }
    }
}
