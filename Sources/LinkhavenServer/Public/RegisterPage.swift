import Foundation
import LinkhavenCore

/// The register as an HTML page anyone can read: partnership by partnership, each project's purpose,
/// benefit, legal basis, agreement, who shares what, published outputs and incidents reported.
enum RegisterPage {
    static func html(_ r: PublicRegister) -> String {
        var body = """
            <p>What the public-sector partners on this platform share, why, under which agreement, and what they publish. Data is pseudonymised
            at source: the platform never sees who anyone is. This page lists datasets and their fields, never a value, and organisations, never a person.
            The same is available as <a href="/api/v1/public/register">JSON</a> and <a href="/api/v1/public/register.csv">CSV</a>, and the data
            catalogue as <a href="/api/v1/public/catalogue.jsonld">DCAT (JSON-LD)</a>.</p>
            """
        if r.partnerships.isEmpty { body += "<p>No partnership is registered yet.</p>" }
        for p in r.partnerships {
            body += "<h2>\(HTML.esc(p.name))</h2>" + HTML.summary([
                ("Members", p.members.joined(separator: ", ")),
                ("Declaration", p.declarationVersion == 0 ? "not yet signed by every member" : "version \(p.declarationVersion), signed by every member"
                    + (p.declarationDate.map { " by " + HTML.date($0) } ?? "")),
            ])
            if p.projects.isEmpty { body += "<p>No project of this partnership has an agreement signed by every party yet.</p>" }
            for project in p.projects { body += Self.project(project) }
        }
        return body
    }

    private static func project(_ p: RegisterProject) -> String {
        let a = p.agreement
        let anchor = "project-" + p.id.uuidString.lowercased()
        var html = "<h3 id=\"\(anchor)\">\(HTML.esc(p.name))</h3>" + (p.summary.map { "<p>\(HTML.esc($0))</p>" } ?? "") + HTML.summary([
            ("Purpose", p.purpose), ("Contact", p.contact ?? "the organisations below"), ("Public benefit", p.publicBenefit.joined(separator: "; ")), ("Legal basis", p.legalBasis),
            ("Agreement", "\(a.title), version \(a.version)"), ("Status", a.status == .approved ? "in force" : a.status.rawValue),
            ("In force from", a.inForceFrom ?? "its approval"), ("Review date", a.reviewDate), ("Signed by", a.signedBy.joined(separator: ", ")),
        ])
        html += HTML.table(caption: "Data shared for \(p.name)",
                           headers: ["Organisation", "Dataset", "Used only for matching (pseudonymised at source)", "Generalised at source", "Analysed"],
                           rows: p.sharing.map { s in
                               [.text(s.organisation), .text(s.dataset)] + [FieldCategory.identifier, .quasiIdentifier, .attribute].map { c in
                                   .text(s.fields.filter { $0.category == c }.map(\.name).joined(separator: ", "))
                               }
                           })
        for s in p.sharing { html += Self.catalogueEntry(s, anchor: anchor.replacingOccurrences(of: "project-", with: "dataset-") + "-" + s.dataset) }
        html += p.outputs.isEmpty ? "<p>No output of this project is published.</p>" : HTML.table(
            caption: "Published outputs of \(p.name)", headers: ["Output", "Released", "Open data"],
            rows: p.outputs.map { o in
                [.raw(HTML.link(o.title, "/register/outputs/\(o.id)")), .text(o.releasedAt.map(HTML.date) ?? ""),
                 .raw([HTML.link("CSV", o.csv), HTML.link("JSON", o.json)].joined(separator: " ") + (o.geojson.map { " " + HTML.link("GeoJSON", $0) } ?? ""))]
            })
        if !p.incidents.isEmpty {
            html += HTML.table(caption: "Incidents reported to the ICO", headers: ["Kind", "Discovered", "Status"],
                               rows: p.incidents.map { [.text($0.kind.label), .text(HTML.date($0.discoveredAt)), .text($0.status.rawValue)] })
        }
        return html
    }

    /// The public part of a dataset's catalogue entry: what it is, what it covers, how often it is
    /// refreshed, the boundaries it maps to, and what each field means.
    private static func catalogueEntry(_ s: RegisterSharing, anchor: String) -> String {
        var html = "<h4 id=\"\(anchor)\">\(HTML.esc(s.dataset)) (\(HTML.esc(s.organisation)))</h4>"
        guard let description = s.description else { return html + "<p>Its holder has not described this dataset yet.</p>" }
        let period = [s.periodStart, s.periodEnd].map { $0 ?? "…" }.joined(separator: " to ")
        html += HTML.summary([("Description", description), ("Area covered", s.coverageArea ?? ""), ("Period covered", period),
                              ("Updated", s.updateFrequency?.rawValue ?? "not said"),
                              ("Can be mapped to", s.boundaries.isEmpty ? "no boundaries" : s.boundaries.joined(separator: "; "))])
        let defined = s.fields.filter { $0.definition != nil }
        if !defined.isEmpty {
            html += HTML.table(caption: "Fields of \(s.dataset)", headers: ["Field", "Category", "Definition"],
                               rows: defined.map { [.text($0.name), .text($0.category.rawValue), .text($0.definition ?? "")] })
        }
        return html
    }
}
