import Foundation
import Vapor

/// An action refused because of the agreement's status: a 409 whose problem body also names the
/// agreement, its status and the action, so that clients and pages can say what would allow it.
struct AgreementRefusal: AbortError, Sendable {
    var action: GovernedAction
    var agreementStatus: GoverningStatus
    var agreement: UUID?
    var title: String?
    /// The dataset whose agreement stands in the way.
    var dataset: String?
    /// Since when (yyyy-mm-dd; until when, for an agreement not yet in force).
    var since: String?
    /// The organisation that made the last change of status, and why.
    var by: UUID?
    var why: String
    /// That organisation's name, once looked up.
    var byName: String?

    var status: HTTPResponseStatus { .conflict }

    /// e.g. "agreement 'School readiness v2' is SUSPENDED since 2026-12-01 by Essex County Council
    /// (reason: …); its owning organisation's signatory must resume it to release outputs".
    var reason: String {
        guard let title else {
            return "no agreement of this project covers " + (dataset.map { "dataset '\($0)'" } ?? "its data") + "; "
                + GovernancePolicy.remedy(.none, action)
        }
        var s = "agreement '\(title)' is \(agreementStatus.rawValue)"
        if let since { s += agreementStatus == .notInForce ? " until \(since)" : " since \(since)" }
        if agreementStatus == .suspended {
            if let byName { s += " by \(byName)" }
            let text = why.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { s += " (reason: \(text))" }
        }
        let remedy = GovernancePolicy.remedy(agreementStatus, action)
        return remedy.isEmpty ? s : s + "; " + remedy
    }

    /// The problem body's `agreement` member.
    typealias Detail = Problem.RefusalDetail
    var detail: Detail {
        Detail(id: agreement, title: title, status: agreementStatus.rawValue, since: since, action: action.rawValue, dataset: dataset)
    }
}
