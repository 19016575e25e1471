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
