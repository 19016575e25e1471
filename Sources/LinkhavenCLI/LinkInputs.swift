import Crypto
import Foundation
import LinkhavenCore

/// The inputs of a designed `linkhaven link`: the spec, and each file's dataset from its manifest (or as named),
/// checked to have been made with this spec.
enum LinkInputs {
    /// The spec, and each file's name in the run, spec dataset and path. A file's manifest (beside it) gives its
    /// dataset and must match the spec; `NAME=FILE` names it in the run (its spec dataset is still the manifest's,
    /// or NAME when it has none), so two extracts of one dataset can be linked.
    static func resolve(spec path: String, files: [String]) throws -> (LinkageSpec, [(name: String, specDataset: String, path: String)]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let spec = try SpecLoader.load(data: data, file: path)
        let hash = Hex.encode(SHA256.hash(data: data))
        let inputs = try files.map { arg -> (name: String, specDataset: String, path: String) in
            var name: String? = nil, file = arg
            if let eq = arg.firstIndex(of: "="), !arg[..<eq].contains("/") { name = String(arg[..<eq]); file = String(arg[arg.index(after: eq)...]) }
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError("'\(file)' does not exist") }
            let manifestPath = Paths.stem(file) + ".manifest.json"
            guard let m = FileManager.default.contents(atPath: manifestPath) else {
                guard let name else { throw CLIError("'\(file)' has no manifest beside it ('\(manifestPath)'): name its dataset as DATASET=\(file)") }
                return (name, name, file)
            }
            let manifest: PseudonymisationManifest
            do { manifest = try JSONDecoder().decode(PseudonymisationManifest.self, from: m) } catch {
                throw CLIError("'\(manifestPath)' is not a pseudonymisation manifest")
            }
            guard manifest.project == spec.project else {
                throw CLIError("'\(file)' was made for project '\(manifest.project)', but the spec '\(path)' is for '\(spec.project)'")
            }
            guard manifest.specVersion == spec.version else {
                throw CLIError("'\(file)' was made with version \(manifest.specVersion) of the spec; '\(path)' is version \(spec.version)")
            }
            guard manifest.specSHA256 == hash else {
                throw CLIError("'\(file)' was made with a different spec file than '\(path)' (same version \(spec.version), other contents): use the spec it was made with")
            }
            return (name ?? manifest.dataset, manifest.dataset, file)
        }
        return (spec, inputs)
    }

    /// Writes `config` with its dataset files relative to where it is written when they lie beneath it.
    static func writeConfig(_ config: LinkConfig, to path: String, overwrite: Bool) throws {
        var c = config
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : cwd + "/" + p }
        let dir = URL(fileURLWithPath: absolute(Paths.directory(of: path))).standardized.path
        for k in c.datasets.indices {
            let file = URL(fileURLWithPath: absolute(c.datasets[k].file)).standardized.path
            c.datasets[k].file = file.hasPrefix(dir + "/") ? String(file.dropFirst(dir.count + 1)) : file
        }
        let w = try AtomicFileWriter(path: path, overwrite: overwrite, mode: 0o644)
        try w.write(try OutputFormat.json(c) + "\n")
        try w.commit()
    }
}
