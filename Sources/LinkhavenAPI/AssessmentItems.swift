import Foundation
import LinkhavenCore

/// One stated benefit (004: say what is shared, why, with what benefit): who benefits, how it will be
/// seen, and the measure it will be judged by at the review date.
public struct BenefitItem: Codable, Sendable, Equatable {
    public var who: String; public var how: String; public var measure: String
    public init(who: String, how: String, measure: String) { self.who = who; self.how = how; self.measure = measure }
}

/// Whom a risk falls on.
public enum RiskTo: String, APIEnum {
    case individuals, publicTrust = "public", services

    public var label: String {
        switch self {
        case .individuals: "individuals"
        case .publicTrust: "the public's trust"
        case .services: "services"
        }
    }
}

/// One risk: on whom, what, its likelihood and severity (1–5 each; the score is their product, of 25)
/// and the safeguard against it.
public struct RiskItem: Codable, Sendable, Equatable {
    public var to: RiskTo; public var description: String; public var likelihood: Int; public var severity: Int; public var safeguard: String
    public init(to: RiskTo, description: String, likelihood: Int, severity: Int, safeguard: String) {
        self.to = to; self.description = description; self.likelihood = likelihood; self.severity = severity; self.safeguard = safeguard
    }
    public var score: Int { likelihood * severity }
}

/// The equality impact (the public sector equality duty, 000 §6): the groups affected, how, and the mitigation.
public struct EqualityImpact: Codable, Sendable, Equatable {
    public var groups: String; public var how: String; public var mitigation: String
    public init(groups: String, how: String, mitigation: String) { self.groups = groups; self.how = how; self.mitigation = mitigation }
}

/// At the review date, what came of one stated benefit (by its position in the signed assessment).
public struct BenefitRealisation: Codable, Sendable, Equatable {
    public var benefit: Int; public var achieved: String; public var met: Bool
    public init(benefit: Int, achieved: String, met: Bool) { self.benefit = benefit; self.achieved = achieved; self.met = met }
}

/// Benefits realisation for the agreement's last approved version: one entry per stated benefit.
public struct RealisationIn: Codable, Sendable, Equatable {
    public var benefits: [BenefitRealisation]
    public init(benefits: [BenefitRealisation]) { self.benefits = benefits }
}

/// A version of an agreement as every party signed and its owner approved it: the document and the
/// assessment signed with it, the parties, when, and (at its review) the benefits realised.
public struct AgreementVersionOut: Codable, Sendable, Equatable {
    public var version: Int; public var document: AgreementDocument; public var assessment: Assessment?; public var parties: [UUID]
    public var approvedAt: Date; public var realisation: [BenefitRealisation]?; public var realisedAt: Date?
    public init(version: Int, document: AgreementDocument, assessment: Assessment?, parties: [UUID], approvedAt: Date,
                realisation: [BenefitRealisation]?, realisedAt: Date?) {
        self.version = version; self.document = document; self.assessment = assessment; self.parties = parties; self.approvedAt = approvedAt
        self.realisation = realisation; self.realisedAt = realisedAt
    }
}

extension Assessment {
    /// What is wrong with the structured parts (each benefit needs who, how and measure; each risk a
    /// description, a safeguard and a likelihood and severity from 1 to 5; an equality impact all three parts).
    public var problems: [String] {
        var out: [String] = []
        func blank(_ s: String) -> Bool { s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        for (n, b) in (benefitItems ?? []).enumerated() where blank(b.who) || blank(b.how) || blank(b.measure) {
            out.append("benefit \(n + 1) needs who benefits, how it will be seen and its measure")
        }
        for (n, r) in (riskItems ?? []).enumerated() {
            if blank(r.description) || blank(r.safeguard) { out.append("risk \(n + 1) needs a description and a safeguard") }
            if !(1...5).contains(r.likelihood) || !(1...5).contains(r.severity) { out.append("risk \(n + 1): likelihood and severity are each 1–5") }
        }
        if let e = equality, blank(e.groups) || blank(e.how) || blank(e.mitigation) {
            out.append("the equality impact needs the groups affected, how, and the mitigation")
        }
        return out
    }

    /// The benefits it states, in words, in the order realisation refers to them: each structured benefit,
    /// or else the free-text benefits as one (none when both are empty).
    public var statedBenefits: [String] {
        if let items = benefitItems, !items.isEmpty { return items.map { "\($0.who): \($0.how) (measure: \($0.measure))" } }
        return benefits.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? [] : [benefits]
    }

    /// Each part of the assessment as a labelled line of text, for showing two versions side by side.
    public var lines: [(String, String)] {
        var out: [(String, String)] = [("Who benefits", beneficiaries), ("Benefits", benefits)]
        for (n, b) in (benefitItems ?? []).enumerated() { out.append(("Benefit \(n + 1)", "\(b.who): \(b.how) (measure: \(b.measure))")) }
        out += [("Risks to individuals", risksToIndividuals), ("Risks to public trust", risksToPublic), ("Risks to services", risksToServices)]
        for (n, r) in (riskItems ?? []).enumerated() {
            out.append(("Risk \(n + 1)", "to \(r.to.label): \(r.description); likelihood \(r.likelihood) × severity \(r.severity) = \(r.score); safeguard: \(r.safeguard)"))
        }
        if let e = equality { out.append(("Equality impact", "\(e.groups): \(e.how); mitigation: \(e.mitigation)")) }
        out += [("Safeguards", safeguards), ("Who may access the data", accessLimits),
                ("Legal vulnerability addressed", legalVulnerabilityAddressed ? "yes" : "no"), ("Data quality assessed", dataQualityAssessed ? "yes" : "no")]
        return out
    }
}
