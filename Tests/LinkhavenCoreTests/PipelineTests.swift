import Foundation
import Testing
@testable import LinkhavenCore

/// End-to-end tests of the pseudonymisation pipeline in Core: plan, job, vault.
@Suite("Pseudonymisation pipeline")
struct PipelineTests {
    static let spec = """
        { "format": "linkhaven-spec/1", "project": "vange", "version": 1, "datasets": [
          { "name": "housing", "recordId": "claim_ref", "columns": [
              { "column": "forename", "field": "given_name", "role": "identifier", "normaliser": "name" },
              { "column": "surname", "role": "identifier", "normaliser": "name", "nameParts": true },
              { "column": "dob", "field": "date_of_birth", "role": "identifier", "normaliser": "date", "required": true },
              { "column": "address", "role": "identifier", "normaliser": "address" },
              { "column": "dob2", "role": "quasiIdentifier", "normaliser": "date",
                "generalise": { "to": "ageBand", "referenceDate": "2026-09-01", "bands": [0, 5, 11, 16, 18] } },
              { "column": "pc", "role": "quasiIdentifier", "normaliser": "postcode", "generalise": { "to": "lookup",
                "lookup": { "file": "lsoa.csv", "key": "pcd", "value": "lsoa" } } },
              { "column": "arrears", "role": "attribute" } ],
            "clks": [ { "name": "person_clk", "fields": [ { "field": "given_name" }, { "field": "surname" },
              { "field": "date_of_birth", "q": 1, "positional": true } ] } ],
            "blockingKeys": [ { "name": "bk_sx_yob", "parts": [ { "field": "surname", "transform": "soundex" },
              { "field": "date_of_birth", "transform": "year" } ] },
              { "name": "bk_district", "parts": [ { "field": "address", "transform": "district" } ] } ],
            "digests": [ { "name": "op_digest", "columns": ["dob", "surname"], "saltFile": "salt.txt" } ] },
          { "name": "school", "recordId": "pupil_id", "columns": [
              { "column": "first_name", "field": "given_name", "role": "identifier", "normaliser": "name" },
              { "column": "last_name", "field": "surname", "role": "identifier", "normaliser": "name" },
              { "column": "date_of_birth", "role": "identifier", "normaliser": "date" } ] } ] }
        """

    final class Fixture {
        let dir: String
        let project = SecretKey(bytes: Array(repeating: 1, count: 32))
        let vaultKey = SecretKey(bytes: Array(repeating: 2, count: 32))
        let spec: LinkageSpec
        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("lhpipe-\(UUID())").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "pcd,lsoa\nSS14 1DL,E01021234\nSS16 4AB,E01021299\n".write(toFile: dir + "/lsoa.csv", atomically: true, encoding: .utf8)
            try "mackerel\n".write(toFile: dir + "/salt.txt", atomically: true, encoding: .utf8)
            chmod(dir + "/salt.txt", 0o600)
            spec = try SpecLoader.load(data: Data(PipelineTests.spec.utf8), file: "spec.json")
        }
        deinit { try? FileManager.default.removeItem(atPath: dir) }

        func run(_ dataset: String, _ csv: String, policy: ProblemPolicy = .blank, project: SecretKey? = nil,
                 workers: Int = 2) throws -> (rows: [[String]], header: [String], problems: [RowProblem], summary: PseudonymisationSummary) {
            let input = dir + "/\(dataset).csv"
            try csv.write(toFile: input, atomically: true, encoding: .utf8)
            let reader = try CSVReader(path: input)
            let header = try reader.next()!.fields
            let plan = try DatasetPlan(spec: spec, dataset: spec.datasets.first { $0.name == dataset }!, header: header,
                                       projectSecret: project ?? self.project, vaultSecret: vaultKey, specDirectory: dir)
            let out = CSVWriter(file: try AtomicFileWriter(path: dir + "/\(dataset).out.csv", overwrite: true))
            let vault = try VaultWriter(path: dir + "/\(dataset).vault", header: Vault.Header(dataset: dataset, project: "vange",
                                        vaultKeyFingerprint: vaultKey.fingerprint), secret: vaultKey, overwrite: true)
            var problems: [RowProblem] = []
            let summary = try PseudonymisationJob(plan: plan, policy: policy, workers: workers, batchSize: 3).run(
                reader: reader, totalBytes: 0, output: out, problems: { problems.append($0) }, vault: vault, progress: { _ in })
            let back = try CSVReader(path: dir + "/\(dataset).out.csv")
            let outHeader = try back.next()!.fields
            var rows: [[String]] = []
            while let r = try back.next() { rows.append(r.fields) }
            return (rows, outHeader, problems, summary)
        }
    }

    static let housing = """
        claim_ref,forename,surname,dob,address,dob2,pc,arrears,notes
        H1,Jonathan,Smith-Jones,14/03/2019,"Flat 2, 14 High St, Basildon, SS14 1DL",14/03/2019,ss14 1dl,120.50,rent late
        H2,Amelia,Patel,31/02/2018,"3 Church Rd, Vange, SS16 4AB",02/01/2015,SS16 4AB,0,
        H3,Ann,Lee,2017-06-01,"5 Mill Lane, Pitsea",01/06/2017,XX1 1XX,10,

        """
    static let school = """
        pupil_id,first_name,last_name,date_of_birth
        P9,JONATHAN,smith jones,2019-03-14
        P8,Ann,Lee,01/06/2017

        """

    @Test func providersWithTheSameKeyGetTheSameTokens() throws {
        let f = try Fixture()
        let h = try f.run("housing", Self.housing)
        let s = try f.run("school", Self.school)
        func col(_ r: (rows: [[String]], header: [String], problems: [RowProblem], summary: PseudonymisationSummary), _ name: String) -> [String] {
            let i = r.header.firstIndex(of: name)!
            return r.rows.map { $0[i] }
        }
        #expect(col(h, "given_name_token")[0] == col(s, "given_name_token")[0])
        #expect(col(h, "surname_token")[0] == col(s, "surname_token")[0])
        #expect(col(h, "date_of_birth_token")[0] == col(s, "date_of_birth_token")[0])
        #expect(col(h, "date_of_birth_token")[2] == col(s, "date_of_birth_token")[1])
        #expect(col(h, "record_token")[0] != col(s, "record_token")[0])
        let other = try f.run("school", Self.school, project: SecretKey(bytes: Array(repeating: 9, count: 32)))
        #expect(col(other, "surname_token")[0] != col(s, "surname_token")[0], "another project secret, other pseudonyms")
    }

    @Test func outputHasTheAgreedColumnsAndNoIdentifiers() throws {
        let f = try Fixture()
        let h = try f.run("housing", Self.housing)
        #expect(h.header == ["record_token", "given_name_token", "surname_token", "surname_parts", "date_of_birth_token", "address_token",
                             "person_clk", "bk_sx_yob", "bk_district", "op_digest", "dob2", "pc", "arrears"])
        #expect(h.rows.count == 3)
        #expect(h.rows[0].suffix(3) == ["5-10", "E01021234", "120.50"])
        #expect(h.rows[1].suffix(3) == ["11-15", "E01021299", "0"])
        #expect(h.rows[0][3].split(separator: " ").count == 2, "one token per name part")
        let text = try String(contentsOfFile: f.dir + "/housing.out.csv", encoding: .utf8)
        for raw in ["Jonathan", "Smith", "14/03/2019", "High", "SS14 1DL", "rent late", "H1", "Patel"] {
            #expect(!text.localizedCaseInsensitiveContains(raw), "\(raw) leaked")
        }
        let scan = try IdentifierScanner.scan(reader: CSVReader(path: f.dir + "/housing.out.csv"))
        #expect(scan.isClean, "\(scan.findings)")
    }

    @Test func problemsAreCountedByLineAndColumnNeverByValue() throws {
        let f = try Fixture()
        let h = try f.run("housing", Self.housing)
        #expect(h.problems == [
            RowProblem(line: 3, column: "dob", reason: "is not a real calendar date"),
            RowProblem(line: 4, column: "pc", reason: "is not a valid UK postcode"),
        ])
        #expect(h.summary.rows == PseudonymisationManifest.RowCounts(read: 3, written: 3, skipped: 0, withProblems: 2))
        #expect(h.rows[1][4] == "", "the bad date is blanked")
        #expect(h.summary.problemsByColumn == ["dob": 1, "pc": 1])
    }

    @Test func skipRowAndStopPolicies() throws {
        let f = try Fixture()
        let skipped = try f.run("housing", Self.housing, policy: .skipRow)
        #expect(skipped.rows.count == 1 && skipped.summary.rows.skipped == 2)
        #expect(throws: StoppedOnProblem.self) { try f.run("school", Self.school + "P7,Bob,Ray,31/02/2010\n", policy: .stop) }
    }

    @Test func sameResultWithOneWorkerOrMany() throws {
        let f = try Fixture()
        let one = try f.run("housing", Self.housing, workers: 1)
        let three = try f.run("housing", Self.housing, workers: 3)
        #expect(one.rows == three.rows)
    }

    @Test func wrongWidthRowsAreSkippedAndMissingColumnsNamed() throws {
        let f = try Fixture()
        let r = try f.run("school", "pupil_id,first_name,last_name,date_of_birth\nP1,Ann,Lee\n")
        #expect(r.problems.first?.column == "(row)" && r.summary.rows.skipped == 1)
        #expect(throws: PlanError.self) { try f.run("school", "pupil_id,first_name,surname,date_of_birth\n") }
        do { _ = try f.run("school", "pupil_id,first_name,surname,date_of_birth\n") } catch {
            #expect("\(error)".contains("'last_name'"))
        }
    }

    @Test func saltFileMustBePrivate() throws {
        let f = try Fixture()
        chmod(f.dir + "/salt.txt", 0o644)
        #expect(throws: KeyError.self) { try f.run("housing", Self.housing) }
    }

    @Test func vaultRoundTripsAndDetectsTampering() throws {
        let f = try Fixture()
        let h = try f.run("housing", Self.housing)
        var entries: [VaultEntry] = []
        _ = try VaultReader.forEach(path: f.dir + "/housing.vault", secret: f.vaultKey) { entries.append($0) }
        #expect(entries.map(\.recordId) == ["H1", "H2", "H3"])
        #expect(entries.map { $0.tokens[0] } == h.rows.map { $0[0] })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: f.dir + "/housing.vault"))
        let tampered = f.dir + "/t.vault"
        bytes[bytes.count - 5] ^= 1
        try bytes.write(to: URL(fileURLWithPath: tampered))
        #expect(throws: VaultError.self) { try VaultReader.forEach(path: tampered, secret: f.vaultKey) { _ in } }
        let original = try Data(contentsOf: URL(fileURLWithPath: f.dir + "/housing.vault"))
        try original.prefix(original.count - 20).write(to: URL(fileURLWithPath: tampered))
        #expect(throws: VaultError.self) { try VaultReader.forEach(path: tampered, secret: f.vaultKey) { _ in } }
        #expect(throws: VaultError.self) { try VaultReader.forEach(path: f.dir + "/housing.vault", secret: f.project) { _ in } }
        let raw = String(decoding: original, as: UTF8.self)
        #expect(!raw.contains("H1") || !raw.contains("H2"), "record ids are encrypted")
    }
}

@Suite("Early stop on a mostly unusable column")
struct UnusableColumnWatchTests {
    let spec = DatasetSpec(name: "x", recordId: "id", columns: [
        ColumnSpec(column: "postcode", role: .quasiIdentifier, normaliser: .postcode,
                   generalise: Generalisation(to: "lookup", lookup: LookupSpec(file: "lsoa.csv", key: "pcd", value: "lsoa"))),
        ColumnSpec(column: "dob", role: .identifier, normaliser: .date)])

    @Test func stopsOnlyWhenMoreThanTheLimitOfRowsFailInOneColumn() {
        var w = UnusableColumnWatch(limit: 0.5, minimumRows: 20, spec: spec)
        for line in 0..<10 { w.add(RowProblem(line: line, column: "postcode", reason: "has a postcode that is not in the lookup")) }
        #expect(w.check(rows: 19) == nil, "too few rows to judge")
        #expect(w.check(rows: 20) == nil, "half is not most")
        w.add(RowProblem(line: 11, column: "postcode", reason: "is not a valid UK postcode"))
        let stop = w.check(rows: 20)
        #expect(stop?.column == "postcode" && stop?.failed == 11 && stop?.reason == "has a postcode that is not in the lookup")
        #expect(stop?.likelyCause.contains("'lsoa.csv'") == true)
        for line in 0..<15 { w.add(RowProblem(line: line, column: "dob", reason: "is not a date")) }
        #expect(w.check(rows: 1000) == nil, "11 and 15 of 1,000 rows are not most")
        #expect(ColumnMostlyUnusable.likelyCause(of: "is not a date", column: [spec.columns[1]]).contains("dates"))
    }
}
