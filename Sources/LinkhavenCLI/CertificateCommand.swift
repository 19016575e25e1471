import ArgumentParser
import Foundation
import LinkhavenAPI
import LinkhavenCore

/// `linkhaven certificate verify`: check a destruction certificate offline.
struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate", abstract: "Destruction certificates.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a destruction certificate's signature offline.",
            discussion: "Give the platform's published key (\(API.platformKey.key)) with --public-key: a certificate that only carries its own key proves nothing about who signed it. Exit status 0 valid, 1 invalid.")
        @Argument(help: "The certificate (JSON).") var file: String
        @Option(parsing: .unconditional, help: "The platform's Ed25519 public key (base64url, which may begin with \"-\").") var publicKey: String?

        func run() throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let c: DestructionCertificate
            do { c = try JSONDecoder().decode(DestructionCertificate.self, from: data) } catch { throw CLIError("'\(file)' is not a Linkhaven destruction certificate") }
            guard c.verify(expectedPublicKey: publicKey) else {
                print("INVALID: the certificate's signature does not verify\(publicKey == nil ? "" : " with the platform's key"), or it was altered.")
                throw ExitCode(1)
            }
            print("Valid destruction certificate \(c.id): dataset '\(c.datasetName)' (\(c.versions.count) version\(c.versions.count == 1 ? "" : "s"), \(Terminal.grouped(c.versions.map(\.rows).reduce(0, +))) rows) destroyed \(c.destroyedAt).")
            print("  reason: \(c.reason); clause: \(c.clause); method: \(c.method)")
            for v in c.versions { print("  version \(v.version): content SHA-256 \(v.contentSHA256)") }
            for d in c.destroyed ?? [] { print("  destroyed: \(Terminal.grouped(d.count)) \(d.kind) (listing SHA-256 \(d.sha256))") }
            for k in c.kept ?? [] { print("  kept (\(k.status), through disclosure control): output \(k.output) '\(k.title)'") }
            if publicKey == nil { print("  note: checked against the key inside the certificate only; pass --public-key to check it is the platform's.") }
        }
    }
}
