import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing

/// The demo in its short mode (what `linkhaven-server demo --short` does), on a small town: it
/// finishes with a summary whose figures come from the run, and a second run continues.
@Suite("The end-to-end demo", .serialized)
struct DemoTests {
    @Test func shortDemoRunsAndContinues() async throws {
        SuiteLog.bootstrapped   // what the demo's server logs goes with the suite's, for LogScanTests
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhdemo-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var o = try Demo.Options(arguments: ["--households", "300", "--port", "0", "--dir", dir, "--short"])
        o.fresh = true
        let first = PrintedLines()
        try await Demo.run(o) { first.add($0) }
        let text = first.text
        #expect(text.contains("1 leaked file refused and deleted"), "\(text)")
        #expect(text.contains("Sign-in storm: 50 wrong passwords at once for one analyst: 5 checked and refused, 45 refused unchecked (locked)"), "\(text)")
        // The accuracy line ends "F1 94.8%" (other lines may hold "F1" inside a temporary directory's name).
        let f1 = text.split(separator: "\n").first { $0.contains("Accuracy against the synthetic truth") }
            .flatMap { $0.split(separator: " ").last }.flatMap { Double($0.dropLast()) }
        #expect(f1.map { $0 > 80 } == true, "F1 against the synthetic truth: \(String(describing: f1))")
        #expect(text.contains("School readiness by area: published"))
        #expect(text.contains("3 of 3 partners told at once; 3 views on reporting, then the county decided: not reported, closed"), "\(text)")
        // The partnership grows: a fifth organisation joins by signing and uploads under the agreement's new version.
        #expect(text.contains("Partnership grows: Basildon Recovery Trust proposed by the county, accepted by 4 of 4 signatories, signed declaration version 2 and joined (in force: version 2); agreement version 2 (its assessment signed with it: 2 benefits, 1 risk scored 10 of 25, an equality impact) signed by 5 parties; recovery_service uploaded under it:")
                && text.contains("accepted as version 1\n"), "\(text)")
        // The register anyone can read: the project, the datasets of the four that provide data, the published table.
        #expect(text.contains("Transparency register: 1 partnership, 1 project, 7 datasets shared by 4 organisations, 2 published output(s), 0 incident(s) reported to the ICO, its summary approved by 5 parties"),
                "\(text)")
        // The operator's readiness check, every check passing.
        #expect(text.contains("/health/ready says ok (database: SQLite answers; migrations: "), "\(text)")
        // What the operator's monitoring scrapes, and a backup as the operator takes one, its manifest signed.
        #expect(text.contains("/metrics: ") && text.contains("uploads ended (") && text.contains("requests counted by route template"), "\(text)")
        let backupLine = try #require(text.split(separator: "\n").first { $0.contains("Backup: the sqlite database and ") }, "\(text)")
        let backupDir = try #require(backupLine.components(separatedBy: " into ").last?.components(separatedBy: " (signed manifest").first)
        let manifest = try JSONDecoder().decode(SignedBackupManifest.self, from: Data(contentsOf: URL(fileURLWithPath: backupDir + "/manifest.json"))).verified()
        #expect(manifest.parts.count > 5 && !FileManager.default.fileExists(atPath: backupDir + "/master.key"))
        // The key vault is left out of it, and holds the tombstone of the version the demo retracted.
        let vault = try #require(backupLine.components(separatedBy: "nor the key vault at ").last?.components(separatedBy: " with ").first)
        let inVault = try FileManager.default.contentsOfDirectory(atPath: vault)
        #expect(backupLine.contains("with \(inVault.filter { $0.hasSuffix(".key") }.count) data keys and \(inVault.filter { $0.hasSuffix(".destroyed") }.count) tombstone(s)"))
        #expect(inVault.contains { $0.hasSuffix(".destroyed") } && !FileManager.default.fileExists(atPath: backupDir + "/key-vault"))
        // The SFTP drop-box: a key registered, the police's file dropped, ingested through the same checks and receipted.
        #expect(text.contains("SFTP drop-box: key SHA256:") && text.contains("police.pseudo.csv dropped as sshd would and receipted: accepted"), "\(text)")
        // The catalogue: every shared dataset described by its holder; the resilience view released by every owner and mapped.
        #expect(text.contains("Data catalogue: 7 datasets described by their holders, ") && text.contains("/api/v1/public/catalogue.jsonld"), "\(text)")
        let resilience = try #require(text.split(separator: "\n").first { $0.contains("Resilience view: ") }, "\(text)")
        #expect(resilience.contains("people known to 2 or more services") && resilience.contains("published with its map: http://127.0.0.1:")
                && !resilience.contains("suppressed number"), "\(resilience)")
        // The correction: version 1 of housing destroyed with the first run's results; the published table kept.
        let correction = try #require(text.split(separator: "\n").first { $0.contains("Correction: housing version 2 accepted") }, "\(text)")
        let linked = correction.components(separatedBy: "what it fed: ").last?.split(separator: " ").first.flatMap { Int($0) }
        #expect(linked.map { $0 > 0 } == true && correction.contains("kept: 'School readiness by area' (published)")
                && correction.hasSuffix("certificate signed and verified"), "\(correction)")
        #expect(text.contains("code is what an authenticator app"))
        // The providers' keys and the users' sign-ins stay outside the server's data directory, owner-only.
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/provider/demo-users.json")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(!FileManager.default.fileExists(atPath: dir + "/data/vault.key") && FileManager.default.fileExists(atPath: dir + "/provider/project.key"))
        #expect(try Demo.codes(directory: dir).contains("code "))
        o.fresh = false
        let second = PrintedLines()
        try await Demo.run(o) { second.add($0) }
        #expect(second.text.contains("Continuing the demo") && second.text.contains("F1"))
    }
}
