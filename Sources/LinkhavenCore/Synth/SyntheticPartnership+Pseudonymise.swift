import Crypto
import Foundation

extension SyntheticPartnership {
    /// Pseudonymises every dataset of a generated partnership in `directory` with its `spec.json`,
    /// exactly as each provider would with the provider tool: `<dataset>.pseudo.csv`, its
    /// `<dataset>.pseudo.manifest.json` and the provider's `<dataset>.vault`. Returns the manifests by dataset.
    public static func pseudonymise(directory dir: String, projectSecret: SecretKey, vaultSecret: SecretKey,
                                    overwrite: Bool = false, createdAt: String = "2026-01-01T00:00:00Z") throws -> [String: PseudonymisationManifest] {
        let specData = try Data(contentsOf: URL(fileURLWithPath: dir + "/spec.json"))
        let spec = try SpecLoader.load(data: specData, file: dir + "/spec.json")
        var manifests: [String: PseudonymisationManifest] = [:]
        for d in spec.datasets {
            let reader = try CSVReader(path: dir + "/\(d.name).csv")
            guard let header = try reader.next() else { throw PlanError("'\(d.name).csv' is empty") }
            let plan = try DatasetPlan(spec: spec, dataset: d, header: header.fields, projectSecret: projectSecret, vaultSecret: vaultSecret,
                                       specDirectory: dir)
            let out = CSVWriter(file: try AtomicFileWriter(path: dir + "/\(d.name).pseudo.csv", overwrite: overwrite, mode: 0o644))
            let vault = try VaultWriter(path: dir + "/\(d.name).vault", header: .init(dataset: d.name, project: spec.project,
                                        vaultKeyFingerprint: vaultSecret.fingerprint), secret: vaultSecret, overwrite: overwrite)
            let s = try PseudonymisationJob(plan: plan).run(reader: reader, totalBytes: 0, output: out, problems: { _ in }, vault: vault,
                                                             progress: { _ in })
            let m = PseudonymisationManifest(plan: plan, summary: s, specSHA256: Hex.encode(SHA256.hash(data: specData)),
                                             outputFileName: "\(d.name).pseudo.csv", createdAt: createdAt, policy: .blank)
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            let mw = try AtomicFileWriter(path: dir + "/\(d.name).pseudo.manifest.json", overwrite: overwrite, mode: 0o644)
            try mw.write(Array(try e.encode(m)))
            try mw.commit()
            manifests[d.name] = m
        }
        return manifests
    }
}
