import Foundation
import LinkhavenCore
import Vapor

/// Drafting an agreement in the browser: every section of the protocol's summary sheet, the
/// parties, and what each provider shares; started from the project's current agreement if any.
func webAgreementDraftRoutes(_ app: Application) {
    app.page(.GET, "app", "projects", ":id", "agreements", "new") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let current = try await web.call(API.projectAgreements, id.uuidString).last
        return web.page("Draft an agreement", try await draftForm(web, project: id, values: current.map { draftValues($0.document) } ?? [:],
                                                                   parties: current?.parties ?? [], errors: []))
    }

    app.page(.POST, "app", "projects", ":id", "agreements") { web in
        let id = try web.req.parameters.require("id", as: UUID.self)
        let parties = ((try? web.req.content.get([String].self, at: "parties")) ?? []).compactMap(UUID.init(uuidString:))
        let again = { (problem: String) async throws in
            web.page("Draft an agreement", try await draftForm(web, project: id, values: submittedDraft(web), parties: parties, errors: [problem]))
        }
        guard let doc = agreementDocument(from: web) else { return try await again(DraftField.datasetLine) }
        do {
            let a = try await web.call(API.draftAgreement, id.uuidString, body: AgreementIn(parties: parties, document: doc))
            return WebContext.redirect("/app/agreements/\(a.id)?notice=updated")
        } catch let refused as any AbortError {
            return try await again(refused.reason)
        }
    }
}

/// The agreement document a draft form describes, or `nil` if a dataset line is malformed. A change
/// starts from the agreement's current document (`base`), so that what the form does not show (its
/// disclosure rules, date in force, publication clause, providers' stricter rules) is kept.
func agreementDocument(from web: WebContext, base: AgreementDocument? = nil) -> AgreementDocument? {
    var malformed = false
    let datasets: [AgreementDocument.SharedDataset] = web.field("datasets").split(whereSeparator: \.isNewline).compactMap { line in
        let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, !parts[0].isEmpty else { malformed = true; return nil }
        let before = base?.datasets.first { $0.name == parts[0] && $0.provider == parts[1] }
        return AgreementDocument.SharedDataset(provider: parts[1], name: parts[0], fields: parts[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                                               matchingIdentifiers: before?.matchingIdentifiers ?? [], disclosure: before?.disclosure)
    }
    guard !malformed else { return nil }
    let number = { (name: String) in Int(web.field(name)) ?? 0 }
    return AgreementDocument(
        title: web.field("title"), purpose: web.field("purpose"), legalBasis: web.field("legalBasis"), fairProcessing: web.field("fairProcessing"),
        publication: web.field("publication"), security: web.field("security"), formatAndFrequency: web.field("formatAndFrequency"),
        retention: .init(months: number("retentionMonths"), extensions: number("extensions"), extensionMonths: number("extensionMonths")),
        controllersInCommon: web.field("controllersInCommon"), processor: web.field("processor"), auditRights: web.field("auditRights"),
        complaints: web.field("complaints"), breachProcedure: web.field("breachProcedure"), reviewDate: web.field("reviewDate"),
        inForceFrom: base?.inForceFrom, publishedOutputsStayAvailable: base?.publishedOutputsStayAvailable, datasets: datasets,
        disclosure: base?.disclosure, interventionAllowed: web.field("interventionAllowed") == "yes")
}

/// The draft form's values as submitted, to show the form again with a problem.
func submittedDraft(_ web: WebContext) -> [String: String] {
    Dictionary(uniqueKeysWithValues: (DraftField.all.map(\.key) + ["retentionMonths", "extensions", "extensionMonths", "datasets", "interventionAllowed"]).map { ($0, web.field($0)) })
}

/// The agreement's text sections, in the order of the summary sheet.
struct DraftField {
    var key: String, label: String, hint: String
    /// What a malformed dataset line should have been.
    static let datasetLine = "Each dataset line is: name | provider organisation id | fields, comma-separated"
    static let all: [DraftField] = [
        .init(key: "title", label: "Title", hint: ""), .init(key: "purpose", label: "Purpose", hint: "What the sharing is for"),
        .init(key: "legalBasis", label: "Legal basis", hint: "The powers and conditions relied on"),
        .init(key: "fairProcessing", label: "Fair processing", hint: "How people are told"),
        .init(key: "publication", label: "Publication", hint: "e.g. only with the data owners' approval"),
        .init(key: "security", label: "Security", hint: ""), .init(key: "formatAndFrequency", label: "Format and frequency", hint: ""),
        .init(key: "controllersInCommon", label: "Data controllers in common", hint: ""), .init(key: "processor", label: "Data processor", hint: ""),
        .init(key: "auditRights", label: "Audit rights", hint: ""), .init(key: "complaints", label: "Complaints and requests", hint: ""),
        .init(key: "breachProcedure", label: "Breach procedure", hint: ""), .init(key: "reviewDate", label: "Review date", hint: "yyyy-mm-dd"),
    ]
}

/// The form's values from an agreement document (to start a new version from it).
func draftValues(_ d: AgreementDocument) -> [String: String] {
    ["title": d.title, "purpose": d.purpose, "legalBasis": d.legalBasis, "fairProcessing": d.fairProcessing, "publication": d.publication,
     "security": d.security, "formatAndFrequency": d.formatAndFrequency, "controllersInCommon": d.controllersInCommon, "processor": d.processor,
     "auditRights": d.auditRights, "complaints": d.complaints, "breachProcedure": d.breachProcedure, "reviewDate": d.reviewDate,
     "retentionMonths": String(d.retention.months), "extensions": String(d.retention.extensions), "extensionMonths": String(d.retention.extensionMonths),
     "datasets": d.datasets.map { "\($0.name) | \($0.provider) | \($0.fields.joined(separator: ", "))" }.joined(separator: "\n"),
     "interventionAllowed": d.interventionAllowed == true ? "yes" : "no"]
}

/// The draft form; `action` defaults to drafting a new agreement of the project (which chooses its
/// parties); an existing agreement's edit keeps its parties.
func draftForm(_ web: WebContext, project: UUID, values: [String: String], parties: [UUID], errors: [String], action: String? = nil) async throws -> String {
    let p = try await web.call(API.project, project.uuidString)
    let members = try await web.call(API.partnerships).first { $0.id == p.partnership }?.members ?? []
    let orgs = Dictionary((try await web.call(API.organisations)).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    var form = HTML.errors(errors) + "<form method=\"post\" action=\"\(HTML.esc(action ?? "/app/projects/\(project)/agreements"))\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.esc(web.csrf))\">"
    for f in DraftField.all {
        let hint = f.hint.isEmpty ? "" : "<span class=\"hint\">\(HTML.esc(f.hint))</span>"
        form += ["title", "reviewDate"].contains(f.key)
            ? "<label for=\"\(f.key)\">\(HTML.esc(f.label))\(hint)</label><input type=\"text\" id=\"\(f.key)\" name=\"\(f.key)\" value=\"\(HTML.esc(values[f.key] ?? ""))\">"
            : "<label for=\"\(f.key)\">\(HTML.esc(f.label))\(hint)</label><textarea id=\"\(f.key)\" name=\"\(f.key)\">\(HTML.esc(values[f.key] ?? ""))</textarea>"
    }
    form += """
        <label for="retentionMonths">Retention, months</label><input type="text" id="retentionMonths" name="retentionMonths" inputmode="numeric" value="\(HTML.esc(values["retentionMonths"] ?? "12"))">
        <label for="extensions">Extensions allowed</label><input type="text" id="extensions" name="extensions" inputmode="numeric" value="\(HTML.esc(values["extensions"] ?? "1"))">
        <label for="extensionMonths">Months per extension</label><input type="text" id="extensionMonths" name="extensionMonths" inputmode="numeric" value="\(HTML.esc(values["extensionMonths"] ?? "12"))">
        """
    if action == nil { form += "<fieldset><legend>Other parties</legend>" }
    for m in members where m != web.me.organisationID && action == nil {
        form += "<label><input type=\"checkbox\" name=\"parties[]\" value=\"\(m)\"\(parties.contains(m) ? " checked" : "")> \(HTML.esc(orgs[m] ?? m.uuidString))</label>"
    }
    form += (action == nil ? "</fieldset>" : "") + """
        <label for="datasets">Data shared<span class="hint">One dataset a line: name | providing organisation's id | fields, comma-separated</span></label>
        <textarea id="datasets" name="datasets">\(HTML.esc(values["datasets"] ?? ""))</textarea>
        <label for="interventionAllowed">Does the purpose allow intervention (cohorts back to providers)?</label>
        <select id="interventionAllowed" name="interventionAllowed"><option value="no">No</option><option value="yes"\(values["interventionAllowed"] == "yes" ? " selected" : "")>Yes</option></select>
        <button class="button" id="save-draft">Save the draft</button></form>
        """
    return form
}
