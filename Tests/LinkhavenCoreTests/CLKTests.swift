import Testing
@testable import LinkhavenCore

@Suite("CLKs")
struct CLKTests {
    let fields = [CLKEncoder.Field(tag: 1, q: 2, k: 20, positional: false), CLKEncoder.Field(tag: 2, q: 2, k: 20, positional: false),
                  CLKEncoder.Field(tag: 3, q: 1, k: 20, positional: true)]
    func encoder(_ hardening: CLKHardening = CLKHardening(), random: Bool = true, key: UInt8 = 9) -> CLKEncoder {
        CLKEncoder(keyBytes: Array(repeating: key, count: 32), bits: 1024, fields: fields, randomHashing: random, hardening: hardening)
    }

    func dice(_ e: inout CLKEncoder, _ a: [String?], _ b: [String?]) -> Double {
        CLKBits.dice(e.encodeWords(a), e.encodeWords(b))
    }

    @Test func similarRecordsScoreHigherThanDifferentOnes() {
        var e = encoder()
        let base: [String?] = ["jonathan", "smith", "1985-03-14"]
        let typo: [String?] = ["jonathon", "smith", "1985-03-14"]
        let other: [String?] = ["margaret", "patel", "1961-11-02"]
        #expect(dice(&e, base, base) == 1)
        let near = dice(&e, base, typo), far = dice(&e, base, other)
        #expect(near > 0.85, "one-letter typo keeps most bits: \(near)")
        #expect(far < 0.5, "unrelated people share few bits: \(far)")
    }

    @Test func keyedAndDeterministic() {
        var a = encoder(), b = encoder(), c = encoder(key: 10)
        let r: [String?] = ["ann", "lee", "2001-01-01"]
        #expect(a.encode(r) == b.encode(r))
        #expect(a.encode(r) != c.encode(r), "another key sets other bits")
        #expect(CLKBits.words(from: a.encode(r))?.count == 16)
    }

    @Test func missingFieldsSetNoBits() {
        var e = encoder()
        let w = e.encodeWords([nil, nil, nil])
        #expect(w.allSatisfy { $0 == 0 })
    }

    @Test func doubleHashingAlsoWorks() {
        var e = encoder(random: false)
        let near = dice(&e, ["jonathan", "smith", "1985-03-14"], ["jonathon", "smith", "1985-03-14"])
        #expect(near > 0.85)
    }

    @Test func balancedFiltersHaveExactlyHalfTheirBitsSet() {
        var e = encoder(CLKHardening(balance: true))
        #expect(e.outputBits == 2048)
        for r: [String?] in [["a", nil, nil], ["jonathan", "smith", "1985-03-14"], [nil, nil, nil]] {
            let w = e.encodeWords(r)
            #expect(w.count == 32)
            #expect(w.reduce(0) { $0 + $1.nonzeroBitCount } == 1024)
        }
    }

    @Test func xorFoldHalvesTheFilterAndKeepsSimilarity() {
        var e = encoder(CLKHardening(xorFold: true))
        #expect(e.outputBits == 512)
        let base: [String?] = ["jonathan", "smith", "1985-03-14"]
        #expect(e.encodeWords(base).count == 8)
        #expect(dice(&e, base, ["jonathon", "smith", "1985-03-14"]) > dice(&e, base, ["margaret", "patel", "1961-11-02"]))
    }

    @Test func recordSaltSeparatesRecords() {
        var e = encoder()
        let r: [String?] = ["jonathan", "smith", "1985-03-14"]
        let same = CLKBits.dice(e.encodeWords(r, salt: "1985"), e.encodeWords(r, salt: "1985"))
        let diff = CLKBits.dice(e.encodeWords(r, salt: "1985"), e.encodeWords(r, salt: "1986"))
        #expect(same == 1)
        #expect(diff < 0.5)
    }

    /// Property: Dice similarity of CLKs tracks q-gram similarity: over many random name pairs, pairs
    /// that share more bigrams score higher on average.
    @Test func diceTracksQGramOverlap() {
        var e = CLKEncoder(keyBytes: Array(repeating: 3, count: 32), bits: 1024, fields: [CLKEncoder.Field(tag: 1, q: 2, k: 20, positional: false)])
        var state: UInt64 = 42
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var close: [Double] = [], apart: [Double] = []
        for _ in 0..<300 {
            let n = 5 + Int(CLKEncoder.splitmix(&state) % 6)
            let name = String((0..<n).map { _ in letters[Int(CLKEncoder.splitmix(&state) % 26)] })
            var typo = Array(name)
            typo[Int(CLKEncoder.splitmix(&state) % UInt64(n))] = letters[Int(CLKEncoder.splitmix(&state) % 26)]
            let other = String((0..<n).map { _ in letters[Int(CLKEncoder.splitmix(&state) % 26)] })
            close.append(CLKBits.dice(e.encodeWords([name]), e.encodeWords([String(typo)])))
            apart.append(CLKBits.dice(e.encodeWords([name]), e.encodeWords([other])))
        }
        let meanClose = close.reduce(0, +) / 300, meanApart = apart.reduce(0, +) / 300
        #expect(meanClose > 0.6 && meanApart < 0.3, "close \(meanClose), apart \(meanApart)")
    }
}

@Suite("CLK hardening evaluation")
struct HardeningEvaluationTests {
    @Test func measuresRealDifferences() throws {
        let results = HardeningEvaluation.run(count: 240)
        #expect(results.count == HardeningEvaluation.settings.count)
        let plain = try #require(results.first { $0.setting.hasPrefix("random hashing") })
        let salted = try #require(results.first { $0.setting.hasPrefix("salted") })
        let balanced = try #require(results.first { $0.setting == "balanced" })
        #expect(plain.bestF1 > 0.9, "CLKs link corrupted household data well: \(plain)")
        #expect(plain.meanDiceTrue > plain.meanDiceOther + 0.2)
        #expect(salted.recall < plain.recall, "records missing the salt field cannot match: \(salted) vs \(plain)")
        #expect(balanced.bits == 2048)
    }
}
