import Foundation
import LinkhavenCore
import Vapor

/// The benefit and risk assessment of a project, with its red lines, and the dataset actions a
/// partner or provider takes: raising a data quality issue, destroying data early.
func webAssessmentRoutes(_ app: Application) {
    app.page(.GET, "app", "projects", ":id", "assessment") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let p = try await web.call(API.project, id.uuidString)
        let signed = try await web.call(API.projectAgreements, id.uuidString).first { $0.status != .draft }
        return web.page("Benefit and risk assessment: \(p.name)", web.notice + assessmentBody(web, project: id, p.assessment, redLines: p.openRedLines, signedWith: signed))
    }

    app.page(.POST, "app", "projects", ":id", "assessment") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let (benefitItems, riskItems, equality) = WebAssessmentItems.read(web)
        let assessment = Assessment(beneficiaries: web.field("beneficiaries"), benefits: web.field("benefits"),
                                    risksToIndividuals: web.field("risksToIndividuals"), risksToPublic: web.field("risksToPublic"),
                                    risksToServices: web.field("risksToServices"), safeguards: web.field("safeguards"),
                                    legalVulnerabilityAddressed: web.field("legalVulnerabilityAddressed") == "yes",
                                    dataQualityAssessed: web.field("dataQualityAssessed") == "yes", accessLimits: web.field("accessLimits"),
                                    benefitItems: benefitItems, riskItems: riskItems, equality: equality)
        return try await web.act(API.writeAssessment, id.uuidString, body: assessment, back: "/app/projects/\(id)/assessment", notice: "updated")
    }

    app.page(.POST, "app", "datasets", ":id", "quality-issues") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        return try await web.act(API.raiseQualityIssue, id.uuidString, body: QualityIssueIn(version: Int(web.field("version")) ?? 0, description: web.field("description")),
                                 back: "/app/datasets/\(id)", notice: "updated")
    }

    app.page(.POST, "app", "datasets", ":id", "destroy") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        guard web.field("confirm") == "destroy" else { throw WebProblem(status: .unprocessableEntity, reason: "Type destroy to confirm: this cannot be undone") }
        return try await web.act(API.destroyDataset, id.uuidString, back: "/app/datasets/\(id)", notice: "destroyed")
    }
}

let assessmentFields: [(String, String)] = [("beneficiaries", "Who benefits"), ("benefits", "The identifiable, tangible benefits"),
    ("risksToIndividuals", "Risks to individuals"), ("risksToPublic", "Risks to public trust"), ("risksToServices", "Risks to services"),
    ("safeguards", "Safeguards"), ("accessLimits", "Who may access the data, and why")]

func assessmentBody(_ web: WebContext, project: UUID, _ a: Assessment?, redLines: [String], signedWith: AgreementOut? = nil) -> String {
    var body = redLines.isEmpty ? HTML.notice("No red line is open: an agreement may be approved.")
        : HTML.errors(redLines.map { "Red line: " + $0 }) + "<p>No agreement of this project can be approved while a red line is open.</p>"
    if let s = signedWith {
        // Signed with the version: shown, not editable, until the agreement is changed into a new version.
        body += "<p id=\"assessment-signed\">This assessment is signed with \(HTML.link("the agreement's version \(s.version)", "/app/agreements/\(s.id)")) "
            + "(\(HTML.esc(s.status.rawValue))). To revise it, change the agreement: a new version, which every party signs again.</p>"
        return body + HTML.summary((s.assessment ?? a)?.lines ?? [])
    }
    let values: [String: String] = a.map { ["beneficiaries": $0.beneficiaries, "benefits": $0.benefits, "risksToIndividuals": $0.risksToIndividuals,
                                            "risksToPublic": $0.risksToPublic, "risksToServices": $0.risksToServices, "safeguards": $0.safeguards,
                                            "accessLimits": $0.accessLimits] } ?? [:]
    body += "<form method=\"post\" action=\"/app/projects/\(project)/assessment\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.esc(web.csrf))\">"
    for (key, label) in assessmentFields {
        body += "<label for=\"\(key)\">\(HTML.esc(label))</label><textarea id=\"\(key)\" name=\"\(key)\">\(HTML.esc(values[key] ?? ""))</textarea>"
    }
    for (key, label, value) in [("legalVulnerabilityAddressed", "Has legal vulnerability been addressed?", a?.legalVulnerabilityAddressed == true),
                                ("dataQualityAssessed", "Has data quality been assessed?", a?.dataQualityAssessed == true)] {
        body += "<label for=\"\(key)\">\(HTML.esc(label))</label><select id=\"\(key)\" name=\"\(key)\"><option value=\"no\">No</option><option value=\"yes\"\(value ? " selected" : "")>Yes</option></select>"
    }
    return body + WebAssessmentItems.form(a) + "<button class=\"button\">Save the assessment</button></form>"
}
