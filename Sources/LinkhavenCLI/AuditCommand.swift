import ArgumentParser
import Crypto
import Foundation
import LinkhavenCore

/// `linkhaven audit verify`: check an exported slice of the platform's audit log, offline.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify audit log exports offline.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an audit export: every event's hash, every link, the sequence and the signed checkpoints.",
            discussion: "Exit status 0 when intact, 1 when broken (naming the first broken event). Pass the platform's published public key with --public-key; without it, the export's own key is used, which proves only internal consistency.")
        @Argument(help: "The export (JSON).") var export: String
        @Option(parsing: .unconditional, help: "The platform's Ed25519 public key (base64url, which may begin with \"-\"), as the platform publishes it.") var publicKey: String?

        func run() throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: export))
            let e: AuditExport
            do { e = try JSONDecoder().decode(AuditExport.self, from: data) } catch { throw CLIError("'\(export)' is not a Linkhaven audit export") }
            guard e.format == AuditExport.currentFormat else { throw CLIError("'\(export)' is format '\(e.format)'; this tool reads \(AuditExport.currentFormat)") }
            var trusted: Curve25519.Signing.PublicKey? = nil
            if let publicKey {
                guard let raw = Base64URL.decode(publicKey), let k = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                    throw CLIError("--public-key is not an Ed25519 public key in base64url")
                }
                trusted = k
            }
            switch AuditVerifier.verify(e, trusted: trusted) {
            case .valid(let n, let cp):
                print("valid: \(n) events in chain '\(e.chain)'" + (cp.map { ", signed checkpoint at event \($0)" } ?? ", no signed checkpoint"))
                if trusted == nil { print("note: checked against the export's own key; compare it with the platform's published key: \(e.publicKey)") }
            case .broken(let seq, let reason):
                print("BROKEN at event \(seq): \(reason)")
                throw ExitCode(1)
            }
        }
    }
}
