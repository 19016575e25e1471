import Crypto
import Foundation
import Testing
@testable import LinkhavenCore

@Suite("Synthetic partnership")
struct SynthTests {
    static func generate(households: Int, seed: UInt64 = 7, workers: Int = 2) throws -> (dir: String, summary: SyntheticPartnership.Summary) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhsynth-\(UUID())").path
        var o = SyntheticPartnership.Options(directory: dir)
        o.households = households
        o.seed = seed
        o.workers = workers
        return (dir, try SyntheticPartnership.generate(o))
    }

    /// Pseudonymises every dataset of a generated town with its spec (writing `<dataset>.pseudo.csv`
    /// and `<dataset>.vault`), and returns each record token's record id, read back from the vaults.
    static func pseudonymiseAll(_ dir: String, check: (String, PseudonymisationManifest) throws -> Void = { _, _ in })
        throws -> [LinkageEvaluation.RecordKey: String] {
        let vaultKey = SecretKey.generate()
        var tokenToID: [LinkageEvaluation.RecordKey: String] = [:]
        let manifests = try SyntheticPartnership.pseudonymise(directory: dir, projectSecret: SecretKey.generate(), vaultSecret: vaultKey)
        for (name, m) in manifests.sorted(by: { $0.key < $1.key }) {
            try check(name, m)
            for (token, id) in try VaultReader.recordIDsByToken(path: dir + "/\(name).vault", secret: vaultKey) {
                tokenToID[.init(dataset: name, id: token)] = id
            }
        }
        return tokenToID
    }

    static func rows(_ path: String) throws -> [[String: String]] {
        let r = try CSVReader(path: path)
        let header = try r.next()!.fields
        var out: [[String: String]] = []
        while let rec = try r.next() { out.append(Dictionary(uniqueKeysWithValues: zip(header, rec.fields))) }
        return out
    }

    static func digest(_ dir: String) throws -> [String: String] {
        var d: [String: String] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            d[f] = Hex.encode(SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f))))
        }
        return d
    }

    @Test func deterministicForASeedWhateverTheThreads() throws {
        let a = try Self.generate(households: 2500, workers: 1), b = try Self.generate(households: 2500, workers: 3)
        let c = try Self.generate(households: 2500, seed: 8)
        defer { for d in [a.dir, b.dir, c.dir] { try? FileManager.default.removeItem(atPath: d) } }
        #expect(try Self.digest(a.dir) == Self.digest(b.dir))
        #expect(try Self.digest(a.dir)["police.csv"] != Self.digest(c.dir)["police.csv"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: a.dir)) == [
            "housing.csv", "social_care.csv", "school_readiness.csv", "youth_offending.csv", "drug_alcohol.csv", "police.csv",
            "truth.csv", "population.csv", "households.csv", "small-areas.csv", "spec.json", "link-config.json"])
    }

    @Test func truthCoversEveryRecordAndPerson() throws {
        let g = try Self.generate(households: 800)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        let truth = try Self.rows(g.dir + "/truth.csv")
        let people = Set(try Self.rows(g.dir + "/population.csv").map { $0["person_id"]! })
        #expect(people.count == g.summary.people)
        var recordIDs = Set<String>()
        for d in SynthDataset.allCases {
            let recs = try Self.rows(g.dir + "/\(d.rawValue).csv")
            #expect(recs.count == g.summary.records[d.rawValue], "\(d)")
            #expect(recs.count > 0, "\(d) has records")
            for r in recs { #expect(recordIDs.insert(d.rawValue + "/" + r[d.header[0]]!).inserted, "record ids are unique") }
        }
        #expect(truth.count == recordIDs.count)
        #expect(truth.allSatisfy { recordIDs.contains($0["dataset"]! + "/" + $0["record_id"]!) && people.contains($0["person_id"]!) })
    }

    /// The hard profile contains the cases that defeat naive linkage, and a surname + postcode rule fails on it.
    @Test func hardProfileIsHard() throws {
        let g = try Self.generate(households: 3000)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        let population = try Self.rows(g.dir + "/population.csv")
        let byHousehold = Dictionary(grouping: population) { $0["household_id"]! }
        let twins = byHousehold.values.filter { h in
            Dictionary(grouping: h.filter { $0["date_of_birth"]! >= "2008" }) { $0["date_of_birth"]! }.values.contains { $0.count > 1 }
        }.count
        let sharedSurname = byHousehold.values.filter { h in Dictionary(grouping: h) { $0["surname"]! }.values.contains { $0.count > 1 } }.count
        #expect(twins >= 5, "twins: \(twins)")
        #expect(sharedSurname > 1000, "households sharing a surname: \(sharedSurname)")
        #expect(population.filter { !$0["former_surname"]!.isEmpty }.count > 200)
        let moved = try Self.rows(g.dir + "/households.csv").filter { !$0["previous_address_id"]!.isEmpty }.count
        #expect(moved > 200)

        var clusters: [LinkageEvaluation.RecordKey: String] = [:]
        for d in SynthDataset.allCases {
            let c = d.identifierColumns
            for r in try Self.rows(g.dir + "/\(d.rawValue).csv") {
                let key = LinkageEvaluation.RecordKey(dataset: d.rawValue, id: r[d.header[0]]!)
                let surname = (try? NameNormaliser.normalise(r[c.surname]!))??.canonical
                let postcode = (try? PostcodeNormaliser.parse(r[c.postcode]!))??.canonical
                clusters[key] = surname.flatMap { s in postcode.map { "\(s)|\($0)" } } ?? "\(key.dataset)/\(key.id)"
            }
        }
        let report = try LinkageEvaluation.loadTruth(path: g.dir + "/truth.csv", level: "person").score(clusters: clusters, level: "person")
        #expect(report.overall.f1 < 0.8, "surname + postcode scores \(report.overall)")
        #expect(report.overall.truePairs > 300)
    }

    /// The generating model's associations are there to be found: children in households with a risk
    /// factor are less often school-ready.
    @Test func riskFactorsLowerSchoolReadiness() throws {
        let g = try Self.generate(households: 12_000)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        let households = Dictionary(uniqueKeysWithValues: try Self.rows(g.dir + "/households.csv").map { ($0["household_id"]!, $0) })
        var withRisk = (ready: 0, all: 0), without = (ready: 0, all: 0)
        for p in try Self.rows(g.dir + "/population.csv") where p["reception_cohort"] == "Y" {
            let h = households[p["household_id"]!]!
            let risk = h["arrears"] == "Y" || h["domestic_abuse"] == "Y" || h["adults_in_treatment"] != "0"
            if risk { withRisk.all += 1; if p["school_ready"] == "Y" { withRisk.ready += 1 } }
            else { without.all += 1; if p["school_ready"] == "Y" { without.ready += 1 } }
        }
        let a = Double(withRisk.ready) / Double(withRisk.all), b = Double(without.ready) / Double(without.all)
        #expect(withRisk.all > 100 && without.all > 100)
        #expect(b - a > 0.1, "ready: \(a) with a risk factor, \(b) without")
    }

    @Test func shippedSpecPseudonymisesEveryDataset() throws {
        let g = try Self.generate(households: 600)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        let spec = try SpecLoader.load(path: g.dir + "/spec.json")
        #expect(spec.datasets.map(\.name) == SynthDataset.allCases.map(\.rawValue))
        _ = try Self.pseudonymiseAll(g.dir) { name, s in
            #expect(s.rows.written == s.rows.read, "\(name)")
            #expect(Double(s.rows.withProblems) < 0.15 * Double(s.rows.read), "\(name): \(s.problemsByColumn)")
            let scan = try IdentifierScanner.scan(reader: CSVReader(path: g.dir + "/\(name).pseudo.csv"))
            #expect(scan.isClean, "\(name)")
            let columns = spec.datasets.first { $0.name == name }!.outputColumns
            #expect(columns.map(\.name) == s.columns, "\(name): the spec's output columns are what the tool writes")
            let guarded = try IdentifierScanner.scan(reader: CSVReader(path: g.dir + "/\(name).pseudo.csv"), columns: columns)
            #expect(guarded.isClean, "\(name): \(guarded.findings)")
        }
    }
}
