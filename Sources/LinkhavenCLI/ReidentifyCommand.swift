import ArgumentParser
import Foundation
import LinkhavenCore

/// `linkhaven reidentify`: map tokens returned by the platform back to your own record ids.
struct ReidentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reidentify",
        abstract: "Turn record tokens returned by the platform into your own record ids, using your vault.",
        discussion: """
            Only the provider that made a file can do this: it needs that provider's vault and vault key.
            The input is a file of tokens, one per line, or a CSV with a header (name the column with --column).
            The output (token,record_id) is written with mode 0600: it identifies people, so handle it as such.
            """
    )

    @Argument(help: "The file of returned tokens.")
    var tokens: String
    @Option(help: "Your vault.")
    var vault: String
    @Option(help: "Your vault key file.")
    var vaultKey: String
    @Option(help: "The CSV column holding tokens (when the input is a CSV with a header).")
    var column: String?
    @Option(help: "Write token,record_id here (mode 0600) instead of standard output.")
    var out: String?
    @Flag(help: "Also match identifier tokens (e.g. a surname token matches every record with that surname), not only record tokens.")
    var anyToken = false
    @Flag(help: "Replace an existing output file.")
    var force = false

    func run() throws {
        let secret = try SecretKey.read(from: vaultKey)
        let wanted = try readTokens()
        var found = Set<String>()
        var rows: [[String]] = []
        let header = try VaultReader.forEach(path: vault, secret: secret) { entry in
            let candidates = anyToken ? entry.tokens : Array(entry.tokens.prefix(1))
            for t in candidates where wanted.contains(t) {
                found.insert(t)
                rows.append([t, entry.recordId])
            }
        }
        if let out {
            let w = CSVWriter(file: try AtomicFileWriter(path: out, overwrite: force, mode: 0o600))
            try w.write(["token", "record_id"])
            for r in rows { try w.write(r) }
            try w.file.commit()
        } else {
            var text: [UInt8] = []
            CSVWriter.encode(["token", "record_id"], into: &text)
            for r in rows { CSVWriter.encode(r, into: &text) }
            FileHandle.standardOutput.write(Data(text))
        }
        Terminal.error("Re-identified \(found.count) of \(wanted.count) tokens from vault '\(header.dataset)' (\(rows.count) records); \(wanted.count - found.count) not found.")
    }

    func readTokens() throws -> Set<String> {
        let reader = try CSVReader(path: tokens)
        var index = 0
        var wanted = Set<String>()
        if let column {
            guard let h = try reader.next(), let i = h.fields.map(\.trimmingWhitespace).firstIndex(of: column) else {
                throw CLIError("'\(tokens)' has no column '\(column)' in its header")
            }
            index = i
        }
        var malformed = 0
        while let r = try reader.next() {
            guard r.fields.count > index else { continue }
            let t = r.fields[index].trimmingWhitespace
            if TokenEncoder.isWellFormed(t) { wanted.insert(t) } else if !t.isEmpty { malformed += 1 }
        }
        if malformed > 1 || (malformed == 1 && column != nil) {
            Terminal.error("warning: \(malformed) lines of '\(tokens)' are not well-formed tokens and were ignored")
        }
        return wanted
    }
}
