import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// The linked analysis table of one linkage run: a row per person, with their household and each
/// dataset's agreed attribute columns (the only columns uploads may carry). Built in memory from
/// the run's stored versions, decrypted as they stream; never written out.
struct AnalysisTable: Sendable {
    struct Person: Sendable {
        var household: Int
        /// `dataset.column` → the person's value (the first non-empty one across their records).
        var values: [String: String] = [:]
        var datasets: Set<String> = []
        /// dataset → the source record tokens of the person's records there (for the re-identification loop only).
        var tokens: [String: [String]] = [:]
    }
    var persons: [Int: Person] = [:]
    var households: [Int: [Int]] = [:]
    /// dataset → its attribute columns, in file order.
    var columns: [String: [String]] = [:]
    /// `dataset.column` → what the spec says the column holds (its type and code list), for the breach guard's look at outputs.
    var profiles: [String: OutputColumn] = [:]

    /// Builds the table of a succeeded run.
    static func load(run: LinkageJob, app: Application) async throws -> AnalysisTable {
        let db = app.db, platform = app.platform
        guard run.status == RunStatus.succeeded else { throw Abort(.conflict, reason: "the linkage run has not succeeded") }
        guard let project = try await Project.find(run.projectID, on: db), let spec = try project.registeredSpec() else {
            throw Abort(.conflict, reason: "the project has no registered spec")
        }
        let rekey = try platform.rekey(project)
        var placed: [String: (Int, Int)] = [:]
        for r in try await LinkedRecord.query(on: db).filter(\.$runID == run.requireID()).all() { placed[r.recordKey] = (r.person, r.household) }
        var table = AnalysisTable()
        for input in try JSONDecoder().decode([RunInput].self, from: Data(run.inputs.utf8)) {
            guard let v = try await DatasetVersion.find(input.version, on: db), !v.wrappedKey.isEmpty else {
                throw Abort(.conflict, reason: "dataset '\(input.dataset)' version \(input.number) has been destroyed; run linkage again")
            }
            let agreed = (spec.outputColumns(of: input.dataset) ?? []).filter { !$0.kind.isPseudonym }
            let attributes = Set(agreed.map(\.name))
            for c in agreed { table.profiles[input.dataset + "." + c.name] = c }
            let sealed = try platform.open(v)
            let reader = CSVReader(chunks: { try sealed.next() })
            guard let header = try reader.next()?.fields, let rt = header.firstIndex(of: "record_token") else { continue }
            let wanted = header.indices.filter { attributes.contains(header[$0]) }
            table.columns[input.dataset] = wanted.map { header[$0] }
            while let row = try reader.next() {
                guard let (person, household) = placed[rekey.recordKey(row.fields[rt])] else { continue }
                var p = table.persons[person] ?? Person(household: household)
                p.datasets.insert(input.dataset)
                p.tokens[input.dataset, default: []].append(row.fields[rt])
                for i in wanted where p.values[input.dataset + "." + header[i], default: ""].isEmpty {
                    p.values[input.dataset + "." + header[i]] = row.fields[i]
                }
                table.persons[person] = p
            }
        }
        for (id, p) in table.persons { table.households[p.household, default: []].append(id) }
        return table
    }

    /// The values a variable takes for a person: `in:D` (Y/N, the person is in dataset D), `hh:D`
    /// (Y/N, someone in their household is), `D.column` (their value), `hh:D.column` (every
    /// household member's value).
    ///
    /// Across datasets (the resilience view, 001 ¶13): `services` (how many of the run's datasets know the
    /// person: 1, 2 or 3+), `hh:services` (how many know anyone in their household), `any:column` (the
    /// person's first non-empty value of that column in any dataset, in dataset order, e.g. `any:small_area`).
    func values(_ variable: String, _ id: Int) -> [String] {
        guard let p = persons[id] else { return [] }
        if variable == Self.services { return [Self.servicesBand(p.datasets.count)] }
        if variable == "hh:" + Self.services {
            let known = (households[p.household] ?? []).compactMap { persons[$0]?.datasets }.reduce(into: Set<String>()) { $0.formUnion($1) }
            return [Self.servicesBand(known.count)]
        }
        if variable.hasPrefix("any:") {
            let column = variable.dropFirst(4)
            return [p.datasets.sorted().lazy.compactMap { p.values[$0 + "." + column] }.first { !$0.isEmpty } ?? ""]
        }
        if variable.hasPrefix("in:") { return [p.datasets.contains(String(variable.dropFirst(3))) ? "Y" : "N"] }
        if variable.hasPrefix("hh:") {
            let rest = String(variable.dropFirst(3)), members = (households[p.household] ?? []).compactMap { persons[$0] }
            if !rest.contains(".") { return [members.contains { $0.datasets.contains(rest) } ? "Y" : "N"] }
            return members.compactMap { $0.values[rest] }.filter { !$0.isEmpty }
        }
        return [p.values[variable] ?? ""]
    }

    /// What the spec says of the column behind `variable` (`D.column`, `hh:D.column`, `any:column`), if it is one.
    func profile(of variable: String) -> OutputColumn? {
        let name = variable.hasPrefix("hh:") ? String(variable.dropFirst(3)) : variable
        if name.hasPrefix("any:") {
            let column = name.dropFirst(4)
            return columns.keys.sorted().lazy.compactMap { self.profiles[$0 + "." + column] }.first
        }
        return profiles[name]
    }

    /// Whether a variable names something this table has.
    func knows(_ variable: String) -> Bool {
        if variable == Self.services || variable == "hh:" + Self.services { return true }
        if variable.hasPrefix("any:") { return columns.values.contains { $0.contains(String(variable.dropFirst(4))) } }
        let bare = variable.hasPrefix("in:") || variable.hasPrefix("hh:") ? String(variable.dropFirst(3)) : variable
        guard let dot = bare.firstIndex(of: ".") else { return columns[bare] != nil }
        return columns[String(bare[..<dot])]?.contains(String(bare[bare.index(after: dot)...])) == true && !variable.hasPrefix("in:")
    }

    /// The variable counting the services (datasets) that know a person.
    static let services = "services"

    /// A count of services as the resilience view bands it: 1, 2 or 3+ (0 for no one).
    static func servicesBand(_ n: Int) -> String { n >= 3 ? "3+" : String(n) }

    /// Whether a variable draws on every dataset of the run (`services`, `hh:services`, `any:column`).
    static func drawsOnEveryDataset(_ variable: String) -> Bool {
        variable == services || variable == "hh:" + services || variable.hasPrefix("any:")
    }

    /// The dataset a variable draws on ("" for one drawing on every dataset).
    static func dataset(of variable: String) -> String {
        if drawsOnEveryDataset(variable) { return "" }
        let bare = variable.hasPrefix("in:") || variable.hasPrefix("hh:") ? String(variable.dropFirst(3)) : variable
        return String(bare.split(separator: ".").first ?? "")
    }
}
