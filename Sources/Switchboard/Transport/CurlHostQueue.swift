/// Per-host admission: at most `limit` transfers in libcurl, the rest wait here in FIFO order.
///
/// libcurl's own queue for transfers over `CURLMOPT_MAX_HOST_CONNECTIONS` is not FIFO and
/// runs their timeouts while they wait (reference pitfall 2), so requests only reach libcurl
/// when a connection slot is free.
///
/// A class, mutated in place inside the driver's dictionary: a struct copied out of the
/// dictionary would copy its whole array on every append (copy-on-write). Loop thread only.
final class CurlHostQueue {
    var inFlight = 0
    private var waiting: [CurlSubmission] = []
    private var head = 0

    var waitingCount: Int { waiting.count - head }
    var isIdle: Bool { inFlight == 0 && waitingCount == 0 }

    func enqueue(_ submission: CurlSubmission) {
        waiting.append(submission)
    }

    /// The oldest waiting submission whose caller is still waiting (cancelled ones are dropped).
    func dequeue() -> CurlSubmission? {
        while head < waiting.count {
            let next = waiting[head]
            head += 1
            compactIfWorthIt()
            if !next.token.isSettled { return next }
        }
        return nil
    }

    /// Removes and returns everything still waiting.
    func removeAll() -> [CurlSubmission] {
        let rest = Array(waiting[head...])
        waiting = []
        head = 0
        return rest
    }

    private func compactIfWorthIt() {
        if head == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= waiting.count {
            waiting.removeFirst(head)
            head = 0
        }
    }
}
