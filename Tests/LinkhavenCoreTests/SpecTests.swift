import Foundation
import Testing
@testable import LinkhavenCore

@Suite("Linkage spec")
struct SpecTests {
    static let valid = """
        {
          "format": "linkhaven-spec/1",
          "project": "vange",
          "version": 2,
          "datasets": [
            {
              "name": "housing",
              "recordId": "claim_ref",
              "columns": [
                { "column": "surname", "role": "identifier", "normaliser": "name", "nameParts": true },
                { "column": "dob", "field": "date_of_birth", "role": "identifier", "normaliser": "date" },
                { "column": "postcode", "role": "quasiIdentifier", "normaliser": "postcode", "generalise": { "to": "sector" } },
                { "column": "arrears", "role": "attribute" }
              ],
              "clks": [ { "name": "clk", "fields": [ { "field": "surname" }, { "field": "date_of_birth", "q": 1, "positional": true } ] } ],
              "blockingKeys": [ { "name": "bk", "parts": [ { "field": "surname", "transform": "soundex" } ] } ]
            }
          ]
        }
        """

    func load(_ text: String) throws -> LinkageSpec { try SpecLoader.load(data: Data(text.utf8), file: "spec.json") }

    func error(_ text: String) -> SpecError? {
        do { _ = try load(text); return nil } catch let e as SpecError { return e } catch { return nil }
    }

    @Test func loadsAValidSpec() throws {
        let s = try load(Self.valid)
        #expect(s.project == "vange" && s.version == 2)
        #expect(s.datasets[0].columns[1].fieldName == "date_of_birth")
    }

    @Test func unknownKeyNamesLineAndSuggests() throws {
        let bad = Self.valid.replacingOccurrences(of: "\"normaliser\": \"date\"", with: "\"normalizer\": \"date\"")
        let e = try #require(error(bad))
        #expect(e.line == 11)
        #expect(e.message.contains("unknown key 'normalizer'") && e.message.contains("did you mean 'normaliser'"))
    }

    @Test func wrongTypeNamesLine() throws {
        let e = try #require(error(Self.valid.replacingOccurrences(of: "\"version\": 2", with: "\"version\": \"two\"")))
        #expect(e.line == 4 && e.message.contains("version should be a number"))
    }

    @Test func missingKey() throws {
        let e = try #require(error(Self.valid.replacingOccurrences(of: "\"project\": \"vange\",", with: "")))
        #expect(e.message.contains("missing required key 'project'"))
    }

    @Test func badEnumListsChoices() throws {
        let e = try #require(error(Self.valid.replacingOccurrences(of: "\"normaliser\": \"name\"", with: "\"normaliser\": \"surname\"")))
        #expect(e.line == 10 && e.message.contains("use one of: name, date"))
    }

    @Test func syntaxErrorNamesLine() throws {
        let e = try #require(error(Self.valid.replacingOccurrences(of: "\"version\": 2,", with: "\"version\": 2")))
        #expect(e.line == 5 && e.message.contains("not valid JSON"))
    }

    @Test func duplicateKeysAreRefused() throws {
        let e = try #require(error(Self.valid.replacingOccurrences(of: "\"version\": 2,", with: "\"version\": 2, \"version\": 3,")))
        #expect(e.message.contains("duplicate key 'version'"))
    }

    @Test func semanticErrorsNameTheirLine() throws {
        let cases: [(String, String, Int, String)] = [
            ("\"role\": \"identifier\", \"normaliser\": \"name\", \"nameParts\": true", "\"role\": \"identifier\"", 10, "needs a normaliser"),
            ("{ \"to\": \"sector\" }", "{ \"to\": \"year\" }", 12, "can be generalised to"),
            ("{ \"field\": \"surname\" }, {", "{ \"field\": \"forename\" }, {", 15, "not an identifier field"),
            ("\"transform\": \"soundex\"", "\"transform\": \"year\"", 16, "does not apply to a name"),
            ("\"column\": \"arrears\"", "\"column\": \"claim_ref\"", 13, "record id"),
            ("\"linkhaven-spec/1\"", "\"linkhaven-spec/9\"", 2, "format must be"),
        ]
        for (find, replace, line, fragment) in cases {
            let text = Self.valid.replacingOccurrences(of: find, with: replace)
            #expect(text != Self.valid, "fixture edit \(find) applies")
            let e = try #require(error(text), "\(replace)")
            #expect(e.line == line, "\(replace): \(e)")
            #expect(e.message.contains(fragment), "\(replace): \(e)")
        }
    }

    @Test func fieldsMustUseOneNormaliserAcrossDatasets() throws {
        let two = """
            { "format": "linkhaven-spec/1", "project": "p", "version": 1, "datasets": [
              { "name": "a", "columns": [ { "column": "d", "field": "dob", "role": "identifier", "normaliser": "date" } ] },
              { "name": "b", "columns": [ { "column": "d", "field": "dob", "role": "identifier", "normaliser": "text" } ] } ] }
            """
        let e = try #require(error(two))
        #expect(e.line == 3 && e.message.contains("tokens would never match"))
    }

    @Test func benchmarkSpecIsValid() throws {
        _ = try load(BenchmarkPeople.specJSON)
    }
}
