import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Random (version 4) UUID strings, lower case, for per-dispatch provider idempotency keys.
///
/// Foundation's `UUID()` opens, reads and closes `/dev/urandom` for every UUID on Linux — three
/// system calls per message, which showed in the router's profile. This draws the random bits
/// from a 4 KiB buffer read from `/dev/urandom` (kept open), one system call per 256 UUIDs; the bits are
/// the kernel's CSPRNG output either way.
enum RandomUUID {
    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var used = 4096
    }

    private static let pool = Mutex(Pool())

    /// A new version-4 UUID, e.g. `"3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f708192"`.
    static func next() -> String {
        var raw = (UInt64(0), UInt64(0))
        pool.withLock { pool in
            if pool.used + 16 > pool.bytes.count {
                refill(&pool.bytes)
                pool.used = 0
            }
            withUnsafeMutableBytes(of: &raw) { out in
                pool.bytes.withUnsafeBytes { src in
                    out.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[pool.used..<pool.used + 16]))
                }
            }
            pool.used += 16
        }
        return withUnsafeMutableBytes(of: &raw) { bytes in
            bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
            bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
            return format(UnsafeRawBufferPointer(bytes))
        }
    }

    /// The canonical 8-4-4-4-12 form of 16 bytes, lower-case hex.
    static func format(_ bytes: UnsafeRawBufferPointer) -> String {
        precondition(bytes.count == 16)
        return String(unsafeUninitializedCapacity: 36) { out in
            var o = 0
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[o] = UInt8(ascii: "-")
                    o += 1
                }
                out[o] = lowerHex(bytes[i] >> 4)
                out[o + 1] = lowerHex(bytes[i] & 0x0F)
                o += 2
            }
            return o
        }
    }

    private static func lowerHex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// `/dev/urandom`, opened once (nil if it cannot be opened).
    private static let urandom: Int32? = {
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        return fd >= 0 ? fd : nil
    }()

    /// Fills `buffer` from the kernel's CSPRNG (`/dev/urandom`); falls back to the standard
    /// library's generator (also the kernel's) if the read fails.
    private static func refill(_ buffer: inout [UInt8]) {
        buffer.withUnsafeMutableBytes { raw in
            var filled = 0
            while filled < raw.count, let fd = urandom {
                let n = read(fd, raw.baseAddress! + filled, raw.count - filled)
                if n > 0 {
                    filled += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            var generator = SystemRandomNumberGenerator()
            while filled < raw.count {
                raw[filled] = UInt8.random(in: 0...255, using: &generator)
                filled += 1
            }
        }
    }
}
