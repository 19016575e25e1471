import Fluent
import Foundation
import SQLKit
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
    /// admin or signatory of a member organisation of its partnership (`projectWithAccess`'s rule). One
    /// statement reads only those: the caller's memberships and the partnerships naming its organisation
    /// (narrowed by the database, then checked exactly).
    func projects(visibleTo c: Caller) async throws -> [ProjectSummary] {
        let org = [.orgAdmin, .signatory].contains(c.role) ? c.organisationID : nil
        var governed: SQLQueryString = ""
        if let org { governed = "OR s.members LIKE \(bind: UUIDList.pattern(org))" }
        let rows = try await db.rows("""
            SELECT p.id AS id, p.name AS name, p.purpose AS purpose, s.id AS partnership, s.name AS partnership_name,
                   s.members AS members, m.role AS role
            FROM projects p JOIN partnerships s ON s.id = p.partnership_id
            LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = \(bind: c.userID)
            WHERE m.id IS NOT NULL \(governed)
            ORDER BY p.name, p.id
            """)
        var seen = Set<UUID>(), out: [ProjectSummary] = []
        for r in rows {
            let id = try r.decode(column: "id", as: UUID.self), role = try r.decodeOptional(column: "role", as: String.self)
            let governs = try org.map { UUIDList.parse(try r.decode(column: "members", as: String.self)).contains($0) } ?? false
            guard role != nil || governs, seen.insert(id).inserted else { continue }
            out.append(ProjectSummary(id: id, partnership: try r.decode(column: "partnership", as: UUID.self),
                                      partnershipName: try r.decode(column: "partnership_name", as: String.self),
                                      name: try r.decode(column: "name", as: String.self), purpose: try r.decode(column: "purpose", as: String.self),
                                      role: role))
        }
        return out
    }
}
