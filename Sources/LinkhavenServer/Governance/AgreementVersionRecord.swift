import Fluent
import Foundation
import LinkhavenCore
import Vapor

/// An agreement version as every party signed it and its owner approved it, kept when a later version
/// replaces it: the document, the assessment signed with it, the parties, and at its review the benefits
/// realised (JSON list of `BenefitRealisation`, empty before).
final class AgreementVersionRecord: Model, @unchecked Sendable {
    static let schema = "agreement_versions"
    @ID(key: .id) var id: UUID?
    @Field(key: "agreement_id") var agreementID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "document") var document: String
    @Field(key: "assessment") var assessment: String
    @Field(key: "parties") var parties: String
    @Field(key: "approved_at") var approvedAt: Date
    @Field(key: "realisation") var realisation: String
    @OptionalField(key: "realised_at") var realisedAt: Date?
    /// The fields above, listed so that Fluent need not reflect on the model (`ModelPropertiesTests` checks the list).
    var properties: [any AnyProperty] { [$id, $agreementID, $version, $document, $assessment, $parties, $approvedAt, $realisation, $realisedAt] }
    init() {}

    var decodedAssessment: Assessment? { assessment.isEmpty ? nil : try? JSONDecoder().decode(Assessment.self, from: Data(assessment.utf8)) }
    var realised: [BenefitRealisation]? { realisation.isEmpty ? nil : try? JSONDecoder().decode([BenefitRealisation].self, from: Data(realisation.utf8)) }

    var out: AgreementVersionOut {
        get throws {
            AgreementVersionOut(version: version, document: try AgreementDocumentCache.decode(document),
                                assessment: decodedAssessment, parties: UUIDList.parse(parties), approvedAt: approvedAt,
                                realisation: realised, realisedAt: realisedAt)
        }
    }
}
