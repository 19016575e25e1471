import LinkhavenAPI
import Testing

@Suite("Lifecycle statuses")
struct StatusTests {
    @Test func aRunMovesOnlyForward() {
        let allowed = RunStatus.allCases.flatMap { a in RunStatus.allCases.filter { a.allows($0) }.map { "\(a)→\($0)" } }
        #expect(allowed == ["queued→running", "queued→cancelled", "running→running", "running→succeeded", "running→failed", "running→cancelled"])
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
        #expect(moves == ["checked→requested", "requested→released", "requested→rejected", "released→published"])
        #expect(OutputStatus.allCases.filter(\.isReleased) == [.released, .published])
    }
}
