@testable import LinkhavenAPI
import Testing

@Suite("Path templates")
struct PathTemplateTests {
    @Test func parametersAreNamedAndFilledInOrder() {
        let t: PathTemplate = "/api/v1/organisations/{org}/users/{user}"
        #expect(t.parameters == ["org", "user"])
        #expect(t.description == "/api/v1/organisations/{org}/users/{user}")
        #expect(t.filled(["a b", "c/d"]) == "/api/v1/organisations/a%20b/users/c%2Fd", "a value stays one segment")
        #expect(PathTemplate("/api/v1/me").parameters.isEmpty)
    }
}
