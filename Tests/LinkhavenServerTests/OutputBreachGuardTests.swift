import Foundation
import LinkhavenAPI
import LinkhavenCore
import Testing
@testable import LinkhavenServer

/// The breach guard's third place: an analysis output's categories are data, looked at before
/// anyone sees the table. A name that reached an attribute column withholds the whole table,
/// saying which variable, never the value.
@Suite("Breach guard on analysis outputs")
struct OutputBreachGuardTests {
    /// 200 people: tenure and district for each, in one dataset.
    func table(tenure: (Int) -> String) -> AnalysisTable {
        var t = AnalysisTable()
        let districts = ["Vange", "Langdon Hills", "Pitsea", "Fryerns"], tenures = ["social rented", "private rented", "owner occupied"]
        for id in 0..<200 {
            var p = AnalysisTable.Person(household: id / 3)
            p.datasets = ["housing"]
            p.values = ["housing.tenure": tenure(id) == "" ? tenures[id % 3] : tenure(id), "housing.district": districts[id % 4]]
            t.persons[id] = p
            t.households[id / 3, default: []].append(id)
        }
        t.columns["housing"] = ["tenure", "district"]
        t.profiles["housing.tenure"] = OutputColumn(name: "tenure", kind: .attribute, type: .category, values: tenures)
        return t
    }
    let crosstab = AnalysisDefinition(kind: "crosstab", title: "Tenure by district", population: [Condition(variable: "in:housing", op: "=", value: "Y")],
                                      rows: "housing.district", columns: "housing.tenure")

    @Test func aCleanTableIsShown() throws {
        let r = try AnalysisRunner.run(crosstab, on: table { _ in "" }, rules: DisclosureRules())
        #expect(!r.withheld && r.table != nil && !r.findings.contains { $0.rule == "identifier" })
    }

    @Test func aNameAmongTheCategoriesWithholdsTheTableAndNamesOnlyTheVariable() throws {
        let r = try AnalysisRunner.run(crosstab, on: table { $0 == 57 ? "Okonkwo" : "" }, rules: DisclosureRules())
        #expect(r.withheld && r.table == nil && r.rates == nil)
        #expect(r.findings.map(\.rule) == ["identifier"] && r.findings[0].row == "housing.tenure")
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(!json.contains("Okonkwo"))
        let date = try AnalysisRunner.run(crosstab, on: table { $0 == 9 ? "12/03/2015" : "" }, rules: DisclosureRules())
        #expect(date.withheld && date.findings.first?.action.contains("full date") == true)
    }

    @Test func theSameScanAsAnUpload() {
        #expect(IdentifierScanner.scan(values: ["Y", "N", "Y", "Y", "N", "Y", "Brown", "N", "Y", "N"], column: "flag").map(\.lines) == [[7]])
        #expect(IdentifierScanner.scan(values: Array(repeating: "Langdon Hills", count: 5) + Array(repeating: "Vange", count: 5), column: "district").isEmpty)
        let declared = OutputColumn(name: "whatever", kind: .attribute, type: .category, values: ["Vange", "Pitsea"])
        #expect(IdentifierScanner.scan(values: ["Vange", "Pitsea", "Colquhoun", "Vange"], column: "district", declared: declared).first?.column == "district")
    }
}
