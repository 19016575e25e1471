import Foundation
import Testing
@testable import LinkhavenCore

/// Zero-config linkage: the design is deterministic, its written config reproduces the run, it links sensibly
/// when a kind of identifier is missing, and it is as accurate as the hand-written config on the hard town.
@Suite("Linkage that designs itself")
struct LinkDesignTests {
    static let sets = SynthDataset.allCases.map(\.rawValue)

    static func inputs(_ dir: String, suffix: String = ".pseudo.csv") -> [(dataset: String, path: String)] {
        sets.map { ($0, dir + "/" + $0 + suffix) }
    }

    /// Person-level score of a run against the town's truth.
    static func score(_ run: LinkageRun, _ dir: String, _ tokenToID: [LinkageEvaluation.RecordKey: String]) throws -> LinkageEvaluation.Score {
        var c: [LinkageEvaluation.RecordKey: String] = [:]
        for i in 0..<run.table.count {
            let d = run.table.datasets[Int(run.table.datasetOf[i])]
            c[LinkageEvaluation.RecordKey(dataset: d, id: tokenToID[.init(dataset: d, id: run.table.recordTokens[i])]!)] = String(run.persons[i])
        }
        return try LinkageEvaluation.loadTruth(path: dir + "/truth.csv", level: "person").score(clusters: c, level: "person").overall
    }

    @Test func designsAsAccuratelyAsTheHandWrittenConfigAndReproducesItself() throws {
        let g = try SynthTests.generate(households: 2000, seed: 21)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        let ids = try SynthTests.pseudonymiseAll(g.dir)
        var designed = try LinkageRun.designed(spec: SynthDataset.partnershipSpec, inputs: Self.inputs(g.dir), workers: 2)
        try designed.run(train: false, workers: 2)
        let design = try #require(designed.design)
        // Deterministic: designing again gives the same design, thresholds and links.
        var again = try LinkageRun.designed(spec: SynthDataset.partnershipSpec, inputs: Self.inputs(g.dir), workers: 2)
        try again.run(train: false, workers: 2)
        #expect(again.design == design)
        // On one worker too (the sums behind the curve differ in their last bits; the design and links do not).
        var one = try LinkageRun.designed(spec: SynthDataset.partnershipSpec, inputs: Self.inputs(g.dir), workers: 1)
        try one.run(train: false, workers: 1)
        #expect(one.design?.config == design.config && one.design?.rules == design.rules)
        #expect(one.links.map { [$0.i, $0.j] }.sorted { $0.lexicographicallyPrecedes($1) } == designed.links.map { [$0.i, $0.j] }.sorted { $0.lexicographicallyPrecedes($1) })
        // The written config reproduces the run exactly.
        var replay = try LinkageRun(config: design.config, directory: "/")
        try replay.run(workers: 2)
        #expect(replay.persons == designed.persons && replay.links.count == designed.links.count && replay.review.count == designed.review.count)
        #expect(replay.model == designed.model, "the same model, bit for bit")
        // What it chose, and why, is all there.
        #expect(design.comparisons.map(\.name) == ["given name", "surname", "date of birth", "sex", "where they live"])
        #expect(!design.config.blocking.isEmpty && design.rules.filter(\.chosen).count == design.config.blocking.count)
        #expect(design.rules.contains { !$0.chosen && $0.reason.contains("per record") }, "a broad rule is measured and refused")
        #expect((design.blockingRecall ?? 0) > 0.95 && !design.curve.isEmpty && design.training.count >= 2)
        #expect(design.prior.map { $0.estimatedRuleRecall > 0.1 && $0.estimatedRuleRecall < 1 } == true)
        #expect(designed.model.dependences?.first { $0.comparison == "surname" && $0.with == "where they live" }.map { $0.weight < -1 } == true,
                "families: a shared surname and address count for less than apart")
        // A config naming a dependence between comparisons it lacks is refused.
        var bad = design.config
        bad.training?.dependent = [["surname", "shoe size"]]
        #expect(throws: SpecError.self) { try LinkConfig.load(data: try JSONEncoder().encode(bad), file: "bad.json") }
        // As accurate as the hand-written config on the same data.
        var hand = try LinkageRun(config: SynthDataset.partnershipLinkConfig, directory: g.dir)
        try hand.run()
        let zero = try Self.score(designed, g.dir, ids), tuned = try Self.score(hand, g.dir, ids)
        #expect(zero.precision > 0.93 && zero.recall > 0.9, "zero-config \(zero)")
        #expect(zero.f1 > tuned.f1 - 0.015, "zero-config F1 \(zero.f1) vs hand-tuned \(tuned.f1)")
    }

    /// Files without a date of birth, without addresses, and with one name field: written without those columns,
    /// described by a spec without those fields.
    @Test(arguments: [["date_of_birth"], ["address", "postcode"], ["given_name"]])
    func linksSensiblyWithoutAKindOfIdentifier(_ missing: [String]) throws {
        let g = try SynthTests.generate(households: 800, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        let ids = try SynthTests.pseudonymiseAll(g.dir)
        var spec = SynthDataset.partnershipSpec
        let gone = Set(missing)
        for d in spec.datasets.indices {
            spec.datasets[d].columns.removeAll { $0.role == .identifier && gone.contains($0.fieldName) }
            spec.datasets[d].clks = spec.datasets[d].clks?.filter { $0.fields.allSatisfy { !gone.contains($0.field) } }
            spec.datasets[d].blockingKeys = spec.datasets[d].blockingKeys?.filter { $0.parts.allSatisfy { !gone.contains($0.field) } }
        }
        let keep = Set(spec.datasets.flatMap { $0.outputColumns.map(\.name) })
        for set in Self.sets { try Self.strip(g.dir + "/\(set).pseudo.csv", to: g.dir + "/\(set).less.csv", keeping: keep) }
        var run = try LinkageRun.designed(spec: spec, inputs: Self.inputs(g.dir, suffix: ".less.csv"), workers: 2)
        try run.run(train: false, workers: 2)
        let design = try #require(run.design)
        #expect(design.comparisons.allSatisfy { Set($0.fields).isDisjoint(with: gone) }, "\(design.comparisons)")
        #expect(!design.notes.isEmpty, "the explanation says what was missing")
        let s = try Self.score(run, g.dir, ids)
        // Weaker than with every identifier, but precise: training has a family class (brothers and sisters share a
        // surname and an address), so they are not learned as matches. Measured at 800 households (81 true pairs):
        // without date of birth precision 1.00, recall 0.56 (0.44 and 0.68 with two-class training); without given
        // names 0.80, 0.90 (was 0.57, 0.83); without addresses 0.97, 0.85 (unchanged).
        #expect(s.precision > 0.75 && s.f1 > 0.65, "without \(missing): \(s)")
    }

    @Test func namesTheProblemWithBadInputs() throws {
        let g = try SynthTests.generate(households: 100, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        _ = try SynthTests.pseudonymiseAll(g.dir)
        let spec = SynthDataset.partnershipSpec
        #expect(throws: LinkageError.self) { try LinkageRun.designed(spec: spec, inputs: [("prison", g.dir + "/police.pseudo.csv")]) }
        let twice = [("police", g.dir + "/police.pseudo.csv"), ("police", g.dir + "/housing.pseudo.csv")]
        do { _ = try LinkageRun.designed(spec: spec, inputs: twice); Issue.record("linked one dataset twice") } catch {
            #expect("\(error)".contains("housing.pseudo.csv") && "\(error)".contains("police"))
        }
        do { _ = try LinkageRun.designed(spec: spec, inputs: [("police", g.dir + "/police.csv")]); Issue.record("linked a raw extract") } catch {
            #expect("\(error)".contains("police.csv") && "\(error)".contains("record_token"))
        }
        var clash = spec
        clash.datasets[1].columns = clash.datasets[1].columns.map { c in
            var c = c
            if c.fieldName == "surname" && c.role == .identifier { c.normaliser = .text }
            return c
        }
        do { _ = try LinkageRun.designed(spec: clash, inputs: Self.inputs(g.dir)); Issue.record("two treatments of one field") } catch {
            #expect("\(error)".contains("surname") && "\(error)".contains(clash.datasets[1].name))
        }
    }

    /// Two extracts of one dataset, named apart in the run: every record finds its copy.
    @Test func linksTwoExtractsOfOneDataset() throws {
        let g = try SynthTests.generate(households: 300, seed: 8)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        _ = try SynthTests.pseudonymiseAll(g.dir)
        let file = g.dir + "/police.pseudo.csv"
        var run = try LinkageRun.designed(spec: SynthDataset.partnershipSpec, inputs: [("this", "police", file), ("last", "police", file)],
                                          linkType: .linkOnly, workers: 2)
        try run.run(train: false, workers: 2)
        let half = run.table.count / 2
        let copies = run.links.filter { Int($0.j) - Int($0.i) == half }.count
        #expect(run.table.datasets == ["this", "last"] && copies >= half * 95 / 100, "\(copies) of \(half) records found their copy")
        // Each extract holds a person once: said so, no person gets two records of one extract, and the config says it.
        var unique = try LinkageRun.designed(spec: SynthDataset.partnershipSpec, inputs: [("this", "police", file), ("last", "police", file)],
                                             linkType: .linkOnly, unique: ["this", "last"], workers: 2)
        try unique.run(train: false, workers: 2)
        var seen = Set<[Int]>()
        for i in 0..<unique.table.count { seen.insert([Int(unique.table.datasetOf[i]), Int(unique.persons[i])]) }
        #expect(seen.count == unique.table.count, "no person has two records of one extract")
        #expect(unique.design?.config.datasets.allSatisfy { $0.unique == true } == true)
        #expect(throws: LinkageError.self) {
            try LinkageRun.designed(spec: SynthDataset.partnershipSpec, inputs: [("this", "police", file)], unique: ["that"])
        }
    }

    /// A platform streams stored files: the design read from readers is the design read from the files.
    @Test func designsTheSameFromStreamedReaders() throws {
        let g = try SynthTests.generate(households: 300, seed: 9)
        defer { try? FileManager.default.removeItem(atPath: g.dir) }
        _ = try SynthTests.pseudonymiseAll(g.dir)
        var files = try LinkageRun.designed(spec: SynthDataset.partnershipSpec, inputs: Self.inputs(g.dir), workers: 1)
        try files.run(train: false, workers: 1)
        var streamed = try LinkageRun.designed(spec: SynthDataset.partnershipSpec, datasets: Self.sets.map { ($0, $0) }) { name in
            (try CSVReader(path: g.dir + "/\(name).pseudo.csv"), name)
        }
        try streamed.run(train: false, workers: 1)
        #expect(streamed.design?.rules == files.design?.rules && streamed.design?.config.comparisons == files.design?.config.comparisons)
        #expect(streamed.model == files.model && streamed.persons == files.persons && streamed.links.count == files.links.count)
    }

    static func strip(_ from: String, to: String, keeping: Set<String>) throws {
        let r = try CSVReader(path: from)
        let header = try r.next()!.fields
        let keep = header.indices.filter { keeping.contains(header[$0]) }
        let w = CSVWriter(file: try AtomicFileWriter(path: to, overwrite: true, mode: 0o600))
        try w.write(keep.map { header[$0] })
        while let rec = try r.next() { try w.write(keep.map { rec.fields[$0] }) }
        try w.file.commit()
    }
}
