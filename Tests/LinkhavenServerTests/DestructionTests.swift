import Fluent
import Foundation
import LinkhavenAPI
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// Destroying a dataset destroys everything derived from it (agreement section 7): after a full run
/// (linkage, clerical review, analysis, release), nothing record-level that came from the dataset
/// survives in any table or any stored file; released aggregates stay and are listed; the certificate
/// counts and hashes what went and verifies offline.
@Suite("Destruction of everything derived (in-process HTTP)")
struct DestructionTests {
    @Test func destroyingADatasetAfterAFullRunLeavesNothingDerivedFromIt() async throws {
        try await Harness.run(realTime: true, configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 400)
            let analyst = f.county[.analyst]!
            let queued = try await h.client.expect(RunOut.self, .POST, "api/v1/projects/\(f.project)/runs", token: analyst)
            let run = try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst)
            try #require(run.status == .succeeded)

            // Clerical review: one decision on a pair with a record of the dataset, one on a pair without.
            let queue = try await h.client.expect([ReviewPairOut].self, .GET, "api/v1/runs/\(run.id)/review", token: analyst)
            // The dataset to destroy: one the review queue holds a pair of (the synthetic partnership's
            // uncertain pairs fall between some datasets only).
            let involving = try #require(queue.first, "a pair to review")
            let target = involving.datasetA
            let apart = queue.first { $0.datasetA != target && $0.datasetB != target }
            for pair in [involving] + (apart.map { [$0] } ?? []) {
                try await h.client.require(.PUT, "api/v1/runs/\(run.id)/review/\(pair.id)", token: analyst, json: ["isMatch": true])
            }
            let apartKeys = try await apart.asyncMap { p in try await ReviewPair.find(p.id, on: h.app.db).map { [$0.keyA, $0.keyB] } ?? [] } ?? []

            // Analysis: one output released (two reviewers and the owner), one left unreleased.
            let (released, unreleased) = try await Self.outputs(h, f)

            // What the dataset left behind, read before it goes.
            let dataset = try #require(try await Dataset.query(on: h.app.db).filter(\.$name == target).first())
            let versions = try await DatasetVersion.query(on: h.app.db).filter(\.$datasetID == dataset.requireID()).all()
            let rows = try await LinkedRecord.query(on: h.app.db).filter(\.$runID == run.id).all()
            var linkedLedger = DestructionLedger(kind: "linked records")
            for r in rows { linkedLedger.add([r.runID.uuidString, r.dataset, r.recordKey, String(r.person), String(r.household)]) }
            let keys = rows.filter { $0.dataset == target }.map(\.recordKey)
            let pairs = try await ReviewPair.query(on: h.app.db).filter(\.$runID == run.id).count()
            let tokens = try Self.recordTokens(f.dir + "/\(target).pseudo.csv")
            let store = try #require(h.app.platform.store as? LocalFileStore)
            let storedFiles = versions.map { store.path($0.storedName) }
            let storedSlices = try storedFiles.map { path in
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                return bytes.subdata(in: bytes.count / 2 ..< bytes.count / 2 + 48)
            }
            let dataKeys = try versions.compactMap { v -> String? in   // each version's data key, as the key vault holds it wrapped
                if case .key(let wrapped) = try h.app.platform.keyVault.entry(try v.requireID()) { wrapped } else { nil }
            }
            try #require(!keys.isEmpty && !tokens.isEmpty && pairs > 0 && !versions.isEmpty && dataKeys.count == versions.count)

            let providers = [f.countyOrg: f.county, f.boroughOrg: f.borough, f.partnership.police.id: f.police]
            let provider = try #require(providers[dataset.provider.uuidString]?[.provider])
            let certificate = try await h.client.expect(DestructionCertificate.self, .POST, "api/v1/datasets/\(dataset.requireID())/destroy",
                                                        token: provider)

            // Nothing derived survives: not in any table, not in any file (the database's own files included).
            let stored = try await StoredEverything.read(h.app)
            for needle in keys + tokens + dataKeys {
                if let place = stored.firstHolding(needle, inFiles: false) { Issue.record("survived destruction in \(place)"); break }
            }
            for needle in Array(keys.prefix(25)) + Array(tokens.prefix(25)) {
                if let place = stored.firstHolding(needle) { Issue.record("survived destruction in \(place)"); break }
            }
            let vault = h.app.platform.keyVault.directory
            for key in dataKeys {   // erased from the key vault's files, tombstones left in their place
                #expect(!stored.files.contains { $0.path.hasPrefix(vault) && $0.bytes.range(of: Data(key.utf8)) != nil }, "a data key survives in the key vault")
            }
            #expect(try versions.allSatisfy { v in
                if case .destroyed(let t) = try h.app.platform.keyVault.entry(try v.requireID()) { t.certificateID?.uuidString == certificate.id } else { false }
            }, "each version's tombstone holds the certificate")
            #expect(storedFiles.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
            #expect(!storedSlices.contains { slice in stored.files.contains { $0.bytes.range(of: slice) != nil } }, "an encrypted version survives")
            #expect(try await LinkedRecord.query(on: h.app.db).filter(\.$runID == run.id).count() == 0, "the run mixed the dataset with the others: all its rows go")
            #expect(try await ReviewPair.query(on: h.app.db).filter(\.$runID == run.id).count() == 0)
            if !apartKeys.isEmpty {
                #expect(try await ClericalDecision.query(on: h.app.db).filter(\.$keyA ~~ apartKeys).count() == 1, "a decision on other records stays")
            }

            // The run is withdrawn; the unreleased output with it; the released aggregate stays, readable by every partner.
            #expect(try await h.client.expect(RunOut.self, .GET, "api/v1/runs/\(run.id)", token: analyst).status == .withdrawn)
            let withdrawn = try await h.client.expect(OutputOut.self, .GET, "api/v1/outputs/\(unreleased)", token: analyst)
            #expect(withdrawn.status == .withdrawn && withdrawn.result.table == nil)
            #expect(try await h.client.expect(OutputOut.self, .GET, "api/v1/outputs/\(released)", token: f.police[.orgAdmin]!).status == .released)

            // The certificate: each kind with its count and hash, the outputs kept, signed by the platform.
            let key = try await h.client.call(API.platformKey, token: analyst).ed25519
            #expect(certificate.format == DestructionCertificate.currentFormat && certificate.verify(expectedPublicKey: key))
            let kinds = Dictionary(uniqueKeysWithValues: (certificate.destroyed ?? []).map { ($0.kind, $0) })
            #expect(kinds["linked records"] == linkedLedger.entry, "count and hash of every linked record of the run")
            #expect(kinds["review pairs"]?.count == pairs)
            #expect(kinds["clerical decisions"]?.count == 1)
            #expect(kinds["unreleased output results"]?.count == 1)
            #expect(kinds["uploads"]?.count == versions.count && kinds["data keys erased"]?.count == 2 * versions.count)
            #expect(certificate.kept == [.init(output: released.uuidString, title: "Readiness by area", status: "released")])
            try await Self.verifyOffline(certificate, key: key, in: h.scratch)
        }
    }

    /// Two crosstabs of the dataset: the first released (two reviewers and the data owner), the second left as checked.
    static func outputs(_ h: Harness, _ f: IngestFixture) async throws -> (released: UUID, unreleased: UUID) {
        let analyst = f.county[.analyst]!
        func crosstab(_ title: String, _ column: String) async throws -> UUID {
            try await h.client.expect(OutputOut.self, .POST, "api/v1/projects/\(f.project)/analyses", token: analyst, json: ["definition": [
                "kind": "crosstab", "title": title, "population": [["variable": "in:school_readiness", "op": "=", "value": "Y"]],
                "rows": "school_readiness.small_area", "columns": column]]).id
        }
        let released = try await crosstab("Readiness by area", "school_readiness.school_ready")
        let unreleased = try await crosstab("Free school meals by area", "school_readiness.free_school_meals")
        let path = "api/v1/outputs/\(released)"
        try await h.client.require(.POST, path + "/request-release", token: analyst)
        try await h.client.require(.POST, path + "/review", token: f.borough[.analyst]!, json: ["approve": true])
        try await h.client.require(.POST, path + "/review", token: f.partnership.county.tokens[.reviewer]!, json: ["approve": true])
        let out = try await h.client.expect(OutputOut.self, .POST, path + "/owner-approval", token: f.county[.provider]!, json: ["approve": true])
        try #require(out.status == .released)
        return (released, unreleased)
    }

    static func recordTokens(_ path: String) throws -> [String] {
        let reader = try CSVReader(path: path)
        let header = try #require(try reader.next()).fields
        let column = try #require(header.firstIndex(of: "record_token"))
        var tokens: [String] = []
        while let r = try reader.next() { tokens.append(r.fields[column]) }
        return tokens
    }

    /// `linkhaven certificate verify` (the provider tool, no server) accepts the certificate with the
    /// platform's key and refuses it once a count is altered.
    static func verifyOffline(_ certificate: DestructionCertificate, key: String, in dir: String) async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let good = dir + "/certificate.json", bad = dir + "/altered.json"
        try JSONEncoder().encode(certificate).write(to: URL(fileURLWithPath: good))
        var altered = certificate
        altered.destroyed?[0].count += 1
        try JSONEncoder().encode(altered).write(to: URL(fileURLWithPath: bad))
        let (ok, said) = try await ServerProcess.linkhavenInBackground(["certificate", "verify", good, "--public-key", key], env: [:])
        #expect(ok == 0 && said.contains("Valid destruction certificate") && said.contains("linked records"), "\(said)")
        let (refused, _) = try await ServerProcess.linkhavenInBackground(["certificate", "verify", bad, "--public-key", key], env: [:])
        #expect(refused == 1)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
