import Foundation
import Vapor

extension HTML {
    /// A form for an action that needs a reason and a ticked confirmation (suspending an agreement,
    /// deactivating a user…). Fields are `reason-<name>` and `confirm-<name>`, the button is `<name>`,
    /// so that several fit on one page.
    static func confirmedForm(_ name: String, action: String, csrf: String, hint: String, confirm: String, button: String,
                              warning: Bool, extra: String = "") -> String {
        """
        <form method="post" action="\(esc(action))"><input type="hidden" name="csrf" value="\(esc(csrf))">\(extra)
        <label for="reason-\(name)">Reason<span class="hint">\(esc(hint))</span></label><textarea id="reason-\(name)" name="reason" rows="3"></textarea>
        <label for="confirm-\(name)"><input type="checkbox" id="confirm-\(name)" name="confirm" value="yes"> \(esc(confirm))</label>
        <button class="button \(warning ? "warning" : "secondary")" id="\(name)">\(esc(button))</button></form>
        """
    }
}

extension WebContext {
    /// Refuses a `confirmedForm` sent without its box ticked.
    func requireConfirmation() throws {
        guard field("confirm") == "yes" else { throw WebProblem(status: .unprocessableEntity, reason: "Tick the box to confirm, then send the form again") }
    }
}
