import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven synth`: a synthetic partnership with known truth.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate a synthetic partnership: a town, the six provider datasets of the school readiness protocol, and the truth.",
        discussion: """
            Writes to --out: housing.csv, social_care.csv, school_readiness.csv, youth_offending.csv, drug_alcohol.csv,
            police.csv (each provider's extract, with realistic errors); truth.csv (dataset, record_id, person_id,
            household_id, address_id); population.csv and households.csv (the town as it really is, with the model's
            risk factors and outcomes); small-areas.csv (postcode → small area lookup); spec.json (a linkage spec for
            the six datasets). Deterministic for a seed. See docs/synthetic-data.md for the generating model.
            """
    )

    @Option(help: "Output directory.") var out: String
    @Option(help: "Households in the town (one ward is a few thousand; about 2.8 people each).") var households: Int?
    @Option(help: "People in the town, instead of --households (approximate).") var people: Int?
    @Option(help: "Seed: the same seed gives the same files.") var seed: UInt64 = 2016
    @Option(help: "Corruption profile: hard (default: the cases that defeat naive linkage) or easy.") var profile: String = "hard"
    @Option(help: ArgumentHelp("Per-provider corruption rates: a JSON object from dataset name to rates (any rate left out keeps the --profile value).",
                               discussion: "e.g. {\"police\": {\"nameTypo\": 0.2, \"duplicate\": 0.05}}. Rates: nameTypo, nickname, nameSwap, formerSurname, dobTransposed, dobDigitTypo, dobMissing, sexMissing, oldAddress, addressVariant, postcodeMissing, duplicate."))
    var corruption: String?
    @Option(help: "Report format: text, json, or auto.") var format: OutputFormat = .auto
    @Flag(help: "Replace existing files.") var force = false

    /// Reads per-provider overrides, each applied on top of `base`.
    static func profiles(from path: String, base: CorruptionProfile) throws -> [SynthDataset: CorruptionProfile] {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try JSONSerialization.jsonObject(with: data) as? [String: [String: Double]] else {
            throw CLIError("'\(path)' must be a JSON object from dataset name to an object of rates")
        }
        let baseDict = try JSONSerialization.jsonObject(with: JSONEncoder().encode(base)) as! [String: Double]
        var out = Dictionary(uniqueKeysWithValues: SynthDataset.allCases.map { ($0, base) })
        for (name, rates) in json {
            guard let d = SynthDataset(rawValue: name) else {
                throw CLIError("'\(path)': unknown dataset '\(name)' (use \(SynthDataset.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            for (k, v) in rates {
                guard baseDict[k] != nil else { throw CLIError("'\(path)': unknown rate '\(k)' for \(name)") }
                guard (0...1).contains(v) else { throw CLIError("'\(path)': \(name).\(k) must be from 0 to 1") }
            }
            let merged = baseDict.merging(rates) { _, new in new }
            out[d] = try JSONDecoder().decode(CorruptionProfile.self, from: JSONSerialization.data(withJSONObject: merged))
        }
        return out
    }

    func validate() throws {
        guard ["hard", "easy"].contains(profile) else { throw ValidationError("--profile is hard or easy") }
        if let h = households, h < 1 { throw ValidationError("--households must be at least 1") }
        if let p = people, p < 3 { throw ValidationError("--people must be at least 3") }
    }

    func run() throws {
        var o = SyntheticPartnership.Options(directory: out)
        o.households = households ?? people.map { max(1, Int((Double($0) / 2.8).rounded())) } ?? 3_000
        o.seed = seed
        o.overwrite = force
        let p: CorruptionProfile = profile == "easy" ? .easy : .hard
        o.profiles = Dictionary(uniqueKeysWithValues: SynthDataset.allCases.map { ($0, p) })
        if let corruption { o.profiles = try Self.profiles(from: corruption, base: p) }
        let bar = ProgressBar()
        let start = ContinuousClock.now
        let s = try SyntheticPartnership.generate(o) { done, total in
            bar.update(ProgressSnapshot(rows: done, bytesRead: done, totalBytes: total, elapsed: (ContinuousClock.now - start).seconds))
        }
        bar.finish()
        if format.isJSON { print(try OutputFormat.json(s)); return }
        print("Generated a town of \(Terminal.grouped(s.households)) households and \(Terminal.grouped(s.people)) people in \(String(format: "%.1f", s.seconds)) s (seed \(s.seed), \(profile) profile):")
        for d in SynthDataset.allCases { print("  \(d.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) \(Terminal.grouped(s.records[d.rawValue] ?? 0)) records") }
        print("  reception cohort: \(s.receptionCohort) children, \(s.notSchoolReady) not school-ready")
        print("Files are in \(out); spec.json pseudonymises them (small-areas.csv is its lookup).")
    }
}
