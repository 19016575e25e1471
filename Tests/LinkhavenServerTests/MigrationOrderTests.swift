import Fluent
import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing

/// The order the schema was built in can be read from the tree: `Migrations/NNN_Name.swift`, numbered
/// from 001 without gaps, each holding the step `Migrations.all` runs in that place.
@Suite struct MigrationOrderTests {
    @Test func theNumberedFilesAreTheStepsInTheirOrder() throws {
        let folder = "Sources/LinkhavenServer/Migrations"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.first?.isNumber == true }.sorted()
        let numbered = files.compactMap { f -> (Int, String)? in
            let parts = f.dropLast(".swift".count).split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 3, let n = Int(parts[0]) else { return nil }
            return (n, String(parts[1]))
        }
        #expect(numbered.count == files.count, "every file is NNN_Name.swift: \(files)")
        #expect(numbered.map(\.0) == Array(1...max(1, numbered.count)), "numbered from 001 without gaps")
        let steps = Migrations.all.map { String(describing: type(of: $0)) }
        #expect(numbered.map(\.1) == steps, "file names follow Migrations.all")
        for (n, name) in numbered {
            let text = try String(contentsOfFile: "\(folder)/\(String(format: "%03d", n))_\(name).swift", encoding: .utf8)
            #expect(text.contains("struct \(name): AsyncMigration"), "\(name) is defined in its own numbered file")
        }
    }
}
