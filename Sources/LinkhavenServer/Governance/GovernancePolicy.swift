import Foundation

/// An action on a project's data that the project's information sharing agreement governs.
enum GovernedAction: String, CaseIterable, Codable, Sendable {
    /// Announcing, sending and completing an upload, and accepting it as a dataset version.
    case upload
    /// Queuing a linkage run, and a worker carrying one on.
    case linkageRun = "linkage-run"
    /// A reviewer's clerical decision on a pair.
    case clericalDecision = "clerical-decision"
    /// Running an analysis, or an output's definition again.
    case analysis
    /// Putting an output forward for release.
    case releaseRequest = "release-request"
    /// An independent reviewer's release decision.
    case releaseReview = "release-review"
    /// A data owner's release decision.
    case ownerApproval = "owner-approval"
    /// Publishing a released output as open data.
    case publication
    /// A provider fetching its own records' tokens of a released cohort.
    case cohortTokens = "cohort-tokens"
    /// Downloading an output that was published before.
    case openDataDownload = "open-data-download"
    /// Downloading an audit pack (it holds a pseudonymised dataset as transferred).
    case auditBundle = "audit-bundle"
    /// Keeping a dataset longer than agreed (one agreed increment).
    case retentionExtension = "retention-extension"
    /// Destroying data: retraction, early destruction, the retention sweep.
    case destruction
    /// Setting up and overseeing the project: agreement lifecycle, assessment, members, linkage spec,
    /// link configuration, boundaries, quality issues, audit requests, cancelling a run, incidents.
    case oversight
}

/// The policy's answer for one action under one status.
enum Permission: String, Sendable, Equatable {
    case allowed
    case refused
    /// Allowed only where the agreement's publication clause keeps published outputs available.
    case ifPublicationClause = "if the publication clause allows"
}

/// The single source of what each agreement status allows. Routes ask `GovernancePolicy.permission`
/// through `Request.govern`; none re-implements it. A test walks every state-changing route of the
/// OpenAPI document × every status and checks the answer over HTTP.
enum GovernancePolicy {
    /// Actions that process, move or disclose data need an agreement APPROVED and in force;
    /// destruction and oversight never stop; published outputs stay readable only where the
    /// agreement's publication clause says so.
    static func permission(_ action: GovernedAction, _ status: GoverningStatus) -> Permission {
        switch action {
        case .destruction, .oversight:
            return .allowed
        case .openDataDownload:
            return status == .approved ? .allowed : .ifPublicationClause
        case .upload, .linkageRun, .clericalDecision, .analysis, .releaseRequest, .releaseReview, .ownerApproval, .publication,
             .cohortTokens, .auditBundle, .retentionExtension:
            return status == .approved ? .allowed : .refused
        }
    }

    /// What would allow the action again, for a refusal's message.
    static func remedy(_ status: GoverningStatus, _ action: GovernedAction) -> String {
        let doing = action.purpose
        switch status {
        case .draft: return "submit it, have every party sign it and approve it to \(doing)"
        case .forApproval: return "every party must sign it and its owner approve it to \(doing)"
        case .notInForce: return "wait until its date in force to \(doing)"
        case .suspended: return "its owning organisation's signatory must resume it to \(doing)"
        case .expired: return "a new version signed by every party must be approved to \(doing)"
        case .ended: return "it has ended; a new agreement must be drafted, signed by every party and approved to \(doing)"
        case .none: return "an agreement covering this data must be signed and approved to \(doing)"
        case .approved: return action == .openDataDownload ? "its publication clause does not keep published outputs available" : ""
        }
    }

    /// State-changing API routes (and reads that move data) and the action each is governed as. A
    /// route on no project's data (sign-in, organisations, users, partnerships, tokens, notifications)
    /// is `nil`: no agreement governs it. A test fails for any state-changing route missing here.
    static let routes: [String: GovernedAction?] = [
        API.signIn.key: nil, API.signOut.key: nil, API.changePassword.key: nil,
        API.registerOrganisation.key: nil, API.addUser.key: nil,
        API.recordCredential.key: nil, API.setIdentityProvider.key: nil, API.removeIdentityProvider.key: nil, API.addSFTPKey.key: nil, API.revokeSFTPKey.key: nil, API.createPartnership.key: nil,
        API.createProject.key: nil, API.signDeclaration.key: nil, API.reviseDeclaration.key: nil,
        API.proposeAdmission.key: nil, API.decideAdmission.key: nil, API.leavePartnership.key: nil,
        API.createToken.key: nil, API.revokeToken.key: nil, API.markNotificationRead.key: nil,
        API.changeUser.key: nil, API.deactivateUser.key: nil,
        API.reactivateUser.key: nil, API.resetTwoFactor.key: nil,
        API.startTwoFactor.key: nil, API.confirmTwoFactor.key: nil,
        API.removeMember.key: .oversight,
        API.addMember.key: .oversight, API.writeAssessment.key: .oversight,
        API.draftAgreement.key: .oversight, API.changeAgreement.key: .oversight,
        API.submitAgreement.key: .oversight, API.signAgreement.key: .oversight,
        API.approveAgreement.key: .oversight, API.suspendAgreement.key: .oversight,
        API.resumeAgreement.key: .oversight, API.addAgreementParty.key: .oversight, API.proposePublication.key: .oversight, API.approvePublication.key: .oversight, API.describeDataset.key: .oversight, API.recordRealisation.key: .oversight, API.endAgreement.key: .destruction, API.registerLinkage.key: .oversight,
        API.setBoundaries.key: .oversight, API.setLinkConfig.key: .oversight, API.clearLinkConfig.key: .oversight,
        API.cancelRun.key: .oversight, API.raiseQualityIssue.key: .oversight,
        API.resolveQualityIssue.key: .oversight,
        API.requestAudit.key: .oversight, API.approveAudit.key: .oversight,
        API.declineAudit.key: .oversight,
        API.updateIncident.key: .oversight, API.recordIncident.key: .oversight, API.addIncidentEntry.key: .oversight,
        API.giveRegulatorView.key: .oversight, API.decideRegulator.key: .oversight,
        API.createUpload.key: .upload, API.uploadContent.key: .upload, API.completeUpload.key: .upload,
        API.startRun.key: .linkageRun, API.decidePair.key: .clericalDecision,
        API.runAnalysis.key: .analysis, API.rerunOutput.key: .analysis,
        API.requestRelease.key: .releaseRequest, API.reviewOutput.key: .releaseReview,
        API.approveAsOwner.key: .ownerApproval, API.publishOutput.key: .publication,
        API.cohortTokens.key: .cohortTokens, API.openOutputCSV.key: .openDataDownload,
        API.openOutputJSON.key: .openDataDownload, API.openOutputGeoJSON.key: .openDataDownload,
        API.auditBundle.key: .auditBundle, API.extendRetention.key: .retentionExtension,
        API.retractVersion.key: .destruction, API.destroyDataset.key: .destruction,
        API.retentionSweep.key: .destruction,
    ]
}

extension GovernedAction {
    /// The action in words, as "to …" for a refusal's remedy.
    var purpose: String {
        switch self {
        case .upload: return "upload data"
        case .linkageRun: return "run linkage"
        case .clericalDecision: return "decide review pairs"
        case .analysis: return "run analyses"
        case .releaseRequest, .releaseReview, .ownerApproval: return "release outputs"
        case .publication: return "publish outputs"
        case .cohortTokens: return "return cohorts to providers"
        case .openDataDownload: return "download published outputs"
        case .auditBundle: return "download audit packs"
        case .retentionExtension: return "extend retention"
        case .destruction: return "destroy data"
        case .oversight: return "oversee the project"
        }
    }
}
