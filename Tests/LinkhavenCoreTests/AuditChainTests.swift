import Crypto
import Testing
@testable import LinkhavenCore

@Suite("Tamper-evident audit chain")
struct AuditChainTests {
    let key = Curve25519.Signing.PrivateKey()

    func export(_ n: Int = 10, checkpointAt: [Int] = [5, 10]) throws -> AuditExport {
        var events: [AuditEvent] = []
        for i in 0..<n {
            events.append(AuditEvent(chain: "org-1", after: events.last, at: "2026-11-21T10:00:\(10 + i)Z", actor: "user-\(i % 3)",
                                     organisation: "org-1", action: i % 2 == 0 ? "agreement.update" : "session.create",
                                     object: "agreement/\(i)", outcome: "success"))
        }
        let cps = try checkpointAt.map { try AuditCheckpoint(of: events[$0 - 1], at: "2026-11-21T11:00:00Z", key: key) }
        return AuditExport(chain: "org-1", publicKey: Base64URL.encode(Array(key.publicKey.rawRepresentation)), events: events, checkpoints: cps)
    }

    @Test func intactChainVerifies() throws {
        #expect(AuditVerifier.verify(try export(), trusted: key.publicKey) == .valid(events: 10, lastCheckpoint: 10))
    }

    @Test func everyEditIsDetected() throws {
        let e = try export()
        for i in 0..<10 {
            var edited = e
            edited.events[i].outcome = "denied"
            #expect(AuditVerifier.verify(edited) == .broken(seq: i + 1, reason: "its contents do not match its hash (edited)"))
        }
    }

    @Test func deletionReorderingAndTruncationAreDetected() throws {
        var deleted = try export()
        deleted.events.remove(at: 3)
        #expect(AuditVerifier.verify(deleted) == .broken(seq: 4, reason: "event 4 is missing or out of order (found 5)"))
        var swapped = try export()
        swapped.events.swapAt(2, 3)
        guard case .broken(let seq, _) = AuditVerifier.verify(swapped) else { Issue.record("reordering not detected"); return }
        #expect(seq == 3)
        var truncated = try export()
        truncated.events.removeLast(2)
        #expect(AuditVerifier.verify(truncated) == .broken(seq: 10, reason: "events up to the signed checkpoint at 10 are missing (truncated)"))
    }

    /// An attacker who edits an event and recomputes every later hash still cannot match the signed checkpoints.
    @Test func rehashingAfterAnEditIsCaughtByCheckpoints() throws {
        var e = try export()
        var rebuilt: [AuditEvent] = []
        for var ev in e.events {
            if ev.seq == 7 { ev.actor = "someone-else" }
            rebuilt.append(AuditEvent(chain: ev.chain, after: rebuilt.last, at: ev.at, actor: ev.actor, organisation: ev.organisation,
                                      action: ev.action, object: ev.object, outcome: ev.outcome))
        }
        e.events = rebuilt
        #expect(AuditVerifier.verify(e, trusted: key.publicKey) == .broken(seq: 10, reason: "event 10 differs from the signed checkpoint"))
        var forged = e
        let other = Curve25519.Signing.PrivateKey()
        forged.checkpoints = try [AuditCheckpoint(of: rebuilt[9], at: "2026-11-21T11:00:00Z", key: other)]
        forged.publicKey = Base64URL.encode(Array(other.publicKey.rawRepresentation))
        #expect(AuditVerifier.verify(forged, trusted: key.publicKey) == .broken(seq: 10, reason: "checkpoint at 10 is not signed by the platform key"))
    }
}
