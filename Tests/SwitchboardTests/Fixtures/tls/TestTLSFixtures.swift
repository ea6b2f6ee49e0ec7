import Foundation

/// A self-signed certificate for `127.0.0.1` and `localhost` (EC P-256, valid 2025-01-01 to
/// 2045-01-01, CA:FALSE, serverAuth) and its private key, for local TLS tests only.
///
/// They live in a Swift file rather than as `.pem` files because resources of the test target
/// would have to be declared in Package.swift (SwiftPM warns about unhandled files). Tests
/// write them to a temporary directory with ``TestTLSFixtures/writeToTemporaryDirectory()``.
///
/// Regenerate (the `ca` section of ca.cnf: `policy` with `commonName = supplied`,
/// `x509_extensions` with `subjectAltName = IP:127.0.0.1,DNS:localhost`,
/// `basicConstraints = critical,CA:FALSE`, `keyUsage = critical,digitalSignature`,
/// `extendedKeyUsage = serverAuth`):
///
///     openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
///         -keyout key.pem -out req.csr -subj "/CN=Switchboard test server"
///     openssl ca -batch -config ca.cnf -selfsign -keyfile key.pem -in req.csr -out cert.pem \
///         -startdate 20250101000000Z -enddate 20450101000000Z -notext
enum TestTLSFixtures {
    /// The server certificate; also the only CA clients need to trust.
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBozCCAUmgAwIBAgIBATAKBggqhkjOPQQDAjAiMSAwHgYDVQQDDBdTd2l0Y2hi
        b2FyZCB0ZXN0IHNlcnZlcjAeFw0yNTAxMDEwMDAwMDBaFw00NTAxMDEwMDAwMDBa
        MCIxIDAeBgNVBAMMF1N3aXRjaGJvYXJkIHRlc3Qgc2VydmVyMFkwEwYHKoZIzj0C
        AQYIKoZIzj0DAQcDQgAEESFP1GP/pbyDN8lJHbnh9L+OlCmimSbFrSCMtCqgZLPG
        A2BmUWHSl4ZhrHg1ioGfGKBJky2js8SP0H/KvMRpEaNwMG4wGgYDVR0RBBMwEYcE
        fwAAAYIJbG9jYWxob3N0MAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMBMG
        A1UdJQQMMAoGCCsGAQUFBwMBMB0GA1UdDgQWBBSzXsfKzWd8UaJepgbLLkyqA6Dw
        tDAKBggqhkjOPQQDAgNIADBFAiB4yuJ25oMjga3nP4twnJ30aZ1F4ff7+xwxCWUp
        spz1bAIhAIOqcPmqhgbjadhLCWZBl2jUMHkYEjF1Up9O8UuaKfWS
        -----END CERTIFICATE-----
        """

    /// The certificate's private key. Test-only: it protects nothing.
    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgTTdAhQrLkxcgEkoN
        bHssz2y936T5CEv6Nq3DD+NaTKShRANCAAQRIU/UY/+lvIM3yUkdueH0v46UKaKZ
        JsWtIIy0KqBks8YDYGZRYdKXhmGseDWKgZ8YoEmTLaOzxI/Qf8q8xGkR
        -----END PRIVATE KEY-----
        """

    /// Paths of the written PEM files.
    struct Files {
        let directory: String
        let certificate: String
        let privateKey: String
    }

    /// Writes the certificate and key to a fresh temporary directory.
    static func writeToTemporaryDirectory() throws -> Files {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("cert.pem")
        let privateKey = directory.appendingPathComponent("key.pem")
        try Data((certificatePEM + "\n").utf8).write(to: certificate)
        try Data((privateKeyPEM + "\n").utf8).write(to: privateKey)
        return Files(directory: directory.path, certificate: certificate.path, privateKey: privateKey.path)
    }
}
