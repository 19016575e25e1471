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
        try await Self.remember(id, in: projects, load)
    }

    func membership(_ project: UUID, load: () async throws -> ProjectMember?) async rethrows -> ProjectMember? {
        try await Self.remember(project, in: memberships, load)
    }

    /// What `load` found for `key` the first time it was asked (nothing found is remembered too).
    private static func remember<V: Sendable>(_ key: UUID, in box: NIOLockedValueBox<[UUID: V?]>, _ load: () async throws -> V?) async rethrows -> V? {
        if let known = box.withLockedValue({ $0[key] }) { return known }
        let found = try await load()
        box.withLockedValue { $0[key] = .some(found) }
        return found
    }
}

extension PageMemo: StorageKey { typealias Value = PageMemo }

extension Request {
    /// The project with its partnership, in one joined read (remembered for the page being built, if any).
    func projectWithPartnership(_ id: UUID) async throws -> Project? {
        let load = { () async throws -> Project? in
            guard let p = try await Project.query(on: self.db).filter(\.$id == id)
                .join(Partnership.self, on: \Project.$partnership.$id == \Partnership.$id).first() else { return nil }
            p.$partnership.value = try p.joined(Partnership.self)
            return p
        }
        guard let memo = storage[PageMemo.self] else { return try await load() }
        return try await memo.project(id, load: load)
    }

    /// The project, for a response that needs only the project itself: with its partnership while a page
    /// is being built (the page's other calls want it, and it is then read once), alone otherwise.
    func project(_ id: UUID) async throws -> Project? {
        storage[PageMemo.self] == nil ? try await Project.find(id, on: db) : try await projectWithPartnership(id)
    }

    /// The caller's membership of a project, if any (remembered for the page being built, if any; a
    /// page's calls are all one user's).
    func membership(_ c: Caller, project: UUID) async throws -> ProjectMember? {
        let load = { try await ProjectMember.query(on: self.db).filter(\.$projectID == project).filter(\.$userID == c.userID).first() }
        guard let memo = storage[PageMemo.self] else { return try await load() }
        return try await memo.membership(project, load: load)
    }
}
