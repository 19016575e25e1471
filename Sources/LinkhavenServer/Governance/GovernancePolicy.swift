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
        case .none: return "an agreement covering this data must be signed and approved to \(doing)"
        case .approved: return action == .openDataDownload ? "its publication clause does not keep published outputs available" : ""
        }
    }

    /// State-changing API routes (and reads that move data) and the action each is governed as. A
    /// route on no project's data (sign-in, organisations, users, partnerships, tokens, notifications)
    /// is `nil`: no agreement governs it. A test fails for any state-changing route missing here.
    static let routes: [String: GovernedAction?] = [
        "POST /api/v1/sessions": nil, "DELETE /api/v1/sessions": nil, "POST /api/v1/me/password": nil,
        "POST /api/v1/organisations": nil, "POST /api/v1/organisations/{org}/users": nil,
        "POST /api/v1/organisations/{org}/credentials": nil, "POST /api/v1/partnerships": nil,
        "POST /api/v1/partnerships/{id}/projects": nil,
        "POST /api/v1/tokens": nil, "DELETE /api/v1/tokens/{id}": nil, "POST /api/v1/notifications/{n}/read": nil,
        "PATCH /api/v1/organisations/{org}/users/{user}": nil, "POST /api/v1/organisations/{org}/users/{user}/deactivate": nil,
        "POST /api/v1/organisations/{org}/users/{user}/reactivate": nil, "POST /api/v1/organisations/{org}/users/{user}/reset-two-factor": nil,
        "POST /api/v1/me/two-factor": nil, "POST /api/v1/me/two-factor/confirm": nil,
        "DELETE /api/v1/projects/{id}/members/{user}": .oversight,
        "POST /api/v1/projects/{id}/members": .oversight, "PUT /api/v1/projects/{id}/assessment": .oversight,
        "POST /api/v1/projects/{id}/agreements": .oversight, "PUT /api/v1/agreements/{id}": .oversight,
        "POST /api/v1/agreements/{id}/submit": .oversight, "POST /api/v1/agreements/{id}/sign": .oversight,
        "POST /api/v1/agreements/{id}/approve": .oversight, "POST /api/v1/agreements/{id}/suspend": .oversight,
        "POST /api/v1/agreements/{id}/resume": .oversight, "PUT /api/v1/projects/{id}/linkage": .oversight,
        "PUT /api/v1/projects/{id}/boundaries": .oversight, "PUT /api/v1/projects/{id}/link-config": .oversight,
        "POST /api/v1/runs/{run}/cancel": .oversight, "POST /api/v1/datasets/{dataset}/quality-issues": .oversight,
        "POST /api/v1/datasets/{dataset}/quality-issues/{issue}/resolve": .oversight,
        "POST /api/v1/datasets/{dataset}/audit-requests": .oversight, "POST /api/v1/audit-requests/{request}/approve": .oversight,
        "POST /api/v1/audit-requests/{request}/decline": .oversight,
        "PUT /api/v1/incidents/{incident}": .oversight,
        "POST /api/v1/uploads": .upload, "PUT /api/v1/uploads/{id}/content": .upload, "POST /api/v1/uploads/{id}/complete": .upload,
        "POST /api/v1/projects/{id}/runs": .linkageRun, "PUT /api/v1/runs/{run}/review/{pair}": .clericalDecision,
        "POST /api/v1/projects/{id}/analyses": .analysis, "POST /api/v1/outputs/{output}/rerun": .analysis,
        "POST /api/v1/outputs/{output}/request-release": .releaseRequest, "POST /api/v1/outputs/{output}/review": .releaseReview,
        "POST /api/v1/outputs/{output}/owner-approval": .ownerApproval, "POST /api/v1/outputs/{output}/publish": .publication,
        "GET /api/v1/outputs/{output}/tokens": .cohortTokens, "GET /api/v1/open/outputs/{output}/csv": .openDataDownload,
        "GET /api/v1/open/outputs/{output}/json": .openDataDownload, "GET /api/v1/open/outputs/{output}/geojson": .openDataDownload,
        "GET /api/v1/audit-requests/{request}/bundle": .auditBundle, "POST /api/v1/datasets/{dataset}/extend": .retentionExtension,
        "POST /api/v1/datasets/{dataset}/versions/{n}/retract": .destruction, "POST /api/v1/datasets/{dataset}/destroy": .destruction,
        "POST /api/v1/retention/sweep": .destruction,
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
