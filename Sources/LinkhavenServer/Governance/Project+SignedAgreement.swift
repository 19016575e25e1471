import Fluent
import Foundation
import LinkhavenCore

/// A project's agreement as last signed by every party: the agreement, the version record (with the
/// assessment signed with it) and the document as signed.
struct SignedAgreement {
    let agreement: Agreement
    let record: AgreementVersionRecord
    let document: AgreementDocument
}

extension Project {
    /// The latest agreement version every party signed, or nil while none of the project's agreements has one.
    func signedAgreement(on db: any Database) async throws -> SignedAgreement? {
        let agreements = try await Agreement.query(on: db).filter(\.$project.$id == requireID()).all()
        guard !agreements.isEmpty else { return nil }
        let records = try await AgreementVersionRecord.query(on: db).filter(\.$agreementID ~~ agreements.map { try $0.requireID() }).all()
        guard let record = records.max(by: { $0.approvedAt < $1.approvedAt }), let a = agreements.first(where: { $0.id == record.agreementID }),
              let document = AgreementDocumentCache.document(record.document) else { return nil }
        return SignedAgreement(agreement: a, record: record, document: document)
    }
}
