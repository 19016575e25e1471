import Foundation
import LinkhavenCore
import LinkhavenServer

extension DemoScript {
    /// Runs linkage over the project's current versions and waits for it, saying its progress.
    func linkage(_ p: DemoPartnership) async throws -> RunOut {
        let analyst = p.county.tokens[.analyst]!
        let queued = try await client.call(API.startRun, p.project, token: analyst)
        var r = queued, waited = 0, last = ""
        while r.status.isActive {
            try await Task.sleep(for: .milliseconds(500))
            waited += 1
            r = try await client.call(API.run, queued.id.uuidString, token: analyst)
            if r.progress != last { say("    \(r.progress)"); last = r.progress }
            if r.status == .queued, waited > 240 { throw APIClientError("no linkage worker claimed the run in two minutes") }
        }
        guard r.status == .succeeded, r.report != nil else { throw APIClientError("the linkage run \(r.status): \(r.error ?? "")") }
        return r
    }

    /// Protocol section 8 (accuracy): the borough finds a wrong row in its housing data and sends a
    /// corrected file as version 2; the analyst runs linkage again; the borough retracts version 1,
    /// which destroys it and everything it fed: the first run's results (withdrawn), the clerical
    /// decisions on its records and the outputs not yet released. The released table stays. Returns
    /// the summary line, from the certificate, which it checks against the platform's published key.
    func correctAndRetract(_ p: DemoPartnership) async throws -> String {
        let (corrected, m) = try p.variant("housing") { rows in rows.removeLast() }
        let v2 = try await client.upload(project: p.project, token: p.boroughUpload, bytes: corrected, manifest: m, parts: 2)
        guard v2.status == .accepted, v2.version == 2 else { throw APIClientError("the corrected housing file was not accepted as version 2: \(v2.status)") }
        say("    housing version 2 accepted (\(m.rows.written) rows)")
        _ = try await linkage(p)
        let provider = p.borough.tokens[.provider]!
        guard let housing = try await client.call(API.datasets, p.project, token: provider).first(where: { $0.name == "housing" }) else {
            throw APIClientError("the demo project has no housing dataset")
        }
        let certificate = try await client.call(API.retractVersion, housing.id.uuidString, "1", token: provider)
        let key = try await client.call(API.platformKey, token: provider).ed25519
        guard certificate.verify(expectedPublicKey: key) else { throw APIClientError("the destruction certificate does not verify with the platform's key") }
        let count = Dictionary(uniqueKeysWithValues: (certificate.destroyed ?? []).map { ($0.kind, $0.count) })
        let kept = (certificate.kept ?? []).map { "'\($0.title)' (\($0.status))" }.joined(separator: ", ")
        return "housing version 2 accepted and linked again; version 1 retracted and destroyed with what it fed: "
            + "\(count["linked records"] ?? 0) linked records, \(count["review pairs"] ?? 0) review pairs, "
            + "\(count["clerical decisions"] ?? 0) clerical decisions, \(count["unreleased output results"] ?? 0) unreleased output(s) withdrawn; "
            + "kept: \(kept.isEmpty ? "nothing released" : kept); certificate signed and verified"
    }
}
