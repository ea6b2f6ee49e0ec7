import Switchboard

/// How Vonage signs requests and webhooks (the account's `signature_method`).
public enum VonageSignatureMethod: String, Sendable, Hashable, Decodable, CaseIterable {
    /// `md5(string + secret)` — the dashboard default ("MD5 hash").
    case md5hash
    /// HMAC-MD5 keyed with the signature secret.
    case md5
    /// HMAC-SHA1.
    case sha1
    /// HMAC-SHA256.
    case sha256
    /// HMAC-SHA512.
    case sha512
}

/// Vonage request/webhook signatures, exactly as the provider reference §1.6 describes:
/// every parameter except `sig`, sorted by key, `&` and `=` in values replaced by `_`, joined as
/// `&k1=v1&k2=v2…`; then `md5(string + secret)` (md5hash) or `HMAC(secret, string)`, as hex.
public enum VonageSignature {
    /// The string that is hashed, from `parameters` (a `sig` entry is ignored).
    public static func signingString(_ parameters: [(String, String)]) -> String {
        var latest: [String: String] = [:]
        for (key, value) in parameters where key != "sig" { latest[key] = value }
        let keys = latest.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var out = ""
        for key in keys {
            let value = String(latest[key]!.map { $0 == "&" || $0 == "=" ? "_" : $0 })
            out += "&" + key + "=" + value
        }
        return out
    }

    /// The lower-case hex signature of `parameters` under `secret`.
    public static func sign(_ parameters: [(String, String)], secret: String, method: VonageSignatureMethod) -> String {
        let text = signingString(parameters)
        let bytes: [UInt8]
        switch method {
        case .md5hash: bytes = HashDigest.md5.hash(Array((text + secret).utf8))
        case .md5: bytes = HashDigest.md5.hmac(key: Array(secret.utf8), message: Array(text.utf8))
        case .sha1: bytes = HashDigest.sha1.hmac(key: Array(secret.utf8), message: Array(text.utf8))
        case .sha256: bytes = HashDigest.sha256.hmac(key: Array(secret.utf8), message: Array(text.utf8))
        case .sha512: bytes = HashDigest.sha512.hmac(key: Array(secret.utf8), message: Array(text.utf8))
        }
        return HashDigest.hex(bytes)
    }

    /// Whether `parameters` carry a `sig` that matches (case-insensitive, constant time).
    public static func verify(_ parameters: [(String, String)], secret: String, method: VonageSignatureMethod) -> Bool {
        guard let given = parameters.last(where: { $0.0 == "sig" })?.1 else { return false }
        return constantTimeEqualIgnoringCase(given, sign(parameters, secret: secret, method: method))
    }

    /// Compares two ASCII hex strings without an early exit, ignoring case.
    static func constantTimeEqualIgnoringCase(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference: UInt8 = x.count == y.count ? 0 : 1
        for i in 0..<max(x.count, y.count) {
            let p = i < x.count ? lower(x[i]) : 0
            let q = i < y.count ? lower(y[i]) : 0
            difference |= p ^ q
        }
        return difference == 0
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
    }
}
