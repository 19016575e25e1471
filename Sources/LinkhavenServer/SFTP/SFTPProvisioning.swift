import Foundation
import LinkhavenCore
#if canImport(Glibc)
import Glibc
#endif

/// What `linkhaven-server sftp configure` does to make the drop-box match the platform's organisations: the
/// steps still needed (an empty plan when everything is as it should be, so running it again changes nothing),
/// each said in words and done only when applied. Needs root to apply: it makes system accounts, chroots owned
/// by root (as sshd requires) and sshd's configuration.
public struct SFTPProvisioning: Sendable {
    public var layout: SFTPLayout
    /// The user the server and workers run as (the watcher moves files out of the drops and writes receipts).
    public var serviceUser: String

    public init(layout: SFTPLayout, serviceUser: String) { self.layout = layout; self.serviceUser = serviceUser }

    /// One thing to change.
    public struct Step: Sendable {
        public var description: String
        let action: @Sendable () throws -> Void
        /// Does it.
        public func apply() throws { try action() }
    }

    /// The steps that would make the drop-box serve `accounts` (the organisations' `lh-<ico>` names).
    public func plan(accounts: [String]) throws -> [Step] {
        guard let service = getpwnam(serviceUser)?.pointee else { throw ProvisioningError("no user '\(serviceUser)' to run the watcher as; make it first") }
        let (su, sg) = (service.pw_uid, service.pw_gid)
        var steps: [Step] = []
        steps += directory(layout.root, uid: 0, gid: 0, mode: 0o755)
        steps += directory(layout.root + "/etc", uid: 0, gid: 0, mode: 0o755)
        steps += directory(layout.root + "/chroot", uid: 0, gid: 0, mode: 0o755)
        steps += directory(layout.work, uid: su, gid: sg, mode: 0o700)
        if !FileManager.default.fileExists(atPath: layout.hostKeyPath) {
            let key = layout.hostKeyPath
            steps.append(Step(description: "make the host key \(key)") { try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "linkhaven-sftp", "-f", key]) })
        }
        for account in accounts.sorted() {
            if getpwnam(account) == nil {
                steps.append(Step(description: "make the system account \(account) (no home, no shell, no password; key sign-in only)") {
                    try Self.run("/usr/sbin/useradd", ["--system", "-M", "-d", "/", "-s", "/usr/sbin/nologin", "-g", "nogroup", account])
                    try Self.run("/usr/sbin/usermod", ["-p", "*", account])   // not locked: sshd refuses a locked account even with a good key
                })
            }
            let uid = getpwnam(account)?.pointee.pw_uid
            steps += directory(layout.chroot(account), uid: 0, gid: 0, mode: 0o755)
            // The account writes its drop; the watcher (in the drop's group, which files inherit) reads and moves them out.
            steps += directory(layout.drop(account), uid: uid, user: account, gid: sg, mode: 0o2770)
            steps += directory(layout.receipts(account), uid: su, gid: sg, mode: 0o755)
        }
        let config = layout.sshdConfig(accounts: accounts)
        if (try? String(contentsOfFile: layout.configPath, encoding: .utf8)) != config {
            let path = layout.configPath
            steps.append(Step(description: "write sshd's configuration \(path) for \(accounts.count) account\(accounts.count == 1 ? "" : "s")") {
                try config.write(toFile: path, atomically: true, encoding: .utf8)
            })
        }
        return steps
    }

    /// The steps that make `path` a directory owned by `uid`:`gid` with `mode` (the uid looked up by `user` when the
    /// account is made by an earlier step).
    func directory(_ path: String, uid: uid_t?, user: String? = nil, gid: gid_t, mode: mode_t) -> [Step] {
        var st = stat()
        let exists = stat(path, &st) == 0
        if exists, uid != nil, st.st_uid == uid!, st.st_gid == gid, st.st_mode & 0o7777 == mode { return [] }
        let owner = user ?? getpwuid(uid ?? 0).map { String(cString: $0.pointee.pw_name) } ?? "\(uid ?? 0)"
        let group = getgrgid(gid).map { String(cString: $0.pointee.gr_name) } ?? "\(gid)"
        return [Step(description: "\(exists ? "set" : "make") \(path) \(owner):\(group) \(String(mode, radix: 8))") {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard let u = uid ?? user.flatMap({ getpwnam($0)?.pointee.pw_uid }) else { throw ProvisioningError("no user for \(path)") }
            guard chown(path, u, gid) == 0, chmod(path, mode) == 0 else { throw ProvisioningError("could not set the owner and mode of \(path)") }
        }]
    }

    static func run(_ path: String, _ args: [String]) throws {
        let r = try ChildProcess.run(path, args)
        guard r.status == 0 else { throw ProvisioningError("\(path) \(args.joined(separator: " ")) failed (status \(r.status)): \(r.output.suffix(300))") }
    }
}

/// A provisioning step that could not be done, in words.
public struct ProvisioningError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
