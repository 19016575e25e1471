import Foundation
import Testing
@testable import LinkhavenCore

@Suite("Identifier detectors")
struct DetectorTests {
    func kinds(_ v: String) -> Set<IdentifierKind> { IdentifierDetector.detect(v) }

    @Test func findsEachKind() {
        #expect(kinds("943 476 5919").contains(.nhsNumber))
        #expect(kinds("NHS no 9434765919 seen").contains(.nhsNumber))
        #expect(kinds("AB123456C").contains(.niNumber))
        #expect(kinds("ab 12 34 56 c").contains(.niNumber))
        #expect(kinds("SS14 1DL").contains(.postcode))
        #expect(kinds("lives at ss141dl").contains(.postcode))
        #expect(kinds("jo.bloggs@example.org").contains(.email))
        #expect(kinds("07700 900123").contains(.phone))
        #expect(kinds("+44 1268 533333").contains(.phone))
        #expect(kinds("(01245) 491491").contains(.phone))
        #expect(kinds("14/03/1985").contains(.fullDate))
        #expect(kinds("1985-03-14").contains(.fullDate))
        #expect(kinds("14 High Street").contains(.streetAddress))
        #expect(kinds("Flat 2, 7 Rose Gdns").contains(.streetAddress))
        #expect(kinds("John Smith").contains(.personName))
        #expect(kinds("Mrs Patel").contains(.personName))
        #expect(IdentifierDetector.detect("not-a-token", isTokenColumn: true) == [.malformedToken])
    }

    @Test func leavesPseudonymisedAndGeneralisedValuesAlone() {
        for v in ["9NBLLwOMhG4rywC-IdtG-A", "SS14 1", "SS14", "1985", "1985-03", "5-10", "yes", "alcohol", "Band C", "1234.50",
                  "E01021234", "9434765918", "1111111111", "0", "psychosocial", "12", "AB123456"] {
            #expect(kinds(v).isEmpty, "\(v) → \(kinds(v))")
        }
        #expect(IdentifierDetector.detect("9NBLLwOMhG4rywC-IdtG-A", isTokenColumn: true).isEmpty)
    }

    @Test func scannerReportsColumnsAndLinesNeverValues() throws {
        let text = "id,name,note,pc_token\n1,Oliver,fine,9NBLLwOMhG4rywC-IdtG-A\n2,Amelia,call 07700 900123,SS14 1DL\n3,George,,\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try IdentifierScanner.scan(reader: CSVReader(path: path))
        #expect(report.rows == 3)
        #expect(report.findings.contains(ScanFinding(column: "name", kind: .personName, count: 3, lines: [2, 3, 4], placement: .wholeColumn)))
        #expect(report.findings.contains(ScanFinding(column: "note", kind: .phone, count: 1, lines: [3], placement: .wholeColumn)))
        #expect(report.findings.contains(ScanFinding(column: "pc_token", kind: .malformedToken, count: 1, lines: [3], placement: .tokenColumn)))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        for secret in ["Oliver", "Amelia", "07700", "SS14"] { #expect(!json.contains(secret)) }
    }
}

@Suite("Detectors raise no false alarms on pseudonyms")
struct DetectorFalseAlarmTests {
    /// Property: no detector fires on well-formed tokens or CLKs, whatever their random content.
    /// (A CLK once contained "AB123456C" by chance, inside a longer run; matches need word boundaries.)
    @Test func randomTokensAndCLKsAreClean() {
        var state: UInt64 = 12345
        var fired = 0
        for n in 0..<200_000 {
            let length = n % 2 == 0 ? 16 : 128
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: CLKEncoder.splitmix(&state)) }
            if !IdentifierDetector.detect(Base64URL.encode(bytes)).isEmpty { fired += 1 }
        }
        #expect(fired == 0)
    }

    @Test func boundariesStillAllowRealIdentifiersInText() {
        #expect(IdentifierDetector.detect("ref: AB123456C.").contains(.niNumber))
        #expect(IdentifierDetector.detect("xAB123456Cx").isEmpty)
        #expect(IdentifierDetector.detect("id 9434765919,").contains(.nhsNumber))
        #expect(!IdentifierDetector.detect("k9434765919z").contains(.nhsNumber))
        #expect(IdentifierDetector.detect("tel:07700900123").contains(.phone))
        #expect(!IdentifierDetector.detect("Qx07700900123b").contains(.phone))
    }

    @Test func aRelationshipBesideAWordMakesItAName() {
        // Names that are also words, names no list knows, and lower-case names: the relationship is the evidence.
        for note in ["Ruby (mum) called about the children", "heather (mum) called", "Tayla (mum) called", "Lily's dad attended",
                     "spoke to Mum (Jasmine) today", "Malakai (brother) was at home"] {
            #expect(IdentifierDetector.detect(note).contains(.personName), "\(note)")
        }
        // Relationships beside words, kinship beside kinship, and brackets that hold no name.
        for note in ["spoke to Mum (by phone) about school", "Dad's partner attended the review", "Nan (maternal) caring for the children",
                     "Mum's partner (not known to services) present", "language support requested (Polish)", "the worker's mum called",
                     "support plan agreed with Mum", "Mum (birth mother) attended"] {
            #expect(!IdentifierDetector.detect(note).contains(.personName), "\(note)")
        }
        #expect(IdentifierDetector.detect("seen at school with samuel reed").contains(.personName), "a forename that is no word before a surname, in lower case")
    }

    @Test func aHeaderCellWithAForenameBesideAnotherNameIsOneWhateverItsCase() {
        let found = IdentifierScanner.scanHeader(["record_token", "andrew Krollig", "ABOURJEILI, ben", "date of birth", "council tax band", "small_area"])
        #expect(found.map(\.column) == ["header cell 2", "header cell 3"] && found.allSatisfy { $0.kind == .personName && $0.placement == .header })
    }
}

@Suite("The scanner's shortcuts give the detectors' answers")
struct ScannerShortcutTests {
    @Test func plainNumbersAreNeverIdentifiers() {
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<5_000 {
            let digits = (0..<Int.random(in: 1...12, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            let cut = Int.random(in: 0...digits.count, using: &rng)
            let sep = ["", ".", "-", "/", " "].randomElement(using: &rng)!
            let v = String(digits.prefix(cut)) + sep + String(digits.dropFirst(cut))
            guard IdentifierDetector.isPlainNumber(v) else { continue }
            checked += 1
            #expect(IdentifierDetector.detect(v).isEmpty && !IdentifierDetector.isSingleCommonName(v), "\(v)")
        }
        #expect(checked > 1_000)
        #expect(!IdentifierDetector.isPlainNumber("9434765919") && !IdentifierDetector.isPlainNumber("01.02.2020") && !IdentifierDetector.isPlainNumber("E01021300"))
    }

    @Test func rememberedVerdictsMatchFreshOnes() {
        let values = ["Y", "N", "B", "E01021300", "12.5", "John Smith", "SS16 4AB", "943 476 5919", "smith", "01/02/2019", "Y", "John Smith", "SS16 4AB"]
        var scan = ScanAccumulator(header: ["a"], checks: [.detect])
        for (line, v) in values.enumerated() { scan.add(CSVRecord(fields: [v], line: line + 2, badEncodingField: nil)) }
        var fresh = ScanAccumulator(header: ["a"], checks: [.detect])
        for (line, v) in values.enumerated() {
            fresh.add(CSVRecord(fields: [v], line: line + 2, badEncodingField: nil))
            fresh.memo = [[:]]   // nothing remembered: every value through the detectors
        }
        #expect(scan.report() == fresh.report())
        #expect(Set(scan.report().findings.map(\.kind)) == [.personName, .postcode, .nhsNumber, .fullDate])
        #expect(!scan.report().isClean, "and the seeded identifiers are found")
    }
}
