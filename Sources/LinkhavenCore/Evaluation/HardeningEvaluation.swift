import Foundation

/// Measures what CLK hardening costs in linkage accuracy on hard data: people come in households
/// of three (one surname and address, birth dates a few years apart), corrupted copies of them
/// (typos in names, day/month swaps, a changed house number) are encoded the same way, each
/// original is linked to its most similar copy by Dice, and the best F1 over all thresholds is
/// reported per setting. Same records, same corruption, one run.
public enum HardeningEvaluation {
    /// One setting's result.
    public struct Result: Sendable, Codable {
        /// The setting's name and encoded length.
        public var setting: String, bits: Int
        /// Mean Dice of true pairs and of each record with a random other record.
        public var meanDiceTrue: Double, meanDiceOther: Double
        /// Best F1 of best-match linkage over thresholds, with the threshold and its precision and recall.
        public var bestF1: Double, threshold: Double, precision: Double, recall: Double
    }

    /// The settings compared.
    public static let settings: [(name: String, random: Bool, hardening: CLKHardening, salt: Bool)] = [
        ("random hashing (default)", true, CLKHardening(), false),
        ("double hashing", false, CLKHardening(), false),
        ("balanced", true, CLKHardening(balance: true), false),
        ("XOR-folded", true, CLKHardening(xorFold: true), false),
        ("salted by birth year", true, CLKHardening(), true),
        ("balanced + XOR-folded", true, CLKHardening(balance: true, xorFold: true), false),
    ]

    /// Runs the comparison on `count` people.
    public static func run(count: Int, seed: UInt64 = 7) -> [Result] {
        var gen = BenchmarkPeople(seed: seed)
        var originals: [[String?]] = [], copies: [[String?]] = []
        var household: [String] = []
        for i in 0..<count {
            var r = gen.record(i)
            if i % 3 == 0 {
                household = r
            } else {
                let base = gen.record(i)
                let year = Int(household[3].suffix(4))! + Int(gen.next() % 9) - 4
                r = [base[0], base[1], household[2], String(base[3].prefix(6)) + String(year), base[4], household[5]]
            }
            let c = gen.corrupt(gen.corrupt(r))
            originals.append(normalised(r))
            copies.append(normalised(c))
        }
        let fields = [CLKEncoder.Field(tag: 1, q: 2, k: 15, positional: false), CLKEncoder.Field(tag: 2, q: 2, k: 15, positional: false),
                      CLKEncoder.Field(tag: 3, q: 1, k: 10, positional: true), CLKEncoder.Field(tag: 4, q: 1, k: 5, positional: false),
                      CLKEncoder.Field(tag: 5, q: 2, k: 5, positional: false)]
        return settings.map { s in
            var e = CLKEncoder(keyBytes: Array(repeating: 5, count: 32), bits: 1024, fields: fields, randomHashing: s.random, hardening: s.hardening)
            let a = originals.map { e.encodeWords($0, salt: s.salt ? $0[2].map { String($0.prefix(4)) } : nil) }
            let b = copies.map { e.encodeWords($0, salt: s.salt ? $0[2].map { String($0.prefix(4)) } : nil) }
            var best: [(score: Double, correct: Bool)] = []
            var trueSum = 0.0, otherSum = 0.0
            for i in 0..<count {
                var top = (score: -1.0, index: -1)
                for j in 0..<count {
                    let d = CLKBits.dice(a[i], b[j])
                    if d > top.score { top = (d, j) }
                }
                best.append((top.score, top.index == i))
                trueSum += CLKBits.dice(a[i], b[i])
                otherSum += CLKBits.dice(a[i], b[(i + 1) % count])
            }
            var result = Result(setting: s.name, bits: e.outputBits, meanDiceTrue: trueSum / Double(count),
                                meanDiceOther: otherSum / Double(count), bestF1: 0, threshold: 0, precision: 0, recall: 0)
            for step in 0...100 {
                let t = Double(step) / 100
                let links = best.filter { $0.score >= t }
                let tp = links.filter(\.correct).count
                guard !links.isEmpty, tp > 0 else { continue }
                let p = Double(tp) / Double(links.count), r = Double(tp) / Double(count)
                let f1 = 2 * p * r / (p + r)
                if f1 > result.bestF1 { (result.bestF1, result.threshold, result.precision, result.recall) = (f1, t, p, r) }
            }
            return result
        }
    }

    static func normalised(_ r: [String]) -> [String?] {
        let dates = DateNormaliser()
        return [try? NameNormaliser.normalise(r[1])?.canonical, try? NameNormaliser.normalise(r[2])?.canonical,
                try? dates.normalise(r[3])?.canonical, try? SexNormaliser.normalise(r[4])?.canonical,
                try? AddressNormaliser.normalise(r[5])?.canonical]
    }
}

extension BenchmarkPeople {
    /// A copy of `record` with the errors real extracts have: a typo in a name (30% each), a
    /// day/month swap (5%), a missing date of birth (3%), a different house number (10%).
    public mutating func corrupt(_ record: [String]) -> [String] {
        var r = record
        for i in [1, 2] where next() % 10 < 3 { r[i] = typo(r[i]) }
        let p = r[3].split(separator: "/")
        if next() % 20 == 0, p.count == 3, let day = Int(p[0]), day <= 12 { r[3] = "\(p[1])/\(p[0])/\(p[2])" }
        if next() % 33 == 0 { r[3] = "" }
        if next() % 10 == 0, let space = r[5].firstIndex(of: " ") { r[5] = "\(1 + next() % 180)" + r[5][space...] }
        return r
    }

    mutating func typo(_ s: String) -> String {
        var c = Array(s)
        guard c.count > 2 else { return s }
        let i = 1 + Int(next() % UInt64(c.count - 1))
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        switch next() % 4 {
        case 0: c[i] = letters[Int(next() % 26)]
        case 1: c.remove(at: i)
        case 2: c.insert(letters[Int(next() % 26)], at: i)
        default: if i + 1 < c.count { c.swapAt(i, i + 1) }
        }
        return String(c)
    }
}

extension BenchmarkPeople {
    /// Two sets of 1024-bit CLKs (the benchmark spec's person CLK) for `count` people: the
    /// originals and corrupted copies, record `i` of one matching record `i` of the other.
    public static func clkSets(count: Int, seed: UInt64 = 3) throws -> (a: [UInt64], countsA: [Int32], b: [UInt64], countsB: [Int32]) {
        var gen = BenchmarkPeople(seed: seed)
        let spec = try SpecLoader.load(data: Data(specJSON.utf8), file: "benchmark spec")
        let clk = spec.datasets[0].clks![0]
        let key = SecretKey(bytes: Array(repeating: 9, count: 32)).projectKey(project: spec.project)
        var enc = CLKEncoder(keyBytes: key.clkKey(name: clk.name).withUnsafeBytes { Array($0) }, bits: clk.bits ?? 1024,
                             fields: clk.fields.enumerated().map { CLKEncoder.Field(tag: UInt8($0.offset + 1), q: $0.element.q ?? 2,
                                                                                     k: $0.element.k ?? 10, positional: $0.element.positional ?? false) })
        var a: [UInt64] = [], b: [UInt64] = [], ca: [Int32] = [], cb: [Int32] = []
        for i in 0..<count {
            let r = gen.record(i)
            let wa = enc.encodeWords(HardeningEvaluation.normalised(r)), wb = enc.encodeWords(HardeningEvaluation.normalised(gen.corrupt(r)))
            a += wa; b += wb
            ca.append(Int32(wa.reduce(0) { $0 + $1.nonzeroBitCount }))
            cb.append(Int32(wb.reduce(0) { $0 + $1.nonzeroBitCount }))
        }
        return (a, ca, b, cb)
    }
}
