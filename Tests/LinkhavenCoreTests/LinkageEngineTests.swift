import Foundation
import Testing
@testable import LinkhavenCore

@Suite("Linkage engine parts")
struct LinkageEngineTests {
    /// A small table from CSV text: tokens t_token, s_token, parts p_parts, CLK c.
    static func table(_ rows: [(String, String, String, String, String)], datasets: Int = 1) throws -> LinkageTable {
        let t = LinkageTable()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhlink-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var e = CLKEncoder(keyBytes: Array(repeating: 1, count: 32), bits: 256, fields: [.init(tag: 1, q: 2, k: 10, positional: false)])
        let per = (rows.count + datasets - 1) / datasets
        for d in 0..<datasets {
            var text = "record_token,t_token,s_token,p_parts,c\n"
            for (k, r) in rows.enumerated() where k / per == d {
                text += "\(r.0),\(r.1),\(r.2),\(r.3),\(r.4.isEmpty ? "" : e.encode([r.4]))\n"
            }
            try text.write(toFile: dir + "/d\(d).csv", atomically: true, encoding: .utf8)
            try t.load(path: dir + "/d\(d).csv", dataset: "d\(d)", clkColumns: ["c"])
        }
        return t
    }

    @Test func comparatorLevelsInOrderWithNull() throws {
        let t = try Self.table([("r1", "a", "x", "p q", "jonathan"), ("r2", "a", "y", "q", "jonathon"), ("r3", "", "y", "", "margaret"),
                                ("r4", "b", "z", "r", "jonathan")])
        let spec = ComparisonSpec(name: "c", null: ["t_token"], levels: [
            LevelSpec(label: "exact", token: "t_token"), LevelSpec(label: "part", parts: "p_parts"),
            LevelSpec(label: "similar", clk: "c", dice: 0.7)])
        let c = try Comparator(specs: [spec], table: t)
        #expect(c.level(0, 0, 1) == 0, "equal tokens")
        #expect(c.level(0, 0, 2) == -1, "missing token: null")
        #expect(c.level(0, 0, 3) == 2, "different tokens, no shared part, similar CLK")
        let parts = try Comparator(specs: [ComparisonSpec(name: "p", null: [], levels: [LevelSpec(label: "part", parts: "p_parts")])], table: t)
        #expect(parts.level(0, 0, 1) == 0 && parts.level(0, 0, 3) == 1)
        #expect(throws: LinkageError.self) { try Comparator(specs: [ComparisonSpec(name: "x", null: [], levels: [LevelSpec(label: "l", token: "nope")])], table: t) }
    }

    @Test func blockingSkipsEarlierRulesAndRespectsLinkType() throws {
        let rows = [("a1", "k", "m", "", ""), ("a2", "k", "m", "", ""), ("a3", "k", "n", "", ""), ("b1", "k", "m", "", ""), ("b2", "j", "m", "", ""), ("b3", "k", "n", "", "")]
        let t = try Self.table(rows, datasets: 2)
        func pairs(_ index: BlockingIndex, _ r: Int, independent: Bool = false) -> Set<[Int]> {
            var s = Set<[Int]>()
            index.forEachPair(rule: r, independent: independent) { s.insert([$0, $1]) }
            return s
        }
        let both = try BlockingIndex(table: t, rules: [["t_token"], ["s_token"]], linkType: .linkAndDedupe)
        #expect(pairs(both, 0).count == 10, "5 records share t=k: C(5,2)")
        #expect(pairs(both, 1) == [[0, 4], [1, 4], [3, 4]], "only pairs rule 0 did not already give")
        #expect(pairs(both, 1, independent: true).count == 7, "C(4,2) for s=m plus 1 for s=n")
        let linkOnly = try BlockingIndex(table: t, rules: [["t_token"]], linkType: .linkOnly)
        #expect(pairs(linkOnly, 0).allSatisfy { t.datasetOf[$0[0]] != t.datasetOf[$0[1]] } && pairs(linkOnly, 0).count == 6)
        let dedupe = try BlockingIndex(table: t, rules: [["t_token"]], linkType: .dedupe)
        #expect(pairs(dedupe, 0).count == 4)
        let capped = try BlockingIndex(table: t, rules: [["t_token"]], linkType: .linkAndDedupe, maxBlock: 3)
        #expect(pairs(capped, 0).isEmpty && capped.oversizeRecords(0) == 5)
    }

    @Test func clusteringGuardsAgainstChaining() throws {
        let t = try Self.table([("a1", "x", "", "", ""), ("a2", "x", "", "", ""), ("b1", "x", "", "", ""), ("b2", "x", "", "", "")], datasets: 2)
        var c = Clustering(table: t, uniqueDatasets: [0])
        let first = c.union(0, 2, probability: 0.99), second = c.union(1, 2, probability: 0.99)
        #expect(first)
        #expect(!second, "a1 and a2 are both in dataset 0, declared unique")
        var weak = Clustering(table: t, uniqueDatasets: [])
        weak.union(0, 2); weak.union(1, 3)
        let weakBridge = weak.union(0, 1, probability: 0.95, bridge: 0.99)
        let strongBridge = weak.union(0, 1, probability: 0.995, bridge: 0.99)
        #expect(!weakBridge, "a weak link may not bridge two multi-record clusters")
        #expect(strongBridge)
        let labels = weak.labels()
        #expect(Set(labels).count == 1)
    }

    @Test func modelRoundTripsAndExplainsItsWeights() throws {
        let t = try Self.table([("r1", "a", "x", "", "ann"), ("r2", "a", "y", "", "anne")])
        let specs = [ComparisonSpec(name: "t", null: ["t_token"], levels: [LevelSpec(label: "exact", token: "t_token", tf: true)]),
                     ComparisonSpec(name: "s", null: ["s_token"], levels: [LevelSpec(label: "exact", token: "s_token")])]
        var model = FellegiSunterModel(specs: specs)
        model.comparisons[0].levels[0].m = 0.9; model.comparisons[0].levels[0].u = 0.5
        let c = try Comparator(specs: specs, table: t)
        c.prepare(model)
        let e = c.explain(model, 0, 1)
        #expect(abs(e.totalWeight - (e.priorWeight + e.steps.map(\.weight).reduce(0, +))) < 1e-9)
        #expect(e.steps.map(\.level) == ["exact", "else"])
        #expect(e.steps[0].tfAdjustment == log2(0.5 / 1.0), "the token is on every record: tf = 1")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).json").path
        try model.json().write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try FellegiSunterModel.load(path: path) == model)
    }

    @Test func configErrorsNameTheirLine() throws {
        let good = String(decoding: try JSONEncoder().encode(SynthDataset.partnershipLinkConfig), as: UTF8.self)
        _ = try LinkConfig.load(data: Data(good.utf8), file: "c.json")
        let typo = good.replacingOccurrences(of: "\"blocking\"", with: "\"bloking\"")
        do { _ = try LinkConfig.load(data: Data(typo.utf8), file: "c.json"); Issue.record("accepted a typo") } catch let e as SpecError {
            #expect(e.message.contains("blocking") || e.message.contains("bloking"), "\(e)")
        }
    }
}

@Suite("CLK matcher")
struct CLKMatcherTests {
    /// The SIMD kernel finds exactly the pairs a plain floating-point Dice finds, including pairs at the threshold.
    @Test func matchesReferenceDiceExactly() throws {
        let (a, ca, b, cb) = try BenchmarkPeople.clkSets(count: 300)
        for threshold in [0.5, 0.75, 0.8, 0.9] {
            var reference = Set<[Int32]>()
            for i in 0..<300 {
                for j in 0..<300 {
                    let d = CLKBits.dice(Array(a[(i * 16)..<(i * 16 + 16)]), Array(b[(j * 16)..<(j * 16 + 16)]))
                    if d >= threshold { reference.insert([Int32(i), Int32(j)]) }
                }
            }
            for workers in [1, 3] {
                let r = CLKMatcher.candidates(a: a, countsA: ca, b: b, countsB: cb, words: 16, threshold: threshold, workers: workers)
                #expect(Set(r.pairs.map { [$0.a, $0.b] }) == reference, "threshold \(threshold), \(workers) workers")
                #expect(r.comparisons == 90_000)
            }
        }
    }

    @Test func oneToOneTakesTheBestFirst() {
        let pairs = [CLKMatcher.Pair(a: 0, b: 0, dice: 0.9), CLKMatcher.Pair(a: 0, b: 1, dice: 0.95), CLKMatcher.Pair(a: 1, b: 1, dice: 0.85),
                     CLKMatcher.Pair(a: 1, b: 0, dice: 0.8)]
        #expect(CLKMatcher.oneToOne(pairs) == [CLKMatcher.Pair(a: 0, b: 1, dice: 0.95), CLKMatcher.Pair(a: 1, b: 0, dice: 0.8)])
    }
}
