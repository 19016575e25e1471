import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// What the API calls of one web page look up again and again — a project with its partnership, the
/// caller's membership of it — remembered for that page alone. Only the page's own GET calls share it
/// (`WebContext.respond`), for the few milliseconds the page takes to build; nothing that changes data
/// ever sees it.
final class PageMemo: Sendable {
    private let projects = NIOLockedValueBox([UUID: Project?]())
    private let memberships = NIOLockedValueBox([UUID: ProjectMember?]())

    func project(_ id: UUID, load: () async throws -> Project?) async rethrows -> Project? {
        if let known = projects.withLockedValue({ $0[id] }) { return known }
        let p = try await load()
        projects.withLockedValue { $0[id] = .some(p) }
        return p
    }

    func membership(_ project: UUID, load: () async throws -> ProjectMember?) async rethrows -> ProjectMember? {
        if let known = memberships.withLockedValue({ $0[project] }) { return known }
        let m = try await load()
        memberships.withLockedValue { $0[project] = .some(m) }
        return m
    }
}

extension PageMemo: StorageKey { typealias Value = PageMemo }

extension Request {
    /// The project with its partnership (remembered for the page being built, if any).
    func projectWithPartnership(_ id: UUID) async throws -> Project? {
        let load = { try await Project.query(on: self.db).filter(\.$id == id).with(\.$partnership).first() }
        guard let memo = storage[PageMemo.self] else { return try await load() }
        return try await memo.project(id, load: load)
    }

    /// The caller's membership of a project, if any (remembered for the page being built, if any; a
    /// page's calls are all one user's).
    func membership(_ c: Caller, project: UUID) async throws -> ProjectMember? {
        let load = { try await ProjectMember.query(on: self.db).filter(\.$projectID == project).filter(\.$userID == c.userID).first() }
        guard let memo = storage[PageMemo.self] else { return try await load() }
        return try await memo.membership(project, load: load)
    }
}
