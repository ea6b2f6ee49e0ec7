import Foundation
@testable import SwitchboardSimulator
import Testing

/// The simulator's hand-written formatting writes exactly what the Foundation calls it
/// replaced wrote (`String(format:)`, `Calendar`, `JSONEncoder`), so the wire output is unchanged.
@Suite struct SimulatorFormatTests {
    @Test func fixedMatchesStringFormat() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.05, 999.95, 1000 - 0.05 * 3, 0.1 + 0.2, 5e-9, -5e-9, 1.5e-8, 123_456_789.123_456_789,
                                1e20, 1e300, .pi, -.pi, 0.000_000_005]
        for step in 0..<200 { values.append(1000 - Double(step) * 0.05) }
        for _ in 0..<300 {
            let random = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            values.append(random.isFinite ? random : 1)
            values.append(Double.random(in: -10_000...10_000, using: &generator))
        }
        for value in values {
            #expect(SimulatorFormat.fixed(value, decimals: 8) == String(format: "%.8f", value), "\(value)")
            #expect(SimulatorFormat.fixed(value, decimals: 5) == String(format: "%.5f", value), "\(value)")
        }
    }

    /// Exact ties (a binary fraction whose last printed digit is followed by exactly 5) round
    /// to even, as printf rounds them; every decimals count the integer path writes.
    @Test func fixedRoundsTiesAsStringFormat() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e-300, 0x1p-80, 0x1p-81, 0x1p63, 0x1p63 - 1024,
                                -0x1p62, 0x1p53 + 2]
        for j in 0..<1500 {
            values.append(Double(j) / 512)
            values.append(-Double(j) / 64)
            values.append(Double(j) / 4096 + 1e6)
        }
        for _ in 0..<300 {
            values.append(Double.random(in: -1e15...1e15, using: &generator))
            values.append(Double.random(in: 0...1e-3, using: &generator))
        }
        for value in values {
            for decimals in [0, 1, 2, 5, 8, 12, 19] {
                #expect(SimulatorFormat.fixed(value, decimals: decimals) == String(format: "%.\(decimals)f", value),
                        "\(value) \(decimals)")
            }
        }
    }

    @Test func utcMatchesCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        let times = [0, 951_782_400, 1_709_164_800.5, 4_102_444_799.999] + (0..<300).map { _ in
            Double.random(in: 0...4_102_444_800, using: &generator)
        }
        for seconds in times {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: seconds))
            let expected = String(format: "%04ld-%02ld-%02ld %02ld:%02ld:%02ld", c.year!, c.month!, c.day!, c.hour!,
                                  c.minute!, c.second!)
            #expect(SimulatorFormat.utc(seconds).dateTime == expected, "\(seconds)")
        }
    }

    @Test func hexAndPaddingMatchStringFormat() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let id = UInt64.random(in: 0...0xFFFF_FFFF_FFFF, using: &generator) | 0x0A00_0000_0000_0000
            #expect(SimulatorFormat.hex(id, width: 16) == String(format: "%016llX", id))
            var lower: [UInt8] = []
            SimulatorFormat.appendHex(id >> 8, width: 12, uppercase: false, to: &lower)
            #expect(String(decoding: lower, as: UTF8.self) == String(format: "%012llx", id >> 8))
            let small = Int.random(in: 0...99_999, using: &generator)
            #expect(SimulatorFormat.padded(small, width: 4) == String(format: "%04ld", small))
        }
    }

    @Test func smscxSendAnswerMatchesJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "/", "\"", "\\", "\u{8}", "\u{C}", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{10}", "é", "😀",
                      "\u{7F}", "\u{2028}", " ", "+31", "0"]
        func text() -> String {
            (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        func optionalText() -> String? { Bool.random(using: &generator) ? text() : nil }
        func number() -> Double {
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: return Double(Int.random(in: 0...100_000, using: &generator)) / 10_000
            case 1: return Double.random(in: -1e20...1e20, using: &generator)
            default:
                let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
                return value.isFinite ? value : 0
            }
        }
        for _ in 0..<200 {
            let data = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                SMSCXSimWire.DataSms(
                    msgId: text(), status: text(), statusCode: Int.random(in: -5...5000, using: &generator),
                    errorCode: Bool.random(using: &generator) ? nil : Int.random(in: 0...9000, using: &generator),
                    createdAt: text(), inQuietHours: Bool.random(using: &generator), cost: number(), to: text(),
                    countryIso: optionalText(), from: text(), text: text(), parts: Int.random(in: 0...9, using: &generator),
                    textAnalysis: .init(length: Int.random(in: 0...999, using: &generator),
                                        unicode: Bool.random(using: &generator),
                                        parts: Int.random(in: 0...9, using: &generator)),
                    trackData: optionalText())
            }
            var countries: [String: Int] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                let code = String((0..<2).map { _ in "ABCDEFGHIJKLMNOPQRSTUVWXYZ".randomElement(using: &generator)! })
                countries[code] = Int.random(in: 0...100, using: &generator)
            }
            let info = SMSCXSimWire.Info(
                campaignId: text(), totalPhoneNumbers: Int.random(in: 0...99, using: &generator),
                totalValid: Int.random(in: 0...99, using: &generator), totalInvalid: Int.random(in: 0...99, using: &generator),
                totalCost: number(), totalParts: Int.random(in: 0...99, using: &generator), dlrCallbackUrl: optionalText(),
                phoneNumbersByCountry: countries, scheduled: Bool.random(using: &generator),
                invalid: Bool.random(using: &generator)
                    ? nil : (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() })
            let answer = SMSCXSimWire.SendResponse(info: info, data: data)
            let expected = String(decoding: try encoder.encode(answer), as: UTF8.self)
            #expect(answer.json == expected)
        }
        var infinite = SMSCXSimWire.SendResponse(
            info: .init(campaignId: "c", totalPhoneNumbers: 0, totalValid: 0, totalInvalid: 0, totalCost: .infinity,
                        totalParts: 0, dlrCallbackUrl: nil, phoneNumbersByCountry: [:], scheduled: false, invalid: nil),
            data: [])
        #expect(infinite.json == nil)
        infinite.info.totalCost = 0
        #expect(infinite.json == #"{"data":[],"info":{"campaignId":"c","phoneNumbersByCountry":{},"scheduled":false,"#
            + #""totalCost":0,"totalInvalid":0,"totalParts":0,"totalPhoneNumbers":0,"totalValid":0}}"#)
    }
}
