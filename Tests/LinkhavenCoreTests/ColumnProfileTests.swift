import Foundation
import Testing
@testable import LinkhavenCore

/// The breach guard judging single cells against their column: a name pasted into a code, number
/// or category column is a leak even when it is the only one; the column's own words are not.
@Suite("Breach guard: single cells against the column's profile")
struct ColumnProfileTests {
    /// Scans `rows` under `header`, with `columns` describing them, and returns the findings by column.
    func scan(_ header: [String], _ rows: [[String]], columns: [OutputColumn] = []) throws -> [String: [ScanFinding]] {
        let text = ([header] + rows).map { $0.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") }.joined(separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try IdentifierScanner.scan(reader: CSVReader(path: path), columns: columns.isEmpty ? nil : columns)
        return Dictionary(grouping: report.findings, by: \.column)
    }

    /// A small file of codes, amounts, flags and category words, as a pseudonymised extract has.
    func rows(_ n: Int, seed: Int = 1) -> [[String]] {
        (0..<n).map { i in
            let j = (i * 7 + seed) % 13
            return ["E0102\(1000 + j)", "\(j * 3).\(j)0", j % 2 == 0 ? "Y" : "N", ["private rented", "social rented", "owner occupied"][j % 3],
                    ["Vange", "Langdon Hills", "Pitsea", "Fryerns"][j % 4]]
        }
    }
    let header = ["small_area", "amount", "flag", "tenure", "district"]

    @Test func cleanColumnsOfCodesAmountsFlagsAndPlacesRaiseNothing() throws {
        // (In a file of a handful of rows with no code list, a place that reads as a name — Langdon Hills — seen once is
        // flagged: the file cannot tell it from a person. A code list can: aCodeListDecidesWhatBelongsWhereTheFileCannot.)
        for n in [20, 60, 300] { #expect(try scan(header, rows(n)).isEmpty, "\(n) rows") }
    }

    @Test func oneSurnameInACodeAmountOrFlagColumnIsALeakEvenAWordLikeOne() throws {
        for (col, name) in [(0, "Okonkwo"), (1, "Brown"), (2, "Zilm"), (1, "SMITH")] {
            var r = rows(40)
            r[17][col] = name
            let found = try scan(header, r)
            #expect(found[header[col]]?.first == ScanFinding(column: header[col], kind: .personName, count: 1, lines: [19], placement: .singleCells),
                    "\(header[col])")
            #expect(found.count == 1)
        }
    }

    @Test func aCapitalisedNameAmongLowerCaseCategoriesIsALeakButAWordIsNot() throws {
        var r = rows(40)
        r[3][3] = "Hussain"
        #expect(try scan(header, r)["tenure"]?.first?.lines == [5])
        r[3][3] = "temporary"   // a new category, in the column's own style: not a name
        #expect(try scan(header, r).isEmpty)
    }

    @Test func aCodeListDecidesWhatBelongsWhereTheFileCannot() throws {
        var r = rows(40)
        r[9][4] = "Colquhoun"   // a rarer surname among place names: the file alone cannot tell
        let learned = try scan(header, r)
        let columns = header.map { OutputColumn(name: $0, kind: .attribute) }
        var declared = columns
        declared[4].type = .category
        declared[4].values = ["Vange", "Langdon Hills", "Pitsea", "Fryerns"]
        let withList = try scan(header, r, columns: declared)
        #expect(learned["district"] == nil, "without a code list a lone unknown word among place names is not enough")
        #expect(withList["district"]?.first?.lines == [11])
        #expect(try scan(header, rows(40), columns: declared).isEmpty, "the agreed places themselves are never names")
    }

    @Test func aNameThatIsAlsoAWordNeedsASecondNameLikeCellAmongWords() throws {
        let h = ["team"], teams = ["Early Help", "Youth Justice", "Family Support"]
        var r = (0..<60).map { [teams[$0 % 3]] }
        r[10][0] = "Green"
        #expect(try scan(h, r).isEmpty, "Green alone among capitalised teams is a word")
        r[30][0] = "Wood"
        #expect(try scan(h, r)["team"]?.first?.lines == [12, 32])
    }

    @Test func agreedFreeTextIsSearchedForNamesNotRefusedWhole() throws {
        let notes = ["Referred by GP to Early Help", "Seen at Basildon Hospital A&E after a fall", "support plan agreed with Mum",
                     "Dad back in contact since March", "MASH referral from Essex Police"]
        let columns = [OutputColumn(name: "notes", kind: .attribute, type: .text)]
        var r = (0..<50).map { [notes[$0 % notes.count]] }
        #expect(try scan(["notes"], r, columns: columns).isEmpty)
        #expect(try scan(["notes"], r)["notes"]?.map(\.kind) == [.freeText], "prose where none was agreed is refused")
        for (i, leak) in ["Priya (mum) called about the children", "Mrs okafor visited the family", "seen at school with Sarah Zilm"].enumerated() {
            r[20 + i][0] = leak
        }
        let found = try scan(["notes"], r, columns: columns)["notes"]
        #expect(found == [ScanFinding(column: "notes", kind: .personName, count: 3, lines: [22, 23, 24], placement: .freeText)])
    }

    @Test func aHeaderHoldingANameOrDateIsReportedByPositionNeverByValue() throws {
        var h = header
        h[2] = "Okafor"
        let found = try scan(h, rows(20))
        #expect(found["header cell 3"] == [ScanFinding(column: "header cell 3", kind: .personName, count: 1, lines: [1], placement: .header)])
        h[2] = "12/03/2015"
        #expect(try scan(h, rows(20))["header cell 3"]?.first?.kind == .fullDate)
        #expect(try scan(header, rows(20)).isEmpty)
    }

    @Test func lexiconKnowsNamesWordsAndFrequency() {
        let l = NameLexicon.shared
        #expect(l.rank(ofSurname: "smith") == 0)
        #expect(l.isSurname("okafor") && l.isForename("priya") && l.isForename("agnieszka"))
        #expect(l.isWord("brown") && l.isSurname("brown") && !l.isWord("okonkwo"))
        #expect(!l.isName("tenure") && !l.isName("ethnicity"))
    }

    @Test func wilsonIntervalsBracketTheRateAndNarrowWithMoreFiles() {
        let small = BreachCorpus.Rate(hits: 0, of: 100), large = BreachCorpus.Rate(hits: 0, of: 4000)
        #expect(small.low == 0 && small.high > 0.03 && small.high < 0.04)
        #expect(large.high < 0.001, "0 false alarms in 4,000 clean files bounds the rate under 0.1%")
        let r = BreachCorpus.Rate(hits: 990, of: 1000)
        #expect(r.low < 0.99 && r.high > 0.99 && r.high < 1)
    }
}
