import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import Testing

/// Agreement documents decoded once per text: the cached document is the one the text holds, an edited text is
/// decoded afresh, text that is not a document is refused every time, and the cache's bound holds.
@Suite("Agreement document cache")
struct AgreementDocumentCacheTests {
    @Test func theCachedDocumentIsTheTextsOwn() async throws {
        try await Harness.run { h in
            _ = try await IngestFixture.make(h, households: 20)
            let text = try #require(try await Agreement.query(on: h.app.db).first()).document
            let decoded = try JSONDecoder().decode(AgreementDocument.self, from: Data(text.utf8))
            #expect(AgreementDocumentCache.document(text) == decoded)
            #expect(AgreementDocumentCache.document(text) == decoded, "and again, from the cache")

            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            var titles: [String: String] = [:]
            for n in 0..<(AgreementDocumentCache.limit + 44) {   // past the bound: the cache empties and fills again
                var edited = decoded
                edited.title = "Protocol, revision \(n)"
                titles[String(decoding: try encoder.encode(edited), as: UTF8.self)] = edited.title
            }
            for (text, title) in titles { #expect(AgreementDocumentCache.document(text)?.title == title) }
            for (text, title) in titles.prefix(10) { #expect(AgreementDocumentCache.document(text)?.title == title, "after the bound") }
            for bad in ["", "{}", "not json", String(text.dropLast())] {
                #expect(AgreementDocumentCache.document(bad) == nil)
                #expect(AgreementDocumentCache.document(bad) == nil, "refused again, never cached")
                #expect(throws: DecodingError.self, "the throwing lookup says why") { try AgreementDocumentCache.decode(bad) }
            }
            #expect(try AgreementDocumentCache.decode(text) == decoded)
        }
    }
}
