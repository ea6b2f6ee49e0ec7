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
        var bytes: [UInt8] = []
        appendFixed(value, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``fixed(_:decimals:)`` of `value` to `out`.
    static func appendFixed(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        if appendExactFixed(value, decimals: decimals, to: &out) { return }
        out.append(contentsOf: printfFixed(value, decimals: decimals).utf8)
    }

    /// Most fraction digits ``appendExactFixed(_:decimals:to:)`` writes (10^19 fits in 64 bits).
    private static let maxExactDecimals = 19

    /// `%.Nf` by integer arithmetic, for finite values under 2^63 and up to 19 decimals: the
    /// double's exact binary value times 10^N, rounded to nearest with ties to even (as glibc's
    /// printf rounds), printed as digits. False (nothing written) outside that range.
    private static func appendExactFixed(_ value: Double, decimals: Int, to out: inout [UInt8]) -> Bool {
        let magnitude = value.magnitude
        guard value.isFinite, magnitude < 0x1p63, decimals >= 0, decimals <= maxExactDecimals else { return false }
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        var scaled: UInt128 = 0
        // Below 2^-80 a value times 10^19 is under 1/2: it rounds to zero (subnormals included).
        if magnitude >= 0x1p-80 {
            let significand = UInt128(magnitude.significandBitPattern | 1 << 52)
            let exponent = Int(magnitude.exponentBitPattern) - 1075  // value = significand × 2^exponent
            let product = significand * UInt128(scale)  // < 2^117
            if exponent >= 0 {
                scaled = product << exponent  // exponent ≤ 10 below 2^63
            } else {
                let shift = -exponent
                if shift < 120 {
                    scaled = product >> shift
                    let remainder = product & ((1 << shift) - 1)
                    let half: UInt128 = 1 << (shift - 1)
                    if remainder > half || (remainder == half && scaled & 1 == 1) { scaled += 1 }
                }  // else product < 2^117 ≤ half: rounds to zero
            }
        }
        if value.sign == .minus { out.append(UInt8(ascii: "-")) }
        let (whole, fraction) = scaled.quotientAndRemainder(dividingBy: UInt128(scale))
        appendDecimal(UInt64(whole), to: &out)  // whole < 2^63
        guard decimals > 0 else { return true }
        out.append(UInt8(ascii: "."))
        appendDecimal(UInt64(fraction), width: decimals, to: &out)
        return true
    }

    /// Appends `value` in decimal, left-padded with zeros to `width` digits.
    static func appendDecimal(_ value: UInt64, width: Int = 1, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: more than UInt64's 20 digits
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                count += 1
                scratch[scratch.count - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0 || count < min(width, scratch.count)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(scratch.count - count)...]))
        }
    }

    /// `%.*f` by `vsnprintf`.
    private static func printfFixed(_ value: Double, decimals: Int) -> String {
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

    /// Appends `value` in hex, left-padded with zeros to `width` digits (`%0Nllx`, `%0NllX`).
    static func appendHex(_ value: UInt64, width: Int, uppercase: Bool, to out: inout [UInt8]) {
        let letters = uppercase ? UInt8(ascii: "A") - 10 : UInt8(ascii: "a") - 10
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: more than UInt64's 16 digits
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                count += 1
                let digit = UInt8(rest & 0xF)
                scratch[scratch.count - count] = digit < 10 ? UInt8(ascii: "0") + digit : letters + digit
                rest >>= 4
            } while rest > 0 || count < min(width, scratch.count)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(scratch.count - count)...]))
        }
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
            guard year >= 0 else {
                return padded(year, width: 4) + "-" + padded(month, width: 2) + "-" + padded(day, width: 2) + " "
                    + padded(hour, width: 2) + ":" + padded(minute, width: 2) + ":" + padded(second, width: 2)
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(19)
            appendDecimal(UInt64(year), width: 4, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            appendDecimal(UInt64(month), width: 2, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            appendDecimal(UInt64(day), width: 2, to: &bytes)
            bytes.append(UInt8(ascii: " "))
            appendDecimal(UInt64(hour), width: 2, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendDecimal(UInt64(minute), width: 2, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendDecimal(UInt64(second), width: 2, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
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
