import ArgumentParser
import LinkhavenCore

/// `linkhaven key`: make and inspect key files.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Generate a secret key file (mode 0600) or show a key's fingerprint.",
        subcommands: [Generate.self, Fingerprint.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new 256-bit secret to a file with mode 0600 and print its fingerprint.",
            discussion: """
                Use one for the project secret (shared by the project's providers through a secure channel,
                never with the platform) and one for your own re-identification vault (never shared).
                """
        )
        @Option(name: .shortAndLong, help: "The key file to create; it must not exist.")
        var out: String

        func run() throws {
            let key = SecretKey.generate()
            try key.write(to: out)
            print("Wrote \(out) (mode 0600). Fingerprint: \(key.fingerprint)")
            print("Keep it private and backed up: pseudonyms cannot be remade without it.")
        }
    }

    struct Fingerprint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a key's fingerprint, and the project key's fingerprint for a spec.")
        @Argument(help: "The key file.")
        var keyFile: String
        @Option(help: "A linkage spec: also print the fingerprint of the key derived for its project (what manifests record).")
        var spec: String?

        func run() throws {
            let key = try SecretKey.read(from: keyFile)
            print("key: \(key.fingerprint)")
            if let spec {
                let s = try SpecLoader.load(path: spec)
                print("project \(s.project): \(key.projectKey(project: s.project).fingerprint)")
            }
        }
    }
}
