import Crypto
import Foundation
import LinkhavenCore
import LinkhavenServer

extension DemoScript {
    /// The SFTP drop-box without sshd: the police's admin registers its nightly job's public key (its fingerprint
    /// shown), the job's file is put into the police's drop as sshd would put it, and the watcher takes it through
    /// ingest and writes the receipt (the same file as uploaded over HTTPS: already that version, nothing new kept).
    /// Returns the line the summary prints.
    func dropBox(_ p: DemoPartnership) async throws -> String {
        let key = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation
        func sshString(_ bytes: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes }
        let line = "ssh-ed25519 " + Data(sshString(Array("ssh-ed25519".utf8)) + sshString(Array(key))).base64EncodedString() + " nightly police extract"
        let registered = try await client.call(API.addSFTPKey, p.police.id, body: SFTPKeyIn(name: "Nightly police extract", publicKey: line),
                                               token: p.police.tokens[.orgAdmin]!)
        let account = try await client.call(API.sftpAccount, p.police.id, token: p.police.tokens[.orgAdmin]!).account
        let layout = SFTPLayout(root: (provider as NSString).deletingLastPathComponent + "/sftp")
        try FileManager.default.createDirectory(atPath: layout.drop(account), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let (bytes, m) = try p.file("police")
        try bytes.write(to: URL(fileURLWithPath: layout.drop(account) + "/" + m.file))
        try JSONEncoder().encode(m).write(to: URL(fileURLWithPath: layout.drop(account) + "/police.pseudo.manifest.json"))
        guard try await SFTPDropBox.look(app, root: layout.root, settle: 0) == 1,
              let data = FileManager.default.contents(atPath: layout.receipts(account) + "/" + m.file + ".json") else {
            throw APIClientError("the drop-box watcher wrote no receipt")
        }
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        let receipt = try d.decode(SFTPReceipt.self, from: data)
        say("    key \(registered.fingerprint) registered for \(account); \(m.file) dropped: \(receipt.outcome)\(receipt.reason.map { " (\($0))" } ?? "")")
        return "key \(registered.fingerprint) registered for \(account); \(m.file) dropped as sshd would and receipted: \(receipt.outcome)"
            + "\(receipt.reason.map { " — \($0)" } ?? "") (\(layout.receipts(account))/\(m.file).json). With Debian's sshd: "
            + "linkhaven-server sftp configure --root /srv/linkhaven-sftp --apply, then linkhaven upload FILE --sftp \(account)@HOST:2222 (docs/sftp-drop-box.md)"
    }
}
