import Crypto
import Fluent
import Foundation
import LinkhavenCore
import Vapor

func routes(_ app: Application) throws {
    healthRoutes(app)
    metricsRoutes(app)
    webRoutes(app)
    registerRoutes(app)
    ssoRoutes(app)
    let api = app.grouped("api", "v1")
    governanceRoutes(api)
    partnershipRoutes(api)
    agreementPartyRoutes(api)
    agreementVersionRoutes(api)
    agreementEndingRoutes(api)
    publicationRoutes(api)
    catalogueRoutes(api)
    identityProviderRoutes(api)
    sftpKeyRoutes(api)
    assuranceRoutes(api)
    tokenRoutes(api)
    projectMemberRoutes(api)
    userAdminRoutes(api)
    myAccountRoutes(api)
    organisationRoutes(api)
    auditExportRoutes(api)
    projectListRoutes(api)
    boundaryRoutes(api)
    openAPIRoute(api)
    uploadRoutes(api)
    datasetRoutes(api)
    linkageRoutes(api)
    analysisRoutes(api)
    caseRoutes(api)
    incidentRoutes(api)
    qualityAndAuditRoutes(api)
    auditRequestListRoutes(api)
    sessionRoutes(api, limiter: app.platform.signInLimiter)

    api.on(API.me) { req in try await req.me(sessionToken: req.headers.bearerAuthorization?.token) }
}


extension Request {
    /// Who holds the session `token`, with what they must do before anything else (401 without a live session).
    func me(sessionToken token: String?) async throws -> MeOut {
        let c = try await caller(sessionToken: token, allowPasswordChange: true, allowEnrolment: true)
        guard let u = storage[ResolvedSession.self]?.user else { throw Abort(.unauthorized) }
        return MeOut(id: c.userID, email: u.email, name: u.name, role: c.role, organisationID: c.organisationID, passwordChangeRequired: c.passwordChangeRequired,
                     twoFactorEnrolmentRequired: u.totpEnrolmentRequired)
    }
}
