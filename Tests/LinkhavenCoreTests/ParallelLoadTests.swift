import Foundation
@testable import LinkhavenCore
import Testing

/// Loading a file on several threads builds the table one reader builds, number for number, whatever the
/// cuts; errors name the file's own line; files it cannot cut safely are read by one reader.
@Suite("Parallel loading of pseudonymised files")
struct ParallelLoadTests {
    /// A pseudonymised-shaped file: tokens from a small vocabulary (so that cuts fall between first and
    /// later appearances), name parts, CLKs missing at random (and for the first `clklessFirst` records).
    static func file(rows: Int, seed: UInt64, clklessFirst: Int = 0, extraColumn: Bool = false) -> String {
        var rng = SynthRandom(seed: seed, stream: 1)
        var out = "record_token,given_name_token,surname_parts,person_clk,bk_sector" + (extraColumn ? ",postcode_token" : "") + "\n"
        for i in 0..<rows {
            let clk = i < clklessFirst || rng.chance(0.1) ? "" : Base64URL.encode((0..<128).map { _ in UInt8(rng.int(0...255)) })
            let parts = (0..<rng.int(0...3)).map { _ in "p\(rng.int(0...40))" }.joined(separator: " ")
            let given = rng.chance(0.05) ? "" : "g\(rng.int(0...300))"
            out += "r\(seed)-\(i),\(given),\(parts),\(clk),s\(rng.int(0...20))" + (extraColumn ? ",pc\(rng.int(0...50))" : "") + "\n"
        }
        return out
    }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "parallel-load-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func same(_ a: LinkageTable, _ b: LinkageTable) -> Bool {
        a.datasets == b.datasets && a.datasetOf == b.datasetOf && a.recordTokens == b.recordTokens && a.tokens == b.tokens
            && a.frequencies == b.frequencies && Set(a.partColumns.keys) == Set(b.partColumns.keys)
            && a.partColumns.keys.allSatisfy { a.partColumns[$0]!.start == b.partColumns[$0]!.start && a.partColumns[$0]!.values == b.partColumns[$0]!.values }
            && Set(a.clks.keys) == Set(b.clks.keys)
            && a.clks.keys.allSatisfy { a.clks[$0]!.words == b.clks[$0]!.words && a.clks[$0]!.counts == b.clks[$0]!.counts
                && a.clks[$0]!.wordsPerRecord == b.clks[$0]!.wordsPerRecord }
    }

    @Test(arguments: [2, 3, 7])
    func theTableIsTheOneReaderBuildsWhateverTheCuts(workers: Int) throws {
        for seed in UInt64(1)...4 {
            let first = try Self.write(Self.file(rows: 900, seed: seed, clklessFirst: seed == 2 ? 700 : 0))
            let second = try Self.write(Self.file(rows: 500 + Int(seed) * 37, seed: seed + 100, extraColumn: true))
            defer { try? FileManager.default.removeItem(atPath: first); try? FileManager.default.removeItem(atPath: second) }
            let one = LinkageTable(), many = LinkageTable()
            for (path, name) in [(first, "a"), (second, "b")] {
                try one.load(path: path, dataset: name, tokenColumns: ["bk_sector"], clkColumns: ["person_clk"])
                try many.load(path: path, dataset: name, tokenColumns: ["bk_sector"], clkColumns: ["person_clk"], workers: workers, minimumBytes: 0)
            }
            #expect(one.count == 1_400 + Int(seed) * 37)
            #expect(Self.same(one, many), "seed \(seed), \(workers) workers")
        }
    }

    @Test func errorsNameTheFilesOwnLineAsOneReaderWould() throws {
        var lines = Self.file(rows: 600, seed: 9).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[451] = lines[451].replacingOccurrences(of: ",s", with: ",!!,s")   // record on line 452: a field too many
        let path = try Self.write(lines.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        func message(_ load: () throws -> Void) -> String { do { try load(); return "" } catch { return "\(error)" } }
        let alone = message { try LinkageTable().load(path: path, dataset: "a", clkColumns: ["person_clk"]) }
        let split = message { try LinkageTable().load(path: path, dataset: "a", clkColumns: ["person_clk"], workers: 3, minimumBytes: 0) }
        #expect(alone.contains("line 452") && alone == split, "\(alone) / \(split)")
    }

    @Test func aFileWithQuotesIsReadByOneReader() throws {
        var text = Self.file(rows: 300, seed: 5)
        text += "\"r-quoted\",\"g1\",\"p1\n p2\",,s1\n"   // a quoted field holding a line end
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let one = LinkageTable(), many = LinkageTable()
        try one.load(path: path, dataset: "a", clkColumns: ["person_clk"])
        try many.load(path: path, dataset: "a", clkColumns: ["person_clk"], workers: 2, minimumBytes: 0)
        #expect(one.count == 301 && Self.same(one, many))
    }
}
