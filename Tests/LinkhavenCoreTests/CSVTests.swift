import Foundation
import Testing
@testable import LinkhavenCore

@Suite("CSV streaming")
struct CSVTests {
    func temp(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lhcsv-\(UUID()).csv").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func records(_ text: String, chunk: Int = 7, encoding: TextEncoding = .utf8) throws -> [CSVRecord] {
        let path = try temp(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CSVReader(path: path, encoding: encoding, chunkSize: chunk)
        var out: [CSVRecord] = []
        while let rec = try r.next() { out.append(rec) }
        return out
    }

    @Test func quotesNewlinesAndLineNumbers() throws {
        let recs = try records("\u{FEFF}a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\n2,\"multi\nline\",z\n\n3,,\n")
        #expect(recs.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "he said \"hi\""], ["2", "multi\nline", "z"], ["3", "", ""]])
        #expect(recs.map(\.line) == [1, 2, 3, 6])
    }

    @Test func noTrailingNewlineAndCROnly() throws {
        #expect(try records("a,b\r1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func unterminatedQuoteNamesTheLine() throws {
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try records("a,b\n1,\"oops\n2,3\n") }
    }

    @Test func invalidUTF8IsFlaggedNotGuessed() throws {
        let path = try temp(Array("a,b\n".utf8) + [0x4A, 0xE9, 0x2C, 0x31, 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CSVReader(path: path)
        _ = try r.next()
        #expect(try r.next()?.badEncodingField == 0)
        let w = try CSVReader(path: path, encoding: .windows1252)
        _ = try w.next()
        #expect(try w.next()?.fields == ["Jé", "1"])
    }

    /// Property: whatever the fields, writing then reading gives them back, at any chunk size.
    @Test func writeThenReadRoundTrips() throws {
        var state: UInt64 = 7
        let alphabet = Array("ab ,\"\n\r1é")
        var rows: [[String]] = []
        for _ in 0..<200 {
            let width = 3
            rows.append((0..<width).map { _ in
                String((0..<Int(CLKEncoder.splitmix(&state) % 6)).map { _ in alphabet[Int(CLKEncoder.splitmix(&state) % UInt64(alphabet.count))] })
            })
        }
        rows = rows.filter { !$0.allSatisfy(\.isEmpty) }
        var bytes: [UInt8] = []
        for r in rows { CSVWriter.encode(r, into: &bytes) }
        for chunk in [1, 3, 64, 1 << 16] {
            let path = try temp(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let reader = try CSVReader(path: path, chunkSize: chunk)
            var back: [[String]] = []
            while let r = try reader.next() { back.append(r.fields) }
            #expect(back == rows, "chunk \(chunk)")
        }
    }

    @Test func atomicWriterLeavesNothingOnFailure() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lhatomic-\(UUID()).csv").path
        do {
            let w = try AtomicFileWriter(path: path)
            try w.write("partial")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let dir = (path as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains((path as NSString).lastPathComponent) }
        #expect(leftovers.isEmpty)
        let w = try AtomicFileWriter(path: path)
        try w.write("done")
        try w.commit()
        #expect(throws: FileWriteError.self) { try AtomicFileWriter(path: path) }
        try FileManager.default.removeItem(atPath: path)
    }
}
