import Hummingbird
import Rendering
import WorkPlan

/// The forms of the activity and group pages (DESIGN §9): each posts, then redirects to the
/// changed page, or shows the page again with the error beside the form and the values it was
/// sent. Mounted on a ``PageContext`` group behind ``FormTokenMiddleware``: signed in, with the
/// session's token. What the user may change is WorkPlan's rule, as for the API.
struct ActivityFormsController: Sendable {
    let plan: PlanService
    let pages: Pages

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.post("milestones/{ref}/done", use: markDone)
            .post("milestones/{ref}/reopen", use: reopen)
            .post("milestones/{ref}/reschedule", use: reschedule)
            .post("milestones/{ref}/drop", use: drop)
            .post("activities/{ref}/milestones", use: addMilestone)
            .post("activities/{ref}/edit", use: edit)
            .post("activities/{ref}/cancel", use: cancel)
            .post("indicators/{ref}/values", use: recordValue)
            .post("groups/{code}/activities", use: addActivity)
    }

    /// A form of the activity page, and what it was sent, to show again.
    protocol ActivityPageForm: Decodable {
        var entered: [String: String] { get }
    }

    struct MilestoneForm: ActivityPageForm {
        var on: String?
        var note: String?
        var due: String?
        var title: String?
        /// "yes" on the second page of a change that asks for confirmation (Drop, Cancel activity).
        var confirm: String?

        var entered: [String: String] { ["on": on ?? "", "note": note ?? "", "due": due ?? "", "title": title ?? ""] }
    }

    struct EditForm: ActivityPageForm {
        var title: String?
        var lead: String?
        var partners: String?
        var start: String?
        var end: String?
        var on: String?
        var note: String?
        var value: String?
        var description: String?

        var entered: [String: String] {
            ["title": title ?? "", "lead": lead ?? "", "partners": partners ?? "", "start": start ?? "", "end": end ?? "", "on": on ?? "",
             "note": note ?? "", "value": value ?? "", "description": description ?? ""]
        }
    }

    // MARK: - Milestones

    @Sendable func markDone(_ request: Request, context: PageContext) async throws -> Response {
        try await milestoneForm(request, context, "done") { store, author, ref, form in
            try store.setMilestone(ref, done: true, on: try FormInput.day(form.on, "Date") ?? .today(), note: FormInput.text(form.note), by: author)
        }
    }

    @Sendable func reopen(_ request: Request, context: PageContext) async throws -> Response {
        try await milestoneForm(request, context, "reopen") { store, author, ref, form in
            try store.setMilestone(ref, done: false, on: try FormInput.day(form.on, "Date") ?? .today(), note: FormInput.text(form.note), by: author)
        }
    }

    @Sendable func reschedule(_ request: Request, context: PageContext) async throws -> Response {
        try await milestoneForm(request, context, "reschedule") { store, author, ref, form in
            guard let due = try FormInput.day(form.due, "New due date") else { throw FormError(message: "give the new due date") }
            return try store.editMilestone(ref, title: nil, due: due, on: try FormInput.day(form.on, "Date") ?? .today(),
                                           note: FormInput.text(form.note), by: author)
        }
    }

    /// Drop cannot be undone by a plain edit: a second page asks first.
    @Sendable func drop(_ request: Request, context: PageContext) async throws -> Response {
        try await milestoneForm(request, context, "drop", confirm: confirmDrop) { store, author, ref, form in
            try store.dropMilestone(ref, on: try FormInput.day(form.on, "Date") ?? .today(), note: FormInput.text(form.note), by: author)
        }
    }

    private func milestoneForm(_ request: Request, _ context: PageContext, _ action: String,
                               confirm: ((MilestoneForm, MilestoneRef, PageContext) async throws -> Response?)? = nil,
                               change: @escaping @Sendable (PlanStore, PlanStore.Author, MilestoneRef, MilestoneForm) throws -> ChangeOutcome)
        async throws -> Response {
        try await activityForm(request, context, MilestoneForm.self, ref: MilestoneRef.init, noun: "milestone", activity: \.activity,
                               formID: { "\(action)-\($0)" }, confirm: confirm) { form, ref in
            // A date that is not one is the form's mistake, before anything is asked of the plan.
            _ = try FormInput.day(form.on, "Date")
            _ = try await plan.change(context.who, .changeActivity(ref.activity)) { store, author in try change(store, author, ref, form) }
            return "/activities/\(ref.activity)#m-\(ref)"
        }
    }

    @Sendable func addMilestone(_ request: Request, context: PageContext) async throws -> Response {
        try await activityForm(request, context, MilestoneForm.self, ref: ActivityRef.init, noun: "activity", activity: { $0 },
                               formID: { _ in "add-milestone" }) { form, ref in
            let (title, due) = (form.title ?? "", try FormInput.day(form.due, "Due"))
            let milestone = try await plan.change(context.who, .changeActivity(ref)) { store, author in
                try store.addMilestone(to: ref, title: title, due: due, by: author)
            }
            return "/activities/\(ref)#m-\(milestone)"
        }
    }

    // MARK: - Activities and indicators

    @Sendable func edit(_ request: Request, context: PageContext) async throws -> Response {
        try await activityForm(request, context, EditForm.self, ref: ActivityRef.init, noun: "activity", activity: { $0 },
                               formID: { _ in "edit-activity" }) { form, ref in
            let edit = PlanStore.ActivityEdit(title: form.title ?? "", lead: try FormInput.agency(form.lead),
                                              partners: try FormInput.agencies(form.partners), start: try FormInput.day(form.start, "Start"),
                                              end: try FormInput.day(form.end, "End"))
            let (on, note) = (try FormInput.day(form.on, "From") ?? .today(), FormInput.text(form.note))
            _ = try await plan.change(context.who, .changeActivity(ref)) { store, author in
                try store.editActivity(ref, edit, on: on, note: note, by: author)
            }
            return "/activities/\(ref)"
        }
    }

    /// Cancelling cannot be undone by a plain edit: a second page asks first.
    @Sendable func cancel(_ request: Request, context: PageContext) async throws -> Response {
        try await activityForm(request, context, MilestoneForm.self, ref: ActivityRef.init, noun: "activity", activity: { $0 },
                               formID: { _ in "cancel-activity" }, confirm: confirmCancel) { form, ref in
            let (on, note) = (try FormInput.day(form.on, "Cancelled from") ?? .today(), FormInput.text(form.note))
            _ = try await plan.change(context.who, .changeActivity(ref)) { store, author in
                try store.cancelActivity(ref, on: on, note: note, by: author)
            }
            return "/activities/\(ref)"
        }
    }

    @Sendable func recordValue(_ request: Request, context: PageContext) async throws -> Response {
        try await activityForm(request, context, EditForm.self, ref: IndicatorRef.init, noun: "indicator", activity: \.activity,
                               formID: { "value-\($0)" }) { form, ref in
            guard let value = form.value, !value.allSatisfy(\.isWhitespace) else { throw FormError(message: "Give the value.") }
            let on = try FormInput.day(form.on, "On") ?? .today()
            _ = try await plan.change(context.who, .changeActivity(ref.activity)) { store, author in
                try store.recordIndicator(ref, value: value, on: on, note: nil, by: author)
            }
            return "/activities/\(ref.activity)#indicators"
        }
    }

    @Sendable func addActivity(_ request: Request, context: PageContext) async throws -> Response {
        let form = try await FormInput.read(EditForm.self, request, context)
        let code = context.parameters.get("code").flatMap(GroupCode.canonical) ?? ""
        do {
            let lead = try FormInput.agency(form.lead)
            let new = PlanStore.NewActivity(group: code, title: form.title ?? "", description: FormInput.text(form.description), lead: lead,
                                            partners: try FormInput.agencies(form.partners), start: try FormInput.day(form.start, "Start"),
                                            end: try FormInput.day(form.end, "End"))
            let ref = try await plan.change(context.who, .addActivity(group: code, lead: lead)) { store, author in
                try store.addActivity(new, by: author)
            }
            return Reply.redirect("/activities/\(ref)")
        } catch {
            return try await Pages.formFailed(error, context) { message, status in
                try await pages.group(code, who: context.who, csrf: context.csrf, asOf: .today(), entered: form.entered, error: message,
                                      status: status)
            }
        }
    }

    // MARK: - The form's steps

    /// A form of an activity's page for the `noun` the path names (404 when it names none).
    /// `change` makes the change and says where to go next; `confirm`, when given, may answer
    /// with a page that asks first; a failure shows the activity's page again with the message
    /// beside form `formID` and the values it was sent.
    private func activityForm<Form: ActivityPageForm, Ref>(
        _ request: Request, _ context: PageContext, _ type: Form.Type, ref parse: (String) -> Ref?, noun: String,
        activity: (Ref) -> ActivityRef, formID: (Ref) -> String, confirm: ((Form, Ref, PageContext) async throws -> Response?)? = nil,
        change: (Form, Ref) async throws -> String
    ) async throws -> Response {
        let form = try await FormInput.read(Form.self, request, context)
        guard let ref = context.parameters.get("ref").flatMap(parse) else {
            throw Pages.notFound(noun, "That is not \("aeiou".contains(noun.prefix(1)) ? "an" : "a") \(noun) reference.", context)
        }
        do {
            if let confirm, let page = try await confirm(form, ref, context) { return page }
            return Reply.redirect(try await change(form, ref))
        } catch {
            return try await Pages.formFailed(error, context) { message, status in
                try await pages.activity(activity(ref), who: context.who, csrf: context.csrf, asOf: .today(), error: (formID(ref), message),
                                         entered: form.entered, status: status)
            }
        }
    }
}
