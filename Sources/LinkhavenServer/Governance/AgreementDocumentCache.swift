import Foundation
import LinkhavenCore
import NIOConcurrencyHelpers

/// Agreement documents as decoded, by their JSON text: nearly every project-scoped request checks its agreement (its
/// governing status, its datasets) and a dashboard checks every agreement of its organisation, and decoding the
/// document anew each time took a twentieth of the dashboard's CPU. Keyed by the whole text, so an edited document is
/// decoded afresh; at most `limit` kept, all dropped when full (the agreements in use come back at once).
enum AgreementDocumentCache {
    static let limit = 256
    private static let decoded = NIOLockedValueBox<[String: AgreementDocument]>([:])

    /// The document `text` holds, or nil if it is not one.
    static func document(_ text: String) -> AgreementDocument? { try? decode(text) }

    /// The document `text` holds; throws the decoder's error if it is not one (never kept: it throws every time).
    static func decode(_ text: String) throws -> AgreementDocument {
        if let known = decoded.withLockedValue({ $0[text] }) { return known }
        let doc = try JSONDecoder().decode(AgreementDocument.self, from: Data(text.utf8))
        decoded.withLockedValue { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[text] = doc
        }
        return doc
    }
}
