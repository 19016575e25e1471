import ArgumentParser
import LinkhavenCore

/// `linkhaven spec`: check a linkage spec and show what it makes.
struct SpecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec", abstract: "Work with linkage specs.", subcommands: [Validate.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a linkage spec and list each dataset's output columns.")
        @Argument(help: "The spec file.")
        var spec: String

        func run() throws {
            let s = try SpecLoader.load(path: spec)
            print("\(spec): valid (project \(s.project), version \(s.version), \(s.datasets.count) dataset(s))")
            for d in s.datasets {
                let kept = d.columns.filter { $0.role != .drop }
                print("  \(d.name): \(kept.count) columns used; record id: \(d.recordId ?? "line number")")
            }
        }
    }
}
