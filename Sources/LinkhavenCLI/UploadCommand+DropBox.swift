import ArgumentParser
import Foundation
import LinkhavenAPI
import LinkhavenCore

extension UploadCommand {
    /// Sends the file through the organisation's SFTP drop-box and reports the receipt the platform writes.
    func viaDropBox(_ target: String) throws {
        let box = try DropBoxClient(target, identity: identity, sshOptions: sshOptions)
        let manifestPath = manifest ?? Paths.stem(file.hasSuffix(".gz") ? String(file.dropLast(3)) : file) + ".manifest.json"
        let m = try loadManifest(manifestPath)
        guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError("cannot read '\(file)'") }
        let gzip = (try handle.read(upToCount: 2)).map { Array($0) == [0x1F, 0x8B] } ?? false
        try? handle.close()
        // The platform finds the data by the name in the manifest.
        let name = (m.file as NSString).lastPathComponent + (gzip ? ".gz" : "")
        let manifestName = Paths.stem(name.hasSuffix(".gz") ? String(name.dropLast(3)) : name) + ".manifest.json"
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("linkhaven-receipt-\(UUID())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let before = try box.receipt(name, scratch: scratch)   // an earlier file's receipt of the same name is not this one's
        try box.put(file: file, as: name, manifest: manifestPath, as: manifestName)
        say("'\(name)' is in the drop-box; waiting for the platform's receipt (breach guard, manifest, data quality)…")
        let start = Date()
        var receipt: SFTPReceipt?
        while receipt == nil {
            if let data = try box.receipt(name, scratch: scratch), data != before {
                let d = JSONDecoder()
                d.dateDecodingStrategy = .iso8601
                guard let r = try? d.decode(SFTPReceipt.self, from: data) else { throw CLIError("the receipt for '\(name)' could not be read") }
                receipt = r
            } else {
                guard Date().timeIntervalSince(start) < retryFor else {
                    throw CLIError("no receipt for '\(name)' after \(Int(retryFor)) s; the platform may be down or not watching the drop-box. Ask its operator; the file stays in the drop until it is taken")
                }
                Thread.sleep(forTimeInterval: 2)
            }
        }
        guard let upload = receipt!.upload else {
            if format.isJSON { print(try OutputFormat.json(receipt!)) } else { print("Refused; nothing was kept: \(receipt!.reason ?? "no reason given")") }
            throw ExitCode(1)
        }
        try report(upload, quality: nil)
    }

    private func say(_ s: String) { FileHandle.standardError.write(Data(("linkhaven: " + s + "\n").utf8)) }
}
