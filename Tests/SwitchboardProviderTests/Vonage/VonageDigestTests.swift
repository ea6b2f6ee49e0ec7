import Switchboard
import SwitchboardVonage
import Testing

@Suite("Vonage signatures")
struct VonageSignatureTests {
    /// Vectors from vonage-python-sdk 3.x tests/test_signature.py (provider reference §1.6).
    static let params = [("a", "1"), ("b", "2"), ("timestamp", "1461605396")]

    @Test(arguments: [
        (VonageSignatureMethod.md5hash, "6af838ef94998832dbfc29020b564830"),
        (.md5, "c15c21ced558c93a226c305f58f902f2"),
        (.sha1, "3e19a4e6880fdc2c1426bfd0587c98b9532f0210"),
        (.sha256, "a321e824b9b816be7c3f28859a31749a098713d39f613c80d455bbaffae1cd24"),
        (.sha512, "812a18f76680fa0fe1b8bd9ee1625466ceb1bd96242e4d050d2cfd9a7b40166c63ed26ec9702168781b6edcf1633db8ff95af9341701004eec3fcf9550572ee8"),
    ])
    func referenceVectors(method: VonageSignatureMethod, expected: String) {
        #expect(VonageSignature.sign(Self.params, secret: "secret", method: method) == expected)
        // Order of the input does not matter; `sig` is excluded; comparison ignores case.
        let shuffled = [("timestamp", "1461605396"), ("sig", expected.uppercased()), ("b", "2"), ("a", "1")]
        #expect(VonageSignature.verify(shuffled, secret: "secret", method: method))
        #expect(!VonageSignature.verify(shuffled, secret: "other", method: method))
        #expect(!VonageSignature.verify(Self.params, secret: "secret", method: method))  // unsigned
    }

    @Test func signingStringReplacesAmpersandAndEqualsInValues() {
        #expect(VonageSignature.signingString([("text", "a&b=c"), ("api_key", "k"), ("sig", "x")]) == "&api_key=k&text=a_b_c")
    }

    @Test func oneChangedParameterBreaksTheSignature() {
        let sig = VonageSignature.sign(Self.params, secret: "secret", method: .sha256)
        #expect(!VonageSignature.verify([("a", "1"), ("b", "3"), ("timestamp", "1461605396"), ("sig", sig)], secret: "secret", method: .sha256))
    }

    /// Standard digests of the empty and a multi-block input (FIPS/RFC examples).
    @Test(arguments: [
        (HashDigest.md5, "", "d41d8cd98f00b204e9800998ecf8427e"),
        (.sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
        (.sha256, String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func digests(digest: HashDigest, input: String, expected: String) {
        #expect(HashDigest.hex(digest.hash(Array(input.utf8))) == expected)
    }
}
