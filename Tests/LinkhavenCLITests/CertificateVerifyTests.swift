import Crypto
import Foundation
import LinkhavenCore
import Testing

/// `linkhaven certificate verify` and `linkhaven audit verify` take the platform's key as given, whatever
/// character its base64url starts with.
@Suite("Verifying the platform's signatures with the provider tool")
struct CertificateVerifyTests {
    /// A base64url key begins with "-" one time in 64; the option must still take it as its value.
    @Test func aKeyThatBeginsWithADashIsTakenAsTheKey() throws {
        var key = Curve25519.Signing.PrivateKey()
        while !Base64URL.encode(Array(key.publicKey.rawRepresentation)).hasPrefix("-") { key = Curve25519.Signing.PrivateKey() }
        let published = Base64URL.encode(Array(key.publicKey.rawRepresentation))
        let certificate = try DestructionCertificate(
            id: UUID().uuidString, project: UUID().uuidString, dataset: UUID().uuidString, datasetName: "school_readiness",
            provider: "County Council", versions: [.init(version: 1, contentSHA256: "a", storedSHA256: "b", rows: 10)],
            derived: ["linked records"], destroyed: [.init(kind: "linked records", count: 10, sha256: "c")],
            destroyedAt: "2026-12-06T00:00:00Z", reason: "retention", agreement: "ISA-1", clause: "7").signed(with: key)
        let cli = try CLIRunner()
        try JSONEncoder().encode(certificate).write(to: URL(fileURLWithPath: cli.path("certificate.json")))
        let ok = try cli.run(["certificate", "verify", "certificate.json", "--public-key", published])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("Valid destruction certificate"))
        let other = Base64URL.encode(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
        let wrong = try cli.run(["certificate", "verify", "certificate.json", "--public-key", other])
        #expect(wrong.status == 1, "\(wrong.stdout)\(wrong.stderr)")
        let audit = try cli.run(["audit", "verify", "missing.json", "--public-key", published])
        #expect(!audit.stderr.contains("Missing value"), "\(audit.stderr)")
    }
}
