import Fluent
import Foundation
import Vapor


func projectListRoutes(_ api: any RoutesBuilder) {
    /// The projects the caller may see inside: as a member (with their project role), or as the
    /// admin or signatory of a member organisation of its partnership.
    api.on(API.projects) { req in try await req.projects(visibleTo: try await req.caller()) }

    /// The project's agreements that the caller's organisation is a party to.
    api.on(API.projectAgreements) { req in
        let c = try await req.caller()
        let p = try await req.projectWithAccess(c)
        var out: [AgreementOut] = []
        for a in try await Agreement.query(on: req.db).filter(\.$project.$id == p.requireID()).holding(c.organisationID ?? UUID(), in: \.$parties) {
            try await req.expireIfPastReview(a)
            out.append(try await req.agreementOut(a))
        }
        return out
    }
}

extension Request {
    /// The projects `c` may see inside, by name: as a member (with their project role), or as the
    /// admin or signatory of a member organisation of its partnership (`projectWithAccess`'s rule).
    func projects(visibleTo c: Caller) async throws -> [ProjectSummary] {
        async let memberships = ProjectMember.query(on: db).filter(\.$userID == c.userID).all()
        async let governed = governedPartnerships(c)
        let roles = Dictionary(try await memberships.map { ($0.projectID, $0.role) }, uniquingKeysWith: { a, _ in a })
        let partnerships = try await governed
        guard !roles.isEmpty || !partnerships.isEmpty else { return [] }
        // Only the projects it may see are read: those it is a member of, and those of the partnerships it governs.
        let projects = try await Project.query(on: db).group(.or) { q in
            if !roles.isEmpty { q.filter(\.$id ~~ Array(roles.keys)) }
            if !partnerships.isEmpty { q.filter(\.$partnership.$id ~~ partnerships) }
        }.with(\.$partnership).sort(\.$name).all()
        return try projects.map { p in
            let id = try p.requireID()
            return ProjectSummary(id: id, partnership: try p.partnership.requireID(), partnershipName: p.partnership.name, name: p.name,
                                  purpose: p.purpose, role: roles[id])
        }
    }

    /// The partnerships whose projects `c` sees as its organisation's admin or signatory: those it is a member of.
    private func governedPartnerships(_ c: Caller) async throws -> [UUID] {
        guard [.orgAdmin, .signatory].contains(c.role), let org = c.organisationID else { return [] }
        return try await Partnership.query(on: db).holding(org, in: \.$members).map { try $0.requireID() }
    }
}
