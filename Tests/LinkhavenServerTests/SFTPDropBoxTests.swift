import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Debian's OpenSSH as the drop-box, set up as `linkhaven-server sftp configure` does, with Linkhaven answering sshd's
/// `AuthorizedKeysCommand` (the built `linkhaven-server sftp authorized-keys`): an organisation's registered key puts
/// a file into its own drop, the watcher ingests it and the job fetches its receipt; the key is refused for another
/// organisation's account and nothing outside its own chroot is reachable; revoked, it opens nothing. Needs root
/// (sshd, accounts, chroots), as in `.ci/run`, which sets `LINKHAVEN_SFTP_TESTS=1` so that a missing sshd fails rather than skips.
@Suite("The SFTP drop-box with Debian's OpenSSH", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["LINKHAVEN_SFTP_TESTS"] == "1"
                || getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") && FileManager.default.isExecutableFile(atPath: "/usr/bin/sftp")))
struct SFTPDropBoxTests {
    @Test func providersDropFilesTheirOwnWayAndNoOtherAndGetReceipts() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await IngestFixture.make(h)
            let borough = "lh-z5361180", police = "lh-z4883472"
            let accounts = try await SFTPDropBox.accounts(h.app)
            #expect(accounts.contains(borough) && accounts.contains(police))
            let root = "/var/lib/linkhaven-sftp-test-\(UUID().uuidString.prefix(8).lowercased())"
            let keys = h.scratch + "/keys"
            defer {
                _ = try? Self.run("/bin/rm", ["-rf", root])
                for a in accounts { _ = try? Self.run("/usr/sbin/userdel", [a]) }
            }
            try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
            var registered: [String: SFTPKeyOut] = [:]
            for (name, org) in [("borough", f.partnership.borough), ("police", f.partnership.police)] {
                _ = try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "\(name) nightly job", "-f", keys + "/" + name])
                registered[name] = try await h.client.call(API.addSFTPKey, org.id, body: SFTPKeyIn(name: "Nightly job",
                    publicKey: try String(contentsOfFile: keys + "/\(name).pub", encoding: .utf8)), token: org.tokens[.orgAdmin]!)
            }

            // The drop-box as `linkhaven-server sftp configure --apply` sets it up; a second look has nothing to do.
            let env = h.scratch + "/server.env"
            var lines = ["LINKHAVEN_DATA=\(h.app.platform.config.dataDirectory)"]
            if let url = h.app.platform.config.databaseURL { lines.append("DATABASE_URL=\(url)") }
            try lines.joined(separator: "\n").write(toFile: env, atomically: true, encoding: .utf8)
            let port = try BrowserTests.freePort()
            let layout = SFTPLayout(root: root, port: port, keysCommand: ServerProcess.products.appendingPathComponent("linkhaven-server").path
                                    + " sftp authorized-keys --env-file \(env)")
            let provisioning = SFTPProvisioning(layout: layout, serviceUser: "root")
            let steps = try provisioning.plan(accounts: accounts)
            #expect(steps.contains { $0.description.contains("make the system account \(borough)") })
            for step in steps { try step.apply() }
            #expect(try provisioning.plan(accounts: accounts).map(\.description) == [], "idempotent")
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            // Not Foundation's Process (see `ChildProcess`).
            let sshd = try ChildProcess.start("/usr/sbin/sshd", ["-D", "-f", layout.configPath, "-E", root + "/etc/sshd.log"])
            defer { kill(sshd, SIGKILL); ChildProcess.wait(sshd) }
            try await Task.sleep(for: .milliseconds(500))

            func sftp(_ key: String, _ account: String, _ commands: String) async throws -> (Int32, String) {
                let batch = h.scratch + "/batch"
                try commands.write(toFile: batch, atomically: true, encoding: .utf8)
                return try await Self.onThread("/usr/bin/sftp", ["-b", batch, "-i", keys + "/" + key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                                                      "-o", "BatchMode=yes", "-P", String(port), "\(account)@127.0.0.1"])
            }
            // The borough's job puts its file, then its manifest (as `linkhaven upload --sftp` does: each under a hidden
            // name first, renamed once whole); the watcher ingests it and the job fetches the receipt.
            let (bytes, m) = try f.file("housing")
            let file = h.scratch + "/" + m.file, manifest = h.scratch + "/housing.pseudo.manifest.json"
            try bytes.write(to: URL(fileURLWithPath: file))
            try JSONEncoder().encode(m).write(to: URL(fileURLWithPath: manifest))
            let (put, said) = try await sftp("borough", borough, """
                put \(file) .\(m.file).part
                rename .\(m.file).part \(m.file)
                put \(manifest) .housing.pseudo.manifest.json.part
                rename .housing.pseudo.manifest.json.part housing.pseudo.manifest.json
                """)
            #expect(put == 0, "\(said)\n\((try? String(contentsOfFile: root + "/etc/sshd.log", encoding: .utf8)) ?? "")")
            #expect(try await SFTPWatcher(app: h.app, root: root, settle: 0).pass() == 1)
            let (got, _) = try await sftp("borough", borough, "get /receipts/\(m.file).json \(h.scratch)/receipt.json\n")
            #expect(got == 0)
            let d = JSONDecoder()
            d.dateDecodingStrategy = .iso8601
            let receipt = try d.decode(SFTPReceipt.self, from: Data(contentsOf: URL(fileURLWithPath: h.scratch + "/receipt.json")))
            #expect(receipt.outcome == "accepted" && receipt.upload?.version == 1)
            #expect(try await sftp("borough", borough, "put \(manifest) /receipts/forged.json\n").0 != 0, "receipts are the platform's")
            #expect(try await sftp("borough", borough, "ls /\n").1.contains("drop") )

            // One organisation cannot reach another's drop: not with its key, not from its own chroot.
            #expect(try await sftp("borough", police, "ls\n").0 != 0, "the borough's key does not open the police's account")
            #expect(try await sftp("borough", borough, "ls /chroot\n").0 != 0)
            #expect(try await sftp("borough", borough, "cd ../../\(police)\n").0 != 0)
            try Data("x".utf8).write(to: URL(fileURLWithPath: layout.drop(police) + "/theirs.csv"))
            #expect(try await sftp("borough", borough, "get /\(police)/drop/theirs.csv \(h.scratch)/stolen\n").0 != 0)
            #expect(try await sftp("police", police, "ls\n").1.contains("theirs.csv"), "the police's own key lists its own drop")
            // The provider tool's `upload --sftp`, with the watcher looking as the server does: accepted (exit 0), the same
            // file again (a duplicate, not this receipt's predecessor), and a dataset the police do not provide (exit 1).
            let watching = Task {
                let w = SFTPWatcher(app: h.app, root: root, settle: 0)
                while !Task.isCancelled { _ = try? await w.pass(); try? await Task.sleep(for: .milliseconds(300)) }
            }
            defer { watching.cancel() }
            func upload(_ file: String) async throws -> (Int32, String) {
                try await Self.onThread(ServerProcess.products.appendingPathComponent("linkhaven").path, [
                    "upload", file, "--sftp", "\(police)@127.0.0.1:\(port)", "--identity", keys + "/police", "--format", "json",
                    "--ssh-option", "StrictHostKeyChecking=no", "--ssh-option", "UserKnownHostsFile=/dev/null", "--retry-for", "120"])
            }
            try FileManager.default.removeItem(atPath: layout.drop(police) + "/theirs.csv")
            let (first, out1) = try await upload(f.dir + "/police.pseudo.csv")
            #expect(first == 0 && out1.contains("\"status\" : \"accepted\""), "\(out1)")
            let (again, out2) = try await upload(f.dir + "/police.pseudo.csv")
            #expect(again == 0 && out2.contains("\"duplicate\" : true"), "\(out2)")
            let (refused, out3) = try await upload(f.dir + "/housing.pseudo.csv")
            #expect(refused == 1 && out3.contains("no agreement of this project has your organisation providing dataset 'housing'"), "\(out3)")
            watching.cancel()
            #expect(try await DatasetVersion.query(on: h.app.db).count() == 2, "housing and police, once each")

            // Revoked: refused at the next connection.
            _ = try await h.client.call(API.revokeSFTPKey, f.partnership.borough.id, registered["borough"]!.id.uuidString, token: f.partnership.borough.tokens[.orgAdmin]!)
            #expect(try await sftp("borough", borough, "ls\n").0 != 0)
        }
    }

    /// A program run with posix_spawn and waited for with waitpid (`ChildProcess`), on a thread of its own.
    static func onThread(_ path: String, _ args: [String]) async throws -> (Int32, String) {
        await withCheckedContinuation { c in
            Thread { c.resume(returning: (try? ChildProcess.run(path, args)).map { ($0.status, $0.output) } ?? (-1, "could not start \(path)")) }.start()
        }
    }

    @discardableResult
    static func run(_ path: String, _ args: [String]) throws -> (Int32, String) {
        let r = try ChildProcess.run(path, args)
        return (r.status, r.output)
    }
}
