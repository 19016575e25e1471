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
            #expect(try cli.run(["check", "town/\(d).pseudo.csv", "--spec", "town/spec.json"]).status == 0, "\(d) against its spec")
        }
        // One surname pasted into one cell of an agreed code list: found, by line and column, never by value.
        var lines = try cli.read("town/housing.pseudo.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let tenure = lines[0].firstIndex(of: "tenure")!
        lines[5][tenure] = "Okonkwo"
        try cli.write("housing.pseudo.csv", lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n")
        let leak = try cli.run(["check", "housing.pseudo.csv", "--spec", "town/spec.json", "--format", "text"])
        #expect(leak.status == 1 && leak.stdout.contains("column 'tenure': 1 × person name — in single cells (lines 6)"), "\(leak.stdout)")
        #expect(!leak.stdout.contains("Okonkwo") && leak.stdout.contains("correct those lines"))
        let json = try cli.run(["check", "housing.pseudo.csv", "--spec", "town/spec.json", "--format", "json"])
        #expect(json.stdout.contains("\"placement\" : \"singleCells\"") && !json.stdout.contains("Okonkwo"))
        let unnamed = try cli.run(["check", "town/housing.csv", "--spec", "town/spec.json"])
        #expect(unnamed.status != 0 && unnamed.stderr.contains("--dataset") && unnamed.stderr.contains("housing, social_care"), "\(unnamed.stderr)")

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

    @Test func linkPseudonymisedDatasetsAndScoreThem() throws {
        let cli = try CLIRunner()
        #expect(try cli.run(["synth", "--out", "town", "--households", "1500", "--format", "json"]).status == 0)
        try cli.run(["key", "generate", "--out", "p.key"])
        try cli.run(["key", "generate", "--out", "v.key"])
        let datasets = ["housing", "social_care", "school_readiness", "youth_offending", "drug_alcohol", "police"]
        for d in datasets {
            #expect(try cli.run(["pseudonymise", "town/\(d).csv", "--spec", "town/spec.json", "--dataset", d, "--key", "p.key", "--vault-key", "v.key"]).status == 0)
        }
        let link = try cli.run(["link", "town/link-config.json", "--out", "out", "--format", "text"])
        #expect(link.status == 0, "\(link.stderr)")
        #expect(link.stdout.contains("persons") && link.stdout.contains("blocking bk_dob"))
        for f in ["links.csv", "review.csv", "clusters.csv", "model.json", "report.json"] { #expect(cli.exists("out/\(f)"), "\(f)") }
        let report = try JSONSerialization.jsonObject(with: Data(try cli.read("out/report.json").utf8)) as! [String: Any]
        #expect((report["weightHistogram"] as! [Int]).reduce(0, +) > 0)
        // Links name record tokens, never record ids: no field of links.csv is any record id of the truth. (A
        // substring test for "HB1" failed by chance when a random token contained it.)
        let recordIDs = Set(try cli.read("town/truth.csv").split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",")[1]) })
        let linkFields = Set(try cli.read("out/links.csv").split(whereSeparator: \.isNewline).flatMap { $0.split(separator: ",").map(String.init) })
        #expect(recordIDs.count > 1_000 && recordIDs.isDisjoint(with: linkFields), "links name record tokens, never record ids")

        let vaults = datasets.flatMap { ["--vault", "\($0)=town/\($0).vault"] } + ["--vault-key", "v.key"]
        let score = try cli.run(["evaluate", "out/clusters.csv", "--truth", "town/truth.csv", "--format", "json"] + vaults)
        #expect(score.status == 0, "\(score.stderr)")
        let f1 = ((try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as! [String: Any])["overall"] as! [String: Any])["f1"] as! Double
        #expect(f1 > 0.85, "person F1 \(f1)")

        // Any pair can be explained; the waterfall adds up to the weight recorded on the link.
        let first = try cli.read("out/links.csv").split(separator: "\n")[1].split(separator: ",").map(String.init)
        let explain = try cli.run(["explain", "town/link-config.json", "--model", "out/model.json", "--a", "\(first[0]):\(first[1])",
                                   "--b", "\(first[2]):\(first[3])", "--format", "json"])
        #expect(explain.status == 0, "\(explain.stderr)")
        let e = try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as! [String: Any]
        if first[6] == "probabilistic" { #expect(abs((e["totalWeight"] as! Double) - Double(first[5])!) < 0.01) }
        #expect((e["steps"] as! [Any]).count == 5)
        #expect(try cli.run(["explain", "town/link-config.json", "--model", "out/model.json", "--a", "housing:nope", "--b", "police:x"]).stderr.contains("no record with that token"))

        // Reusing the saved model gives the same links without training.
        let again = try cli.run(["link", "town/link-config.json", "--out", "out2", "--model", "out/model.json", "--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try cli.read("out2/links.csv") == cli.read("out/links.csv"))

        // Zero-config: the spec and the files alone (datasets from their manifests); the design explained, and
        // written as a config that reproduces the run.
        let files = datasets.map { "town/\($0).pseudo.csv" }
        let designed = try cli.run(["link", "--spec", "town/spec.json"] + files + ["--out", "zc", "--explain", "--write-config", "zc.json", "--format", "text"])
        #expect(designed.status == 0, "\(designed.stderr)")
        #expect(designed.stdout.contains("Blocking rules") && designed.stdout.contains("✓ ") && designed.stdout.contains("Threshold: links from probability"))
        #expect(cli.exists("zc/design.json") && cli.exists("zc.json"))
        let replay = try cli.run(["link", "zc.json", "--out", "zc2", "--format", "json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(try cli.read("zc2/links.csv") == cli.read("zc/links.csv"), "the written config reproduces the designed run")
        let zscore = try cli.run(["evaluate", "zc/clusters.csv", "--truth", "town/truth.csv", "--format", "json"] + vaults)
        let zf1 = ((try JSONSerialization.jsonObject(with: Data(zscore.stdout.utf8)) as! [String: Any])["overall"] as! [String: Any])["f1"] as! Double
        #expect(zf1 > f1 - 0.02, "zero-config F1 \(zf1) vs the shipped config's \(f1)")
        // Files made with another version of the spec, or without a manifest, are named.
        try cli.write("town/spec2.json", try cli.read("town/spec.json").replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2"))
        let other = try cli.run(["link", "--spec", "town/spec2.json"] + files + ["--out", "zc3"])
        #expect(other.status != 0 && other.stderr.contains("town/housing.pseudo.csv") && other.stderr.contains("version 1"), "\(other.stderr)")
        try cli.write("loose.csv", try cli.read("town/police.pseudo.csv"))
        let loose = try cli.run(["link", "--spec", "town/spec.json", "loose.csv", "--out", "zc4"])
        #expect(loose.status != 0 && loose.stderr.contains("DATASET=loose.csv"), "\(loose.stderr)")
        #expect(try cli.run(["link", "--spec", "town/spec.json", "police=loose.csv", "--out", "zc4", "--format", "json"]).status == 0)

        try cli.write("town/typo.json", try cli.read("town/link-config.json").replacingOccurrences(of: "\"thresholds\"", with: "\"threshold\""))
        let typo = try cli.run(["link", "town/typo.json", "--out", "out3"])
        #expect(typo.status != 0 && typo.stderr.contains("typo.json:") && typo.stderr.contains("did you mean 'thresholds'"), "\(typo.stderr)")
    }
}
