import Foundation
import Testing

/// End-to-end: generate a synthetic partnership, pseudonymise it with its own spec, score a result.
@Suite("linkhaven synth and evaluate (end to end)")
struct SynthWorkflowTests {
    @Test func synthPseudonymiseEvaluate() throws {
        let cli = try CLIRunner()
        let s = try cli.run(["synth", "--out", "town", "--households", "400", "--format", "json"])
        #expect(s.status == 0, "\(s.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as! [String: Any]
        #expect((summary["households"] as! Int) == 400)
        #expect(try cli.run(["synth", "--out", "town", "--households", "400"]).status != 0, "never overwrites without --force")

        try cli.run(["key", "generate", "--out", "p.key"])
        try cli.run(["key", "generate", "--out", "v.key"])
        for d in ["housing", "social_care", "school_readiness", "youth_offending", "drug_alcohol", "police"] {
            let p = try cli.run(["pseudonymise", "town/\(d).csv", "--spec", "town/spec.json", "--dataset", d, "--key", "p.key", "--vault-key", "v.key"])
            #expect(p.status == 0, "\(d): \(p.stderr)")
            #expect(try cli.run(["check", "town/\(d).pseudo.csv"]).status == 0, "\(d) is clean after pseudonymisation")
        }

        // A result that puts each record in its true household, scored at person and household level.
        let truth = try cli.read("town/truth.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        try cli.write("households.csv", "dataset,record_id,cluster_id\n" + truth.map { "\($0[0]),\($0[1]),h\($0[3])" }.joined(separator: "\n") + "\n")
        let household = try cli.run(["evaluate", "households.csv", "--truth", "town/truth.csv", "--level", "household", "--format", "json"])
        #expect(household.status == 0, "\(household.stderr)")
        let hh = try JSONSerialization.jsonObject(with: Data(household.stdout.utf8)) as! [String: Any]
        #expect(((hh["overall"] as! [String: Any])["f1"] as! Double) == 1)
        let person = try cli.run(["evaluate", "households.csv", "--truth", "town/truth.csv", "--format", "text"])
        #expect(person.status == 0 && person.stdout.contains("person-level linkage") && person.stdout.contains("housing ~ police"))

        try cli.write("bad.csv", "dataset,record_id,cluster_id\nhousing,HB1\n")
        let bad = try cli.run(["evaluate", "bad.csv", "--truth", "town/truth.csv"])
        #expect(bad.status != 0 && bad.stderr.contains("line 2"))
        #expect(try cli.run(["evaluate", "households.csv", "--truth", "town/truth.csv", "--level", "street"]).stderr.contains("unknown level"))
    }

    @Test func corruptionIsTunablePerProvider() throws {
        let cli = try CLIRunner()
        try cli.write("dups.json", "{\"police\": {\"duplicate\": 1.0}}")
        let plain = try cli.run(["synth", "--out", "a", "--households", "600", "--format", "json"])
        let dups = try cli.run(["synth", "--out", "b", "--households", "600", "--corruption", "dups.json", "--format", "json"])
        #expect(plain.status == 0 && dups.status == 0, "\(dups.stderr)")
        func records(_ r: CLIRunner.Result, _ d: String) throws -> Int {
            ((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["records"] as! [String: Int])[d]!
        }
        #expect(try records(dups, "police") > records(plain, "police") * 3 / 2, "every police subject recorded twice")
        #expect(try records(dups, "housing") == records(plain, "housing"), "other providers unchanged")
        try cli.write("typo.json", "{\"police\": {\"duplicates\": 1.0}}")
        let typo = try cli.run(["synth", "--out", "c", "--households", "10", "--corruption", "typo.json"])
        #expect(typo.status != 0 && typo.stderr.contains("unknown rate 'duplicates'") && !typo.stderr.contains("Usage"))
    }
}
