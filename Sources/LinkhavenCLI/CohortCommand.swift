import ArgumentParser
import Foundation
import LinkhavenAPI
import LinkhavenCore

/// `linkhaven cohort`: download your own records' tokens of a released cohort, to re-identify locally.
struct CohortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Download your organisation's records of a released cohort (dataset,record_token), to re-identify with your vault.",
        discussion: """
            Works only for a cohort released by two reviewers and every data owner, under an agreement whose purpose
            allows intervention. The platform returns your own datasets' record tokens and nothing of anyone else's.
            Then: linkhaven reidentify FILE --vault <dataset>.vault --vault-key vault.key --column record_token
            The API token (LINKHAVEN_TOKEN or --token-file) must allow download-cohort. The file is written with mode 0600.
            """)
    @Option(help: "The platform's address, e.g. https://linkhaven.example.gov.uk.") var server: String
    @Option(help: "The released cohort output's id.") var output: String
    @Option(help: "A file holding the API token (mode 0600); default $LINKHAVEN_TOKEN.") var tokenFile: String?
    @Option(help: "Where to write dataset,record_token (mode 0600).") var out: String
    @Flag(help: "Replace an existing output file.") var force = false

    func run() throws {
        guard UUID(uuidString: output) != nil else { throw CLIError("--output must be an output id (a UUID)") }
        let client = try PlatformClient(server: server, token: try PlatformClient.apiToken(file: tokenFile))
        let e = API.cohortTokens
        let r = try client.send(e.method.rawValue.uppercased(), e.relativeTarget([output]))
        guard r.status == e.success else { throw CLIError("the platform refused: \(PlatformClient.problem(r))") }
        let w = try AtomicFileWriter(path: out, overwrite: force, mode: 0o600)
        try w.write(Array(r.body))
        _ = try w.commit()
        let rows = max(0, String(decoding: r.body, as: UTF8.self).split(separator: "\n").count - 1)
        print("\(rows) record token\(rows == 1 ? "" : "s") written to \(out). Re-identify them with: linkhaven reidentify \(out) --vault <dataset>.vault --vault-key <vault key> --column record_token")
    }
}
