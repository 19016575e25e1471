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
        for a in try await Agreement.query(on: req.db).filter(\.$project.$id == p.requireID()).all() where a.partyIDs.contains(c.organisationID ?? UUID()) {
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
        async let projects = Project.query(on: db).with(\.$partnership).sort(\.$name).all()
        let roles = Dictionary(try await memberships.map { ($0.projectID, $0.role) }, uniquingKeysWith: { a, _ in a })
        var out: [ProjectSummary] = []
        for p in try await projects {
            let id = try p.requireID()
            let governance = [.orgAdmin, .signatory].contains(c.role) && p.partnership.memberIDs.contains(c.organisationID ?? UUID())
            guard governance || roles[id] != nil else { continue }
            out.append(ProjectSummary(id: id, partnership: try p.partnership.requireID(), partnershipName: p.partnership.name, name: p.name,
                                      purpose: p.purpose, role: roles[id]))
        }
        return out
    }
}
