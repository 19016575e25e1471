import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing

/// `linkhaven-server rotate-master-key`, run as the real binary on a platform holding data: afterwards every
/// stored version opens with the new key only, an interrupted rotation is finished by running it again (and
/// the server refuses to start in between), and a key that opens nothing is refused with nothing changed.
@Suite struct MasterKeyRotationTests {
    /// Runs the server binary on the harness's data directory to completion (killed after two minutes, so a
    /// server that should have refused to start cannot hang the suite); its exit status and output.
    static func runBinary(_ h: Harness, _ arguments: [String]) throws -> (Int32, String) {
        try ServerProcess.run(ServerProcess.products.appendingPathComponent("linkhaven-server"), arguments,
                              env: ServerProcess.environment(dataDirectory: h.app.platform.config.dataDirectory), timeout: 120)
    }

    /// Every stored version, decrypted by `platform`, matches the file its provider made.
    static func everyVersionOpens(_ h: Harness, with platform: Platform) async throws -> Int {
        var opened = 0
        for v in try await DatasetVersion.query(on: h.app.db).all() {
            #expect(try platform.storedContent(v).sha256 == v.contentSHA256)
            opened += 1
        }
        return opened
    }

    /// Six accepted uploads and a queued linkage run (which gives the project its platform key).
    static func prepare(_ h: Harness, households: Int) async throws -> IngestFixture {
        let f = try await LinkageRunTests.prepare(h, households: households)
        try await h.client.require(.POST, "api/v1/projects/\(f.project)/runs", token: f.county[.analyst]!)
        return f
    }

    /// The platform as a restarted server would load it (the key file as it now is).
    static func restarted(_ h: Harness) throws -> Platform {
        try Platform(config: h.app.platform.config, signingKey: h.app.platform.signingKey)
    }

    @Test func rotationRewrapsEveryKeyUnderANewMasterKey() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await Self.prepare(h, households: 60)
            let config = h.app.platform.config, old = h.app.platform.masterKey
            let (status, output) = try Self.runBinary(h, ["rotate-master-key"])
            #expect(status == 0, "\(output)")
            #expect(output.contains("keys re-wrapped"))

            let now = try Self.restarted(h)
            #expect(now.masterKey.fingerprint != old.fingerprint)
            #expect(try await Self.everyVersionOpens(h, with: now) == f.manifests.count)
            let project = try #require(try await Project.find(UUID(uuidString: f.project), on: h.app.db))
            _ = try now.rekey(project)
            // The old key opens nothing any more.
            for v in try await DatasetVersion.query(on: h.app.db).all() { #expect(throws: StoreError.self) { try h.app.platform.versionKey(v) } }
            #expect(throws: StoreError.self) { try h.app.platform.rekey(project) }
            for u in try await User.query(on: h.app.db).all() {   // every second factor moved with it
                #expect(Accounts.totpSecret(of: u, key: now.masterKey) != nil)
                #expect(Accounts.totpSecret(of: u, key: old) == nil)
            }

            // The old key is kept, private, beside the new one until the operator destroys it; nothing is pending.
            let retired = MasterKeyRotation.keyFile(config) + ".retired-" + old.fingerprint.replacingOccurrences(of: "lh1:", with: "")
            #expect(try SecretKey.read(from: retired).fingerprint == old.fingerprint)
            #expect(MasterKeyRotation.interrupted(config) == nil)
            let events = try await AuditEventModel.query(on: h.app.db).filter(\.$action == "platform.master-key.rotate").all()
            #expect(events.map(\.object) == ["master-key/\(now.masterKey.fingerprint)"])
        }
    }

    @Test func anInterruptedRotationIsFinishedByRunningItAgain() async throws {
        try await Harness.run(realTime: true) { h in
            let f = try await Self.prepare(h, households: 40)
            let config = h.app.platform.config
            // The database part committed, then the process died before the key files were swapped.
            let new = try MasterKey.loadOrCreate(path: MasterKeyRotation.pendingFile(config))
            let first = try await MasterKeyRotation.rewrap(on: h.app.db, vault: h.app.platform.keyVault, old: h.app.platform.masterKey, new: new)
            let users = try await User.query(on: h.app.db).count()
            #expect(first.rewrapped == f.manifests.count + 1 + users)   // each version's data key, the project's key, each user's TOTP secret

            let (refused, why) = try Self.runBinary(h, ["serve", "--hostname", "127.0.0.1", "--port", "0"])
            #expect(refused == 1)
            #expect(why.contains("rotation was interrupted"))

            let (status, output) = try Self.runBinary(h, ["rotate-master-key"])
            #expect(status == 0, "\(output)")
            #expect(output.contains("0 keys re-wrapped, \(first.rewrapped) already re-wrapped by an interrupted run"))
            let now = try Self.restarted(h)
            #expect(now.masterKey.fingerprint == new.fingerprint)
            #expect(try await Self.everyVersionOpens(h, with: now) == f.manifests.count)
        }
    }

    @Test func aKeyThatOpensNothingIsRefusedAndNothingChanges() async throws {
        try await Harness.run { h in
            _ = try await Self.prepare(h, households: 40)
            let original = h.app.platform
            var config = original.config
            config.masterKeyPath = h.scratch + "/another.key"
            let wrong = try Platform(config: config, signingKey: original.signingKey)
            h.app.platform = wrong
            await #expect(throws: MasterKeyRotation.Failure.self) { try await MasterKeyRotation.checkOpens(h.app) }
            h.app.platform = original
            try await MasterKeyRotation.checkOpens(h.app)

            // One key damaged: the rotation stops, and every other key is still wrapped by the current master key.
            let damaged = try #require(try await DatasetVersion.query(on: h.app.db).first())
            damaged.wrappedKey = Base64URL.encode(Array(repeating: 7, count: 60))
            try await damaged.save(on: h.app.db)
            let next = try MasterKey.loadOrCreate(path: h.scratch + "/next.key")
            await #expect(throws: MasterKeyRotation.Failure.self) { _ = try await MasterKeyRotation.rewrap(on: h.app.db, vault: h.app.platform.keyVault, old: original.masterKey, new: next) }
            for v in try await DatasetVersion.query(on: h.app.db).all() where v.id != damaged.id { _ = try original.versionKey(v) }
        }
    }
}
