import Foundation
import LinkhavenCore
import Vapor

/// The structured parts of the assessment form: each benefit (who, how it will be seen, measure), each
/// risk (on whom, likelihood and severity 1–5, safeguard), the equality impact; one blank row of each
/// to add another.
enum WebAssessmentItems {
    static func form(_ a: Assessment?) -> String {
        func input(_ id: String, _ name: String, _ label: String, _ value: String) -> String {
            "<label for=\"\(id)\">\(HTML.esc(label))</label><input type=\"text\" id=\"\(id)\" name=\"\(name)[]\" value=\"\(HTML.esc(value))\">"
        }
        func select(_ id: String, _ name: String, _ label: String, _ options: [(String, String)], _ chosen: String) -> String {
            "<label for=\"\(id)\">\(HTML.esc(label))</label><select id=\"\(id)\" name=\"\(name)[]\">"
                + options.map { "<option value=\"\(HTML.esc($0.0))\"\($0.0 == chosen ? " selected" : "")>\(HTML.esc($0.1))</option>" }.joined() + "</select>"
        }
        var html = "<fieldset><legend>Each benefit: who benefits, how it will be seen, and its measure</legend>"
        for (n, b) in ((a?.benefitItems ?? []) + [BenefitItem(who: "", how: "", measure: "")]).enumerated() {
            html += input("benefit-who-\(n)", "benefitWho", "Benefit \(n + 1): who benefits", b.who) + input("benefit-how-\(n)", "benefitHow", "How it will be seen", b.how)
                + input("benefit-measure-\(n)", "benefitMeasure", "Its measure", b.measure)
        }
        html += "</fieldset><fieldset><legend>Each risk: on whom, likelihood × severity (1–5 each), and its safeguard</legend>"
        let scale = (1...5).map { (String($0), String($0)) }
        for (n, r) in ((a?.riskItems ?? []) + [RiskItem(to: .individuals, description: "", likelihood: 1, severity: 1, safeguard: "")]).enumerated() {
            html += select("risk-to-\(n)", "riskTo", "Risk \(n + 1): to", RiskTo.allCases.map { ($0.rawValue, $0.label) }, r.to.rawValue)
                + input("risk-description-\(n)", "riskDescription", "What could happen", r.description)
                + select("risk-likelihood-\(n)", "riskLikelihood", "Likelihood", scale, String(r.likelihood))
                + select("risk-severity-\(n)", "riskSeverity", "Severity", scale, String(r.severity))
                + input("risk-safeguard-\(n)", "riskSafeguard", "Safeguard", r.safeguard)
        }
        let e = a?.equality
        html += "</fieldset><fieldset><legend>Equality impact</legend>" + input("equality-groups", "equalityGroups", "Groups affected", e?.groups ?? "")
            + input("equality-how", "equalityHow", "How", e?.how ?? "") + input("equality-mitigation", "equalityMitigation", "Mitigation", e?.mitigation ?? "")
        return html + "</fieldset>"
    }

    /// The structured parts from the posted form; rows left blank are dropped.
    static func read(_ web: WebContext) -> ([BenefitItem]?, [RiskItem]?, EqualityImpact?) {
        func list(_ name: String) -> [String] { ((try? web.req.content.get([String].self, at: name)) ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }
        func at(_ l: [String], _ i: Int) -> String { i < l.count ? l[i] : "" }
        let (who, how, measure) = (list("benefitWho"), list("benefitHow"), list("benefitMeasure"))
        let benefits = who.indices.map { BenefitItem(who: who[$0], how: at(how, $0), measure: at(measure, $0)) }
            .filter { !($0.who + $0.how + $0.measure).isEmpty }
        let (to, what, likelihood, severity, safeguard) = (list("riskTo"), list("riskDescription"), list("riskLikelihood"), list("riskSeverity"), list("riskSafeguard"))
        let risks = what.indices.map { RiskItem(to: RiskTo(rawValue: at(to, $0)) ?? .individuals, description: what[$0], likelihood: Int(at(likelihood, $0)) ?? 0,
                                                severity: Int(at(severity, $0)) ?? 0, safeguard: at(safeguard, $0)) }
            .filter { !($0.description + $0.safeguard).isEmpty }
        let groups = list("equalityGroups").first ?? "", equalityHow = list("equalityHow").first ?? "", mitigation = list("equalityMitigation").first ?? ""
        let equality = (groups + equalityHow + mitigation).isEmpty ? nil : EqualityImpact(groups: groups, how: equalityHow, mitigation: mitigation)
        return (benefits.isEmpty ? nil : benefits, risks.isEmpty ? nil : risks, equality)
    }
}
