import LinkhavenAPI
import Testing

@Suite("Lifecycle statuses")
struct StatusTests {
    @Test func aRunMovesOnlyForward() {
        let allowed = RunStatus.allCases.flatMap { a in RunStatus.allCases.filter { a.allows($0) }.map { "\(a)→\($0)" } }
        #expect(allowed == ["queued→running", "queued→cancelled", "running→running", "running→succeeded", "running→failed", "running→cancelled",
                            "succeeded→withdrawn"], "a succeeded run is withdrawn only when data it read is destroyed")
        #expect(RunStatus.allCases.filter(\.isActive) == [.queued, .running])
        #expect(RunStatus(rawValue: "succeeded") == .succeeded, "stored by the raw values earlier releases wrote")
    }
}

@Suite("Upload and version statuses")
struct IngestStatusTests {
    @Test func anUploadIsDecidedOnceAndAVersionOnlyRetires() {
        let moves = UploadStatus.allCases.flatMap { a in UploadStatus.allCases.filter { a.allows($0) }.map { "\(a)→\($0)" } }
        #expect(moves == ["receiving→validating", "receiving→abandoned", "validating→accepted", "validating→rejected", "validating→breach"])
        #expect(UploadStatus.allCases.filter(\.isOpen) == [.receiving, .validating])
        #expect(VersionStatus.allCases.filter { VersionStatus.destroyed.allows($0) }.isEmpty, "destroyed is the end")
        #expect(!VersionStatus.replaced.allows(.current), "a replaced version never comes back")
    }
}

@Suite("Output statuses")
struct OutputStatusTests {
    @Test func anOutputGoesOutOneStepAtATime() {
        let moves = OutputStatus.allCases.flatMap { a in OutputStatus.allCases.filter { a.allows($0) }.map { "\(a)→\($0)" } }
        #expect(moves == ["checked→requested", "checked→withdrawn", "requested→released", "requested→rejected", "requested→withdrawn",
                          "released→published", "rejected→withdrawn"], "withdrawn when data it was made from is destroyed before release")
        #expect(OutputStatus.allCases.filter(\.isReleased) == [.released, .published])
    }
}

/// Every move a status type allows, as "from→to" with the raw values stored.
func moves<S: APIEnum>(_ type: S.Type, _ allows: (S, S) -> Bool) -> [String] {
    S.allCases.flatMap { a in S.allCases.filter { allows(a, $0) }.map { "\(a.rawValue)→\($0.rawValue)" } }
}

@Suite("Agreement, dataset and case statuses")
struct GovernanceStatusTests {
    @Test func anAgreementMovesAsTheProtocolSays() {
        #expect(moves(AgreementStatus.self) { $0.allows($1) } == [
            "DRAFT→FOR APPROVAL", "FOR APPROVAL→DRAFT", "FOR APPROVAL→APPROVED", "APPROVED→DRAFT", "APPROVED→SUSPENDED", "APPROVED→EXPIRED",
            "APPROVED→ENDED", "SUSPENDED→DRAFT", "SUSPENDED→APPROVED", "SUSPENDED→ENDED", "EXPIRED→DRAFT", "EXPIRED→ENDED",
        ])
        #expect(!AgreementStatus.expired.allows(.approved), "an expired agreement comes back only as a new version")
        #expect(AgreementStatus.allCases.allSatisfy { !AgreementStatus.ended.allows($0) }, "an ended agreement ends there")
        #expect(AgreementStatus(rawValue: "FOR APPROVAL") == .forApproval, "stored by the raw values earlier releases wrote")
    }

    @Test func datasetsAndCasesEndWhereTheyEnd() {
        #expect(moves(DatasetStatus.self) { $0.allows($1) } == ["active→destroying", "destroying→destroyed"])
        #expect(moves(QualityIssueStatus.self) { $0.allows($1) } == ["open→resolved"])
        #expect(moves(AuditRequestStatus.self) { $0.allows($1) } == ["requested→approved", "requested→declined"])
        #expect(IncidentStatus.allCases.filter { IncidentStatus.closed.allows($0) }.isEmpty, "a closed incident stays closed")
        #expect(IncidentStatus.allCases.allSatisfy { IncidentStatus.investigating.allows($0) })
    }
}
