@testable import SwitchboardSimulator
import Testing

/// The SMS.CX simulation's byte-level UUID check answers what the check on the lowercased
/// text answered (its first form, kept here as the reference).
@Suite struct SMSCXSimulationUUIDTests {
    static func reference(_ text: String) -> Bool {
        let chars = Array(text.lowercased().utf8)
        guard chars.count == 36 else { return false }
        for (i, c) in chars.enumerated() {
            let isHex = (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
            if [8, 13, 18, 23].contains(i) { if c != UInt8(ascii: "-") { return false } } else if !isHex { return false }
        }
        return (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(chars[14]) && "89ab".utf8.contains(chars[19])
    }

    @Test func matchesTheLowercasedCheck() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEF-gxZ") + ["\u{212A}", "\u{130}", "é", "\u{301}"]
        var texts = ["5c0f1e2a-0000-4000-8000-000000000001", "5C0F1E2A-0000-4000-B000-00000000000F",
                     "5c0f1e2a-0000-6000-8000-000000000001", "5c0f1e2a-0000-4000-c000-000000000001",
                     "5c0f1e2a-0000-4000-8000-00000000000", "", "5c0f1e2a_0000-4000-8000-000000000001"]
        for _ in 0..<3000 {
            var chars = Array("5c0f1e2a-0000-4000-8000-000000000001")
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                chars[Int.random(in: 0..<chars.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            }
            texts.append(String(chars))
        }
        for text in texts {
            #expect(SMSCXSimulation.isUUIDv1to5(text) == Self.reference(text), "\(text)")
        }
    }
}
