import Fluent

/// The schema, in the order it was built: each numbered file in this folder is one step, and a database
/// that has run some of them runs the rest at start-up (`autoMigrate`). Fluent remembers a step by its
/// type's name, so a step that has shipped is never renamed, edited or reordered; a change to the schema
/// is a new file with the next number, added at the end of this list.
enum Migrations {
    static var all: [any Migration] {
        [CreateOrganisation(), CreateUser(), AddRecoveryCodes(), AddOrganisationContacts(), CreateSession(), CreateAuditEvent(),
         CreateAuditCheckpoint(), CreateGovernance(), CreateCredential(), CreateAPIToken(), AddPartnershipSignatories(),
         CreateProjectMember(), CreateIngest(), CreateCases(), CreateLinkage(), CreateAnalysis(), AddBoundaries(), AddWrappedTOTP(),
         AddAgreementStatusRecord(), AddOutputOwners(), AddUserLifecycle(), GeneraliseIncidents(), CreateMailOutbox(), AddDeclarations(), AddSignedAssessments(), AddProjectPublication(),
         CreateCatalogueEntries(), CreateSingleSignOn(), CreateSFTPKeys(), CreateAuditOutbox()]
    }
}

/// How many steps the schema has (`linkhaven-server migrate` reports it).
package var migrationCount: Int { Migrations.all.count }
