import Testing
@testable import Switchboard

@Suite("Random UUIDs (provider idempotency keys)")
struct RandomUUIDTests {
    @Test("version 4, RFC 4122 variant, canonical lower-case form")
    func canonicalVersion4() {
        for _ in 0..<600 {  // more than one 4 KiB refill of the random pool
            let text = RandomUUID.next()
            let bytes = Array(text.utf8)
            #expect(bytes.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { bytes[$0] == UInt8(ascii: "-") })
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
            #expect(text == text.lowercased())
            #expect(text.utf8.allSatisfy { $0 == UInt8(ascii: "-") || ASCIIHex.value($0) != nil })
        }
    }

    @Test("no repeats in 100,000, from several threads at once")
    func unique() async {
        let keys = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask { (0..<25_000).map { _ in RandomUUID.next() } }
            }
            var all: [String] = []
            for await part in group { all += part }
            return all
        }
        #expect(keys.count == 100_000)
        #expect(Set(keys).count == 100_000)
    }

    @Test("format writes the bytes as 8-4-4-4-12 hex")
    func format() {
        let bytes: [UInt8] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x46, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]
        let text = bytes.withUnsafeBytes { RandomUUID.format($0) }
        #expect(text == "00112233-4455-4677-8899-aabbccddeeff")
    }
}
