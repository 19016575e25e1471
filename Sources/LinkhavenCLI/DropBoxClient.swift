import Foundation
import LinkhavenAPI
import LinkhavenCore

/// The platform's SFTP drop-box, reached with the system's OpenSSH `sftp` client in batch mode (key sign-in only,
/// never a password prompt): puts a file and then its manifest, each under a hidden name renamed once whole so the
/// platform never takes half a file, and fetches the receipt the platform writes once it has decided.
struct DropBoxClient {
    var account: String
    var host: String
    var port: Int
    var identity: String?
    var sshOptions: [String]
    var sftp = "/usr/bin/sftp"

    /// From `account@host[:port]`.
    init(_ target: String, identity: String?, sshOptions: [String]) throws {
        let parts = target.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].hasPrefix("-"), parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw CLIError("--sftp must be ACCOUNT@HOST[:PORT], e.g. lh-z5361180@sftp.linkhaven.example.gov.uk:2222")
        }
        var hostPort = parts[1], port = 22
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65_535).contains(p) else { throw CLIError("--sftp: the port must be 1 to 65535") }
            port = p
            hostPort = String(hostPort[..<colon])
        }
        guard !hostPort.isEmpty, !hostPort.hasPrefix("-") else { throw CLIError("--sftp must name a host") }
        account = parts[0]; host = hostPort.trimmingCharacters(in: CharacterSet(charactersIn: "[]")); self.port = port
        self.identity = identity; self.sshOptions = sshOptions
    }

    /// Puts `file` as `name`, then `manifest` as `manifestName`.
    func put(file: String, as name: String, manifest: String, as manifestName: String) throws {
        let (status, said) = try run("""
            put \(Self.quoted(file)) \(Self.quoted("." + name + ".part"))
            rename \(Self.quoted("." + name + ".part")) \(Self.quoted(name))
            put \(Self.quoted(manifest)) \(Self.quoted("." + manifestName + ".part"))
            rename \(Self.quoted("." + manifestName + ".part")) \(Self.quoted(manifestName))
            """)
        guard status == 0 else { throw CLIError("the drop-box did not take the file (sftp exit status \(status)): \(said.trimmingWhitespace.suffix(500))") }
    }

    /// The receipt for `name` now, if there is one.
    func receipt(_ name: String, scratch: String) throws -> Data? {
        let local = scratch + "/receipt.json"
        unlink(local)
        let (status, said) = try run("-get \(Self.quoted("/receipts/" + name + ".json")) \(Self.quoted(local))\n")
        guard status == 0 else { throw CLIError("could not look for the receipt (sftp exit status \(status)): \(said.trimmingWhitespace.suffix(500))") }
        return FileManager.default.contents(atPath: local)
    }

    /// Runs one `sftp -b` batch; its status and what it said.
    func run(_ batch: String) throws -> (Int32, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("linkhaven-sftp-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try batch.write(toFile: dir + "/batch", atomically: true, encoding: .utf8)
        var args = ["-b", dir + "/batch", "-P", String(port), "-o", "BatchMode=yes"]
        if let identity { args += ["-i", identity] }
        for o in sshOptions { args += ["-o", o] }
        args.append("\(account)@\(host)")
        do {
            let status = ChildProcess.wait(try ChildProcess.start(sftp, args, log: dir + "/log"))
            return (status, (try? String(contentsOfFile: dir + "/log", encoding: .utf8)) ?? "")
        } catch { throw CLIError("cannot run \(sftp) (install OpenSSH's client)") }
    }

    /// A name as sftp's batch language reads it.
    static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
}
