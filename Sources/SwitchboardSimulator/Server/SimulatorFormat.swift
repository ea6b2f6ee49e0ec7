#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Number and time formatting for the simulations' wire texts, without Foundation's
/// `String(format:)` and `Calendar` (they showed up in the simulator's profile): the same text.
enum SimulatorFormat {
    /// `value` with exactly `decimals` fraction digits — C's `%.Nf` (what `String(format:)` prints).
    static func fixed(_ value: Double, decimals: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> String in
            let format: StaticString = "%.*f"
            let written = withVaList([Int32(decimals), value]) { arguments in
                format.withUTF8Buffer { pattern in
                    pattern.withMemoryRebound(to: CChar.self) { pattern in
                        vsnprintf(buffer.baseAddress, 64, pattern.baseAddress, arguments)
                    }
                }
            }
            guard written >= 0 else { return "" }
            guard Int(written) < 64 else { return fixedLong(value, decimals: decimals, length: Int(written)) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(written)), as: UTF8.self)
        }
    }

    /// ``fixed(_:decimals:)`` for huge values (more than 63 characters).
    private static func fixedLong(_ value: Double, decimals: Int, length: Int) -> String {
        var bytes = [CChar](repeating: 0, count: length + 1)
        let format: StaticString = "%.*f"
        _ = withVaList([Int32(decimals), value]) { arguments in
            format.withUTF8Buffer { pattern in
                pattern.withMemoryRebound(to: CChar.self) { pattern in
                    vsnprintf(&bytes, length + 1, pattern.baseAddress, arguments)
                }
            }
        }
        return String(decoding: bytes.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A non-negative integer left-padded with zeros to `width` digits (`%0Nld`).
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }

    /// Upper-case hex left-padded with zeros to `width` digits (`%0NllX`).
    static func hex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }

    /// A UTC calendar time (proleptic Gregorian).
    struct UTCTime {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int

        /// `YYYY-MM-DD HH:MM:SS`.
        var dateTime: String {
            padded(year, width: 4) + "-" + padded(month, width: 2) + "-" + padded(day, width: 2) + " "
                + padded(hour, width: 2) + ":" + padded(minute, width: 2) + ":" + padded(second, width: 2)
        }
    }

    /// The UTC calendar time of `seconds` since 1970 (whole seconds, rounded down).
    static func utc(_ seconds: Double) -> UTCTime {
        let total = Int(seconds.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let rest = total - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return UTCTime(year: year, month: month, day: day, hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
    }
}
