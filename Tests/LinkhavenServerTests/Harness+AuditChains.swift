import Fluent
import LinkhavenCore
@testable import LinkhavenServer

extension Harness {
    /// Every audit chain in the database, exported with a fresh checkpoint and checked as an auditor
    /// would: the chains that do not verify, with why (empty when all do), and how many events were checked.
    func brokenAuditChains() async throws -> (broken: [String], events: Int) {
        var broken: [String] = [], events = 0
        for chain in Set(try await AuditEventModel.query(on: app.db).all().map(\.chain)).sorted() {
            let export = try await app.platform.audit.export(chain: chain, on: app.db, at: clock.now, key: app.platform.signingKey)
            events += export.events.count
            let verdict = AuditVerifier.verify(export)
            if verdict != .valid(events: export.events.count, lastCheckpoint: export.checkpoints.last?.seq) { broken.append("\(chain): \(verdict)") }
        }
        return (broken, events)
    }
}
