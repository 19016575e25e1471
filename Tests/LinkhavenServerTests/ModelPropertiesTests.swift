import FluentKit
import Foundation
@testable import LinkhavenServer
import Testing

/// Every model lists its fields for Fluent (`properties`) rather than leaving Fluent to find them by reflection on every
/// query and every row read (a tenth of the server's CPU under load). A list that missed a field would silently stop
/// reading and writing it: each must be the very property wrappers reflection finds, in the same order, and every model
/// in the sources must be checked here.
@Suite("Model properties")
struct ModelPropertiesTests {
    static let models: [any Model.Type] = [
        APIToken.self, Agreement.self, AgreementSignature.self, AgreementVersionRecord.self, AnalysisOutput.self, AuditCheckpointModel.self,
        AuditEventModel.self, AuditOutboxEntry.self, AuditRequest.self, CatalogueEntry.self, CertificateModel.self, ClericalDecision.self, Credential.self,
        Dataset.self, DatasetVersion.self, DeclarationSignature.self, DeclarationVersion.self, IdentityProvider.self, Incident.self,
        IncidentEntry.self, LinkageJob.self, LinkedRecord.self, MailMessage.self, MembershipChange.self, Notification.self,
        Organisation.self, Partnership.self, Project.self, ProjectMember.self, QualityIssue.self, ReleaseDecision.self,
        ReviewPair.self, SFTPKey.self, SSOAttempt.self, Upload.self, User.self, UserSession.self,
    ]

    @Test(arguments: models.map { ModelType($0) })
    func listsExactlyWhatReflectionFinds(_ model: ModelType) {
        let instance = model.type.init()
        let listed = Self.throughFluent(instance).map { ObjectIdentifier($0 as AnyObject) }
        let reflected = Mirror(reflecting: instance).children.compactMap { $0.value as? any AnyProperty }
        #expect(listed == reflected.map { ObjectIdentifier($0 as AnyObject) },
                "\(model): lists \(listed.count) properties, reflection finds \(reflected.count) — each field's $name, in declaration order")
    }

    /// The list as Fluent reads it: through the protocol's witness, not the type's own member.
    static func throughFluent(_ fields: some Fields) -> [any AnyProperty] { fields.properties }

    /// Every model class in the sources is checked here, and declares its own list: without one, Fluent's reflecting
    /// default answers for it, which the check above cannot tell from a right list.
    @Test func everyModelInTheSourcesListsItsProperties() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LinkhavenServer")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var declared: Set<String> = [], listing: Set<String> = []
        for file in files {
            var model: String?
            for line in try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("final class "), line.contains(": Model") {
                    model = String(line.dropFirst("final class ".count).prefix { $0.isLetter || $0.isNumber })
                    declared.insert(model!)
                } else if line.hasPrefix("}") {
                    model = nil
                } else if let m = model, line.hasPrefix("    var properties: [any AnyProperty] {") {
                    listing.insert(m)
                }
            }
        }
        #expect(declared.count > 30)
        #expect(declared == Set(Self.models.map { String(describing: $0) }), "every model is in `models`")
        #expect(declared.subtracting(listing).isEmpty, "models without their own `properties`: \(declared.subtracting(listing).sorted())")
    }

    /// A model type as a test argument, named by its type.
    struct ModelType: CustomTestStringConvertible, Sendable, CustomStringConvertible {
        let type: any Model.Type
        init(_ type: any Model.Type) { self.type = type }
        var description: String { String(describing: type) }
        var testDescription: String { description }
    }
}
