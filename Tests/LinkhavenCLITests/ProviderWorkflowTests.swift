import Foundation
import Testing

/// End-to-end: the README's provider workflow, run through the real binary.
@Suite("linkhaven provider workflow (end to end)")
struct ProviderWorkflowTests {
    func setUp() throws -> CLIRunner {
        let cli = try CLIRunner()
        for f in ["spec.json", "housing.csv", "school.csv", "lsoa-lookup.csv"] { try cli.copySample(f) }
        #expect(try cli.run(["key", "generate", "--out", "project.key"]).status == 0)
        #expect(try cli.run(["key", "generate", "--out", "vault.key"]).status == 0)
        return cli
    }

    @Test func generateKeyPseudonymiseCheckAndReidentify() throws {
        let cli = try CLIRunner()
        for f in ["spec.json", "housing.csv", "lsoa-lookup.csv"] { try cli.copySample(f) }
        let gen = try cli.run(["key", "generate", "--out", "project.key"])
        #expect(gen.status == 0 && gen.stdout.contains("Fingerprint: lh1:"))
        let mode = (try FileManager.default.attributesOfItem(atPath: cli.path("project.key"))[.posixPermissions] as! NSNumber).intValue
        #expect(mode == 0o600)
        #expect(try cli.run(["key", "generate", "--out", "project.key"]).status != 0, "never overwrites a key")
        try cli.run(["key", "generate", "--out", "vault.key"])

        let p = try cli.run(["pseudonymise", "housing.csv", "--spec", "spec.json", "--dataset", "housing", "--key", "project.key",
                             "--vault-key", "vault.key"])
        #expect(p.status == 0, "\(p.stderr)")
        for f in ["housing.pseudo.csv", "housing.pseudo.manifest.json", "housing.vault", "housing.problems.csv"] { #expect(cli.exists(f), "\(f)") }

        let manifest = try JSONSerialization.jsonObject(with: Data(try cli.read("housing.pseudo.manifest.json").utf8)) as! [String: Any]
        let rows = manifest["rows"] as! [String: Int]
        #expect(rows["read"] == 30 && rows["written"] == 30 && rows["withProblems"] == 2)
        #expect((manifest["keyFingerprint"] as! String).hasPrefix("lh1:"))
        #expect((manifest["droppedColumns"] as! [String]) == ["notes"])
        let output = try cli.read("housing.pseudo.csv")
        let fingerprint = try cli.run(["key", "fingerprint", "project.key", "--spec", "spec.json"]).stdout
        #expect(fingerprint.contains(manifest["keyFingerprint"] as! String), "the manifest records the project key's fingerprint")
        #expect(!output.contains(try cli.read("project.key").split(separator: " ").last!.trimmingCharacters(in: .whitespacesAndNewlines)))

        #expect(try cli.read("housing.problems.csv") == "line,column,reason\n9,dob,is not a real calendar date\n13,postcode,is not a valid UK postcode\n")

        let cleanCheck = try cli.run(["check", "housing.pseudo.csv", "--format", "text"])
        #expect(cleanCheck.status == 0 && cleanCheck.stdout.contains("nothing that looks like an identifier"))
        let rawCheck = try cli.run(["check", "housing.csv", "--format", "text"])
        #expect(rawCheck.status == 1)
        #expect(rawCheck.stdout.contains("column 'surname'") && rawCheck.stdout.contains("full postcode"))
        #expect(rawCheck.stdout.contains("column 'forename': 30 × person name — the whole column (lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …)"), "\(rawCheck.stdout)")
        for value in ["Turner", "SS16 4AB", "27/05/2021", "Long Riding"] { #expect(!rawCheck.stdout.contains(value), "check never echoes values") }

        // The platform returns two record tokens; only this provider's vault turns them back into record ids.
        let tokens = output.split(separator: "\n").dropFirst().prefix(2).map { String($0.split(separator: ",")[0]) }
        try cli.write("returned.txt", tokens.joined(separator: "\n") + "\n")
        let re = try cli.run(["reidentify", "returned.txt", "--vault", "housing.vault", "--vault-key", "vault.key", "--out", "ids.csv"])
        #expect(re.status == 0, "\(re.stderr)")
        #expect(try cli.read("ids.csv") == "token,record_id\n\(tokens[0]),HB1000\n\(tokens[1]),HB1001\n")
        #expect(re.stderr.contains("Re-identified 2 of 2"))
        let wrong = try cli.run(["reidentify", "returned.txt", "--vault", "housing.vault", "--vault-key", "project.key"])
        #expect(wrong.status != 0 && wrong.stderr.contains("cannot be opened with this vault key"))
    }

    /// As the README runs it: the extract stays where it is (e.g. a read-only share) and every file is written
    /// where --out points, nothing beside the input.
    @Test func everyFileGoesWhereTheOutputGoes() throws {
        let cli = try CLIRunner()
        for f in ["spec.json", "housing.csv", "lsoa-lookup.csv"] { try cli.copySample(f) }
        try FileManager.default.createDirectory(atPath: cli.path("out"), withIntermediateDirectories: true)
        try cli.run(["key", "generate", "--out", "project.key"])
        try cli.run(["key", "generate", "--out", "vault.key"])
        let p = try cli.run(["pseudonymise", "housing.csv", "--spec", "spec.json", "--dataset", "housing", "--key", "project.key",
                             "--vault-key", "vault.key", "--out", "out/housing.pseudo.csv"])
        #expect(p.status == 0, "\(p.stderr)")
        for f in ["housing.pseudo.csv", "housing.pseudo.manifest.json", "housing.vault", "housing.problems.csv"] {
            #expect(cli.exists("out/" + f), "\(f)")
            #expect(!cli.exists(f), "\(f) beside the input")
        }
    }

    @Test func twoProvidersGetMatchingTokensForTheSamePeople() throws {
        let cli = try setUp()
        #expect(try cli.run(["pseudonymise", "housing.csv", "--spec", "spec.json", "--dataset", "housing", "--key", "project.key", "--vault-key", "vault.key"]).status == 0)
        try cli.run(["key", "generate", "--out", "school-vault.key"])
        let s = try cli.run(["pseudonymise", "school.csv", "--spec", "spec.json", "--dataset", "school_readiness", "--key", "project.key",
                             "--vault-key", "school-vault.key", "--format", "json"])
        #expect(s.status == 0, "\(s.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as! [String: Any]
        #expect(((report["manifest"] as! [String: Any])["rows"] as! [String: Int])["written"] == 30)
        func column(_ file: String, _ name: String) throws -> [String] {
            let lines = try cli.read(file).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let i = lines[0].firstIndex(of: name)!
            return lines.dropFirst().map { $0[i] }
        }
        let housing = Set(zip(try column("housing.pseudo.csv", "given_name_token"), try column("housing.pseudo.csv", "date_of_birth_token")).map { "\($0)|\($1)" })
        let school = zip(try column("school.pseudo.csv", "given_name_token"), try column("school.pseudo.csv", "date_of_birth_token")).map { "\($0)|\($1)" }
        #expect(school.filter(housing.contains).count == 19, "the 20 shared children, less the one with a typo in her name")
    }

    @Test func badInputGivesClearErrorsAndLosesNothing() throws {
        let cli = try setUp()
        let base = ["--spec", "spec.json", "--dataset", "housing", "--key", "project.key", "--vault-key", "vault.key"]
        // A spec typo names its line.
        try cli.write("typo.json", try cli.read("spec.json").replacingOccurrences(of: "\"nameParts\": true }", with: "\"nameParts\": true, \"normalizer\": \"x\" }"))
        let typo = try cli.run(["pseudonymise", "housing.csv", "--spec", "typo.json", "--dataset", "housing", "--key", "project.key", "--vault-key", "vault.key"])
        #expect(typo.status != 0 && typo.stderr.contains("typo.json:12: unknown key 'normalizer'"), "\(typo.stderr)")
        // A missing column is named.
        try cli.write("nosurname.csv", try cli.read("housing.csv").replacingOccurrences(of: "forename,surname,", with: "forename,family_name,"))
        let missing = try cli.run(["pseudonymise", "nosurname.csv"] + base)
        #expect(missing.status != 0 && missing.stderr.contains("'surname'"))
        // A broken CSV fails and leaves no output behind.
        try cli.write("broken.csv", try cli.read("housing.csv") + "HB9,\"Unclosed,Smith,01/01/2020,x,SS16 4AB,A,0,no,\n")
        let broken = try cli.run(["pseudonymise", "broken.csv"] + base)
        #expect(broken.status != 0 && broken.stderr.contains("line 32"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.dir).filter { $0.contains("broken.") }
        #expect(leftovers == ["broken.csv"], "\(leftovers)")
        // Stop policy: nothing written.
        let stop = try cli.run(["pseudonymise", "housing.csv", "--on-problem", "stop"] + base)
        #expect(stop.status != 0 && stop.stderr.contains("line 9, column 'dob'") && !cli.exists("housing.pseudo.csv"))
        // Existing outputs are never replaced without --force.
        #expect(try cli.run(["pseudonymise", "housing.csv"] + base).status == 0)
        let before = try cli.read("housing.pseudo.csv")
        let again = try cli.run(["pseudonymise", "housing.csv"] + base)
        #expect(again.status != 0 && again.stderr.contains("--force"))
        #expect(try cli.read("housing.pseudo.csv") == before)
        // The same key for both roles is refused.
        let same = try cli.run(["pseudonymise", "housing.csv", "--spec", "spec.json", "--dataset", "housing", "--key", "project.key", "--vault-key", "project.key", "--force"])
        #expect(same.status != 0 && same.stderr.contains("vault key must be your own"))
        // No error message repeats a value from the data.
        for r in [typo, missing, broken, stop, again, same] {
            for value in ["Turner", "SS16", "Long Riding", "HB10"] { #expect(!r.stderr.contains(value)) }
        }
    }

    @Test func machineReadableWhenNotATerminal() throws {
        let cli = try setUp()
        let r = try cli.run(["check", "housing.csv"])
        #expect(r.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(json["rows"] as? Int == 30)
        #expect(r.stderr.isEmpty, "no progress bar when not a terminal")
    }

    @Test func helpAndVersion() throws {
        let cli = try CLIRunner()
        let help = try cli.run(["--help"])
        for sub in ["key", "pseudonymise", "check", "reidentify", "spec", "bench"] { #expect(help.stdout.contains(sub)) }
        #expect(try cli.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }
}

/// A lookup that does not cover the extract (the wrong file beside the spec): the run stops at once,
/// naming the column, the count and the likely cause, and writes nothing, unless told to go on.
@Suite("linkhaven pseudonymise stops early on a mostly unusable column")
struct UnusableColumnTests {
    @Test func aLookupThatCoversNothingStopsTheRunUnlessToldToGoOn() throws {
        let cli = try CLIRunner()
        for f in ["spec.json", "school.csv"] { try cli.copySample(f) }
        try cli.write("lsoa-lookup.csv", "pcd,lsoa11cd\nZZ99 9ZZ,E01000001\n")   // another area's lookup
        try cli.run(["key", "generate", "--out", "project.key"])
        try cli.run(["key", "generate", "--out", "vault.key"])
        let args = ["pseudonymise", "school.csv", "--spec", "spec.json", "--dataset", "school_readiness", "--key", "project.key", "--vault-key", "vault.key"]
        let stopped = try cli.run(args)
        #expect(stopped.status != 0)
        #expect(stopped.stderr.contains("column 'home_address'") && stopped.stderr.contains("not in the lookup"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("the lookup file 'lsoa-lookup.csv'") && stopped.stderr.contains("--keep-going"), "\(stopped.stderr)")
        #expect(stopped.stderr.range(of: #"\d+ of them"#, options: .regularExpression) != nil, "it gives the count: \(stopped.stderr)")
        for f in ["school.pseudo.csv", "school.pseudo.manifest.json", "school.vault", "school.problems.csv"] { #expect(!cli.exists(f), "nothing written: \(f)") }
        let goOn = try cli.run(args + ["--keep-going"])
        #expect(goOn.status == 0 && cli.exists("school.pseudo.csv"), "\(goOn.stderr)")
    }
}
