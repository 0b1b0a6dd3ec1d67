import Hummingbird
import Rendering
import WorkPlan

/// The second pages of the changes a plain edit cannot undo (Drop, Cancel activity): the
/// first post shows what will happen and a form that says `confirm=yes`; only that one
/// changes the plan. The form is checked first (its date, and that the user may change the
/// activity), so that the page only ever asks for a change that can be made.
extension ActivityFormsController {
    @Sendable func confirmDrop(_ form: MilestoneForm, _ ref: MilestoneRef, _ context: PageContext) async throws -> Response? {
        guard form.confirm != "yes" else { return nil }
        let on = try FormInput.day(form.on, "Dropped from") ?? .today()
        let who = context.who
        let detail = try await plan.read { store in
            try store.check(who, may: .changeActivity(ref.activity))
            return try store.activity(ref.activity, asOf: on)
        }
        // One that left the plan already is not shown as of then: the change itself will say so.
        let title = detail.milestones.first { $0.ref == ref }.map { ", “\($0.title)”," } ?? ""
        let note = FormInput.text(form.note)
        return Reply.html(WebPages.confirm(
            title: "Drop \(ref)?",
            statement: ["Drop milestone \(ref)\(title) of \(ref.activity) “\(detail.summary.title)”, from \(on).",
                        "From that date it leaves the plan: it no longer counts in the reports, the dashboard or the slippage, and it takes "
                        + "no change of state or due date. The history keeps it; a plain edit cannot bring it back."]
                + (note.map { ["Note: \($0)"] } ?? []),
            action: "/milestones/\(ref)/drop", fields: [("on", on.description), ("note", note ?? "")], button: "Drop",
            back: "/activities/\(ref.activity)#m-\(ref)", user: who.account, csrf: context.csrf))
    }

    @Sendable func confirmCancel(_ form: MilestoneForm, _ ref: ActivityRef, _ context: PageContext) async throws -> Response? {
        guard form.confirm != "yes" else { return nil }
        let on = try FormInput.day(form.on, "Cancelled from") ?? .today()
        let who = context.who
        let detail = try await plan.read { store in
            try store.check(who, may: .changeActivity(ref))
            return try store.activity(ref, asOf: on)
        }
        let note = FormInput.text(form.note)
        let milestones = detail.milestones.count
        return Reply.html(WebPages.confirm(
            title: "Cancel \(ref)?",
            statement: ["Cancel activity \(ref), “\(detail.summary.title)”, from \(on).",
                        "From that date it leaves the plan with its \(milestones == 1 ? "milestone" : "\(milestones) milestones"): "
                        + "they no longer count in the reports, the dashboard or the slippage, and the activity takes no new milestone. "
                        + "The history keeps it; a plain edit cannot bring it back."]
                + (note.map { ["Note: \($0)"] } ?? []),
            action: "/activities/\(ref)/cancel", fields: [("on", on.description), ("note", note ?? "")], button: "Cancel activity",
            back: "/activities/\(ref)", user: who.account, csrf: context.csrf))
    }
}
