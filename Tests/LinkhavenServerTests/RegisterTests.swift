import Fluent
import Foundation
import LinkhavenCore
@testable import LinkhavenServer
import LinkhavenTooling
import Testing
import Vapor

/// The transparency register, read without signing in: what it shows (partnership, project, agreement,
/// who shares which datasets, published outputs, incidents reported to the ICO), what it never shows (DRAFT
/// work, unpublished outputs, unreported incidents, people, any value of any dataset), and that it caches.
@Suite("The transparency register", .serialized)
struct RegisterTests {
    @Test func anyoneReadsWhatIsSharedAndNothingElse() async throws {
        try await Harness.run(realTime: true, configure: { $0.inProcessWorkers = 1 }) { h in
            let f = try await LinkageRunTests.prepare(h, households: 300)
            let p = f.partnership, analyst = f.county[.analyst]!
            let queued = try await h.client.call(API.startRun, f.project, token: analyst)
            #expect(try await LinkageRunTests.waitFor(h, run: queued.id, token: analyst).status == .succeeded)
            let children = Condition(variable: "in:school_readiness", op: "=", value: "Y")
            func analyse(_ title: String) async throws -> OutputOut {
                try await h.client.call(API.runAnalysis, f.project, body: AnalysisIn(definition: AnalysisDefinition(
                    kind: "crosstab", title: title, population: [children], rows: "school_readiness.small_area", columns: "school_readiness.school_ready")), token: analyst)
            }
            let published = try await analyse("School readiness by area"), unpublished = try await analyse("Not for the public")
            try await Self.publish(published.id, h, f)
            // A project whose agreement is still a draft.
            let agreement = try #require(try await h.client.call(API.projectAgreements, f.project, token: f.county[.orgAdmin]!).first)
            let secret = try await h.client.call(API.createProject, p.partnership, body: ProjectIn(name: "Secret pilot", purpose: "Not yet agreed"),
                                                 token: f.county[.orgAdmin]!)
            var draft = agreement.document
            draft.title = "Draft protocol for the secret pilot"
            _ = try await h.client.call(API.draftAgreement, secret.id.uuidString, body: AgreementIn(parties: [try p.borough.uuid(), try p.police.uuid()], document: draft),
                                        token: f.county[.orgAdmin]!)
            // Two incidents: one reported to the ICO (shown: kind, date, status), one not (not shown).
            let project = UUID(uuidString: f.project)!
            let reported = try await h.client.call(API.recordIncident, body: IncidentIn(
                project: project, kind: .wrongfulDisclosure, discoveredAt: h.clock.now.addingTimeInterval(-60 * 3600),
                description: "A table was e-mailed to the wrong team", datasets: ["housing"], severity: 3, likelihood: 3), token: f.police[.orgAdmin]!)
            _ = try await h.client.call(API.decideRegulator, reported.id.uuidString, body: RegulatorViewIn(report: true, reason: "Personal data may be involved",
                                                                                                         reference: "ICO-2026-0042"), token: f.borough[.orgAdmin]!)
            _ = try await h.client.call(API.recordIncident, body: IncidentIn(project: project, kind: .misuse, discoveredAt: h.clock.now,
                                        description: "Not reported", severity: 1, likelihood: 1), token: f.police[.orgAdmin]!)

            // The register's summary and contact: proposed by an admin, shown once every party's signatory approved.
            #expect(try await h.call(.PUT, "api/v1/projects/\(f.project)/publication", token: f.county[.signatory]!,
                                     json: ["summary": "s", "contact": "c"]).status == .forbidden, "an admin proposes")
            let proposal = try await h.client.call(API.proposePublication, f.project, body: PublicationIn(
                summary: "Partners in Basildon look at which families could have been helped earlier before children start school.",
                contact: "Information governance, Essex County Council"), token: f.county[.orgAdmin]!)
            #expect(proposal.awaiting.count == 4 && proposal.summary.isEmpty)
            for o in [p.county, p.borough, p.police] { _ = try await h.client.call(API.approvePublication, f.project, token: o.tokens[.signatory]!) }
            let early = try Self.decoderFor().decode(PublicRegister.self, from: try await h.call(.GET, "api/v1/public/register").body)
            #expect(early.partnerships[0].projects[0].summary == nil, "not shown before every party approved")
            let approved = try await h.client.call(API.approvePublication, f.project, token: p.university.tokens[.signatory]!)
            #expect(approved.summary.hasPrefix("Partners in Basildon") && approved.awaiting.isEmpty)
            let reply = try await h.call(.GET, "api/v1/public/register")
            #expect(reply.status == .ok)
            let decoder = JSONDecoder(); decoder.dateDecodingStrategy = .iso8601
            let register = try decoder.decode(PublicRegister.self, from: reply.body)
            let partnership = try #require(register.partnerships.first)
            #expect(register.partnerships.count == 1 && partnership.members.count == 4 && partnership.declarationVersion == 1 && partnership.declarationDate != nil)
            #expect(partnership.projects.map(\.name) == ["School readiness"], "DRAFT work is not shown")
            let shown = try #require(partnership.projects.first)
            #expect(shown.summary?.hasPrefix("Partners in Basildon") == true && shown.contact == "Information governance, Essex County Council")
            #expect(shown.agreement.status == .approved && shown.agreement.version == 1 && shown.agreement.signedBy.allSatisfy { $0.hasPrefix("signatory of ") })
            #expect(shown.publicBenefit == ["Earlier help"] && !shown.legalBasis.isEmpty && shown.purpose.contains("Vange"))
            let housing = try #require(shown.sharing.first { $0.dataset == "housing" })
            #expect(shown.sharing.count == 6 && housing.organisation == "Basildon Borough Council")
            #expect(housing.fields.first { $0.name == "surname" }?.category == .identifier && housing.fields.contains { $0.category == .attribute },
                    "categories from the registered spec: \(housing.fields)")
            #expect(shown.outputs.map(\.id) == [published.id] && shown.outputs[0].geojson != nil, "only the published output")
            #expect(shown.incidents.map(\.kind) == [.wrongfulDisclosure], "only the incident reported to the ICO")
            let text = String(decoding: reply.body, as: UTF8.self)
            for hidden in [unpublished.id.uuidString, "Secret pilot", "Draft protocol", "ICO-2026-0042", "e-mailed to the wrong team", "@"] {
                #expect(!text.contains(hidden), "the register shows \(hidden)")
            }
            let html = try await h.call(.GET, "register")
            let page = String(decoding: html.body, as: UTF8.self)
            #expect(html.status == .ok && page.contains("Transparency register") && page.contains("School readiness by area") && !page.contains("<script"))
            #expect(html.headers.first(name: "Strict-Transport-Security") != nil && html.headers.first(name: "Content-Security-Policy") != nil)
            let outputPage = try await h.call(.GET, "register/outputs/\(published.id)")
            #expect(outputPage.status == .ok && String(decoding: outputPage.body, as: UTF8.self).contains("class=\"chart map\""), "the public output page with its map")
            #expect(try await h.call(.GET, "register/outputs/\(unpublished.id)").status == .notFound, "no page for an output not published")
            let csv = try await h.call(.GET, "api/v1/public/register.csv")
            #expect(csv.status == .ok && String(decoding: csv.body, as: UTF8.self).split(separator: "\n").count == 7, "a header and one line per dataset")

            // No value of any dataset, pseudonymised or raw, appears anywhere in the public area.
            let everything = [text, page, String(decoding: csv.body, as: UTF8.self)].joined()
            let metadata = agreement.document.purpose + agreement.document.title + shown.name + partnership.members.joined() + p.county.name
            var checked = 0
            for name in p.manifests.keys.sorted() {
                for file in ["\(name).pseudo.csv", "\(name).csv"] {
                    let reader = try CSVReader(path: f.dir + "/" + file)
                    let header = Set(try reader.next()!.fields)
                    while let row = try reader.next() {
                        for value in row.fields where value.count >= 5 && value.contains(where: \.isLetter) && !header.contains(value) && !metadata.contains(value) {
                            checked += 1
                            if Self.containsWord(everything, value) { Issue.record("\(file) value found in the public area (\(value.count) characters, first \(value.prefix(2)))"); return }
                        }
                    }
                }
            }
            #expect(checked > 1_000, "\(checked) values looked for")

            // Cacheable: the same answer is 304 to a client that has it; a change is a new ETag.
            let etag = try #require(reply.headers.first(name: .eTag)), modified = try #require(reply.headers.first(name: .lastModified))
            let again = try await h.client.call(.GET, "api/v1/public/register", headers: [("If-None-Match", etag)])
            #expect(again.status == .notModified && again.body.isEmpty, "\(again.status) \(etag) \(again.headers.first(name: .eTag) ?? "")")
            #expect(try await h.client.call(.GET, "api/v1/public/register", headers: [("If-Modified-Since", modified)]).status == .notModified)
            _ = try await h.client.call(API.suspendAgreement, agreement.id.uuidString, body: StatusChangeIn(reason: "A partner asked for a pause"),
                                        token: f.county[.orgAdmin]!)
            let changed = try await h.client.call(.GET, "api/v1/public/register", headers: [("If-None-Match", etag)])
            #expect(changed.status == .ok && changed.headers.first(name: .eTag) != etag)
            #expect(try decoder.decode(PublicRegister.self, from: changed.body).partnerships[0].projects[0].agreement.status == .suspended, "shown as such")
        }
    }

    /// Releases (two reviewers, the county as the school readiness data's owner) and publishes a county analyst's output.
    static func publish(_ output: UUID, _ h: Harness, _ f: IngestFixture) async throws {
        let id = output.uuidString, p = f.partnership, analyst = f.county[.analyst]!
        _ = try await h.client.call(API.requestRelease, id, token: analyst)
        _ = try await h.client.call(API.reviewOutput, id, body: ReleaseDecisionIn(approve: true), token: p.borough.tokens[.analyst]!)
        _ = try await h.client.call(API.reviewOutput, id, body: ReleaseDecisionIn(approve: true), token: p.county.tokens[.reviewer]!)
        _ = try await h.client.call(API.approveAsOwner, id, body: ReleaseDecisionIn(approve: true), token: p.county.tokens[.provider]!)
        _ = try await h.client.call(API.publishOutput, id, token: analyst)
    }

    static func decoderFor() -> JSONDecoder { let d = JSONDecoder(); d.dateDecodingStrategy = .iso8601; return d }

    /// Whether `text` holds `value` as a whole (not inside a longer word: "alcohol" is a substance, and part of
    /// the dataset name "drug_alcohol", which the register shows).
    static func containsWord(_ text: String, _ value: String) -> Bool {
        func word(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        var from = text.startIndex
        while let r = text.range(of: value, range: from..<text.endIndex) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before.map(word) ?? false) && !(after.map(word) ?? false) { return true }
            from = text.index(after: r.lowerBound)
        }
        return false
    }

    @Test func thePublicAreaIsRateLimitedPerAddress() async throws {
        try await Harness.run(configure: { $0.publicPerMinute = 3 }) { h in
            for _ in 0..<3 { #expect(try await h.call(.GET, "api/v1/public/register").status == .ok) }
            let limited = try await h.call(.GET, "register")
            #expect(limited.status == .tooManyRequests && limited.headers.first(name: .retryAfter) != nil)
            #expect(try await h.call(.GET, "sso/start?organisation=\(UUID())").status == .tooManyRequests, "starting single sign-on counts too")
            #expect(try await h.call(.GET, "api/v1/openapi.json").status == .ok, "the rest of the platform is not limited by it")
        }
    }
}
