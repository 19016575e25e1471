import Crypto
import Foundation
import LinkhavenCore
import Vapor

/// The audit pack of protocol section 8: the assessment reference, the procedure document and the
/// pseudonymised dataset exactly as transferred, the incidents that touched the dataset (protocol section
/// 10: kind, timeline, views, decision, lessons; never an identifier), with SHA-256 hashes, as a streamed
/// tar archive.
struct AuditBundle {
    let request: AuditRequest
    let dataset: Dataset
    let version: DatasetVersion
    let incidents: [IncidentOut]
    let platform: Platform
    let now: Date

    static func json(_ incidents: [IncidentOut]) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]; e.dateEncodingStrategy = .iso8601
        return String(decoding: try e.encode(incidents), as: UTF8.self)
    }

    func response() throws -> Response {
        let key = try platform.versionKey(version)
        let csvName = "\(dataset.name).v\(version.number).pseudo.csv"
        let texts: [(String, String)] = [
            ("README.txt", """
                Audit pack for audit request \(try request.requireID().uuidString)
                Dataset '\(dataset.name)' version \(version.number), provided by organisation \(dataset.provider.uuidString)
                Made \(AuditLog.formatter.format(now)) by the Linkhaven platform (protocol section 8: right of audit).
                \(csvName) is the pseudonymised file exactly as the provider transferred it; incidents.json holds the
                \(incidents.count) incident(s) recorded against the dataset, with their timelines; SHA256SUMS lists every file's hash.

                """),
            ("assessment-reference.txt", request.assessmentReference + "\n"),
            ("procedure.txt", request.procedure + "\n"),
            ("manifest.json", version.manifest + "\n"),
            ("incidents.json", try Self.json(incidents) + "\n"),
        ]
        var sums = texts.map { "\(Hex.encode(SHA256.hash(data: Array($0.1.utf8))))  \($0.0)" }
        sums.append("\(version.contentSHA256)  \(csvName)")
        let all = texts + [("SHA256SUMS", sums.joined(separator: "\n") + "\n")]
        let store = platform.store, storedName = version.storedName, size = version.bytes, at = now
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "x-tar")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"audit-\(dataset.name)-v\(version.number).tar\"")
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            for (name, text) in all {
                let bytes = Array(text.utf8)
                try await writer.write(.buffer(ByteBuffer(bytes: TarWriter.header(name: name, size: bytes.count, mtime: at) + bytes + TarWriter.padding(bytes.count))))
            }
            try await writer.write(.buffer(ByteBuffer(bytes: TarWriter.header(name: csvName, size: size, mtime: at))))
            let reader = try store.open(storedName, key: key)
            var sent = 0
            while let chunk = try reader.next() {
                sent += chunk.count
                try await writer.write(.buffer(ByteBuffer(data: chunk)))
            }
            guard sent == size else { throw Abort(.internalServerError, reason: "the stored file is not the size recorded") }
            try await writer.write(.buffer(ByteBuffer(bytes: TarWriter.padding(size) + TarWriter.end)))
            try await writer.write(.end)
        }))
    }
}
