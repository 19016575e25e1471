import ArgumentParser
import LinkhavenCore

/// The provider-side `linkhaven` tool: pseudonymise at source, check, re-identify.
public struct LinkhavenCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "linkhaven",
        abstract: "Pseudonymise data at source for a Linkhaven partnership, check files for identifiers, and re-identify returned tokens.",
        discussion: """
            Identities never leave your machine: the project key and your vault key stay with you; only
            pseudonymised files and their manifests are uploaded.
            """,
        version: LinkhavenVersion.current,
        subcommands: [KeyCommand.self, PseudonymiseCommand.self, CheckCommand.self, ReidentifyCommand.self, SpecCommand.self, SynthCommand.self, LinkCommand.self, ExplainCommand.self, EvaluateCommand.self, AuditCommand.self, UploadCommand.self, CohortCommand.self, CertificateCommand.self,
                      BenchCommand.self]
    )

    public init() {}
}
