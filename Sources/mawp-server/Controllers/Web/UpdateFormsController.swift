import Hummingbird
import Rendering
import WorkPlan

/// The forms of an activity's "Progress update" (DESIGN §10): "Save draft" and "Submit for
/// review", and the review's "Approve", "Return for revision" and "Reopen". Each posts, then
/// redirects to the activity's update, or shows the page again with the error beside the form
/// and the text as it was sent. Mounted on a ``PageContext`` group behind
/// ``FormTokenMiddleware``; who may take each step is WorkPlan's rule (``UpdateStep/action(on:)``).
struct UpdateFormsController: Sendable {
    let plan: PlanService
    let pages: Pages

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.post("activities/{ref}/updates/{code}", use: write)
            .post("activities/{ref}/updates/{code}/review", use: review)
    }

    struct WriteForm: Decodable {
        var status: String?
        var achievements: String?
        var challenges: String?
        var nextSteps: String?
        /// "save" or "submit".
        var step: String?

        enum CodingKeys: String, CodingKey {
            case status, achievements, challenges, nextSteps = "next-steps", step
        }

        var entered: [String: String] {
            ["status": status ?? "", "achievements": achievements ?? "", "challenges": challenges ?? "", "next-steps": nextSteps ?? ""]
        }
    }

    struct ReviewForm: Decodable {
        var note: String?
        /// "approve", "return" or "reopen".
        var step: String?
    }

    @Sendable func write(_ request: Request, context: PageContext) async throws -> Response {
        let form = try await FormInput.read(WriteForm.self, request, context)
        let (ref, code) = try Self.target(context)
        return try await answer(context, ref, code, formID: "update-form", entered: form.entered) {
            let text = UpdateText(status: try FormInput.status(form.status), achievements: FormInput.longText(form.achievements),
                                  challenges: FormInput.longText(form.challenges), nextSteps: FormInput.longText(form.nextSteps))
            _ = try await plan.change(context.who, UpdateStep.write.action(on: ref)) { store, author in
                try store.writeUpdate(ref, period: code, text, by: author)
            }
            // Submitting is a step of its own: when it is refused (no status yet), the draft stays saved.
            if form.step == "submit" {
                _ = try await plan.change(context.who, UpdateStep.submit.action(on: ref)) { store, author in
                    try store.moveUpdate(ref, period: code, .submit, note: nil, by: author)
                }
            }
        }
    }

    @Sendable func review(_ request: Request, context: PageContext) async throws -> Response {
        let form = try await FormInput.read(ReviewForm.self, request, context)
        let (ref, code) = try Self.target(context)
        return try await answer(context, ref, code, formID: "review-form", entered: ["note": form.note ?? ""]) {
            guard let step = form.step.flatMap(UpdateStep.init(rawValue:)), step != .write, step != .submit else {
                throw FormError(message: "Choose Approve, Return for revision or Reopen.")
            }
            let note = FormInput.longText(form.note).flatMap { $0.isEmpty ? nil : $0 }
            _ = try await plan.change(context.who, step.action(on: ref)) { store, author in
                try store.moveUpdate(ref, period: code, step, note: note, by: author)
            }
        }
    }

    /// The activity and the period the path names (404 when it names none).
    private static func target(_ context: PageContext) throws -> (ActivityRef, String) {
        guard let ref = context.parameters.get("ref").flatMap(ActivityRef.init) else {
            throw Pages.notFound("activity", "That is not an activity reference.", context)
        }
        guard let code = context.parameters.get("code").flatMap(PeriodCode.canonical) else {
            throw Pages.notFound("reporting period", "That is not a reporting period's code.", context)
        }
        return (ref, code)
    }

    /// Makes the change, then goes to the update; a failure shows the page again.
    private func answer(_ context: PageContext, _ ref: ActivityRef, _ code: String, formID: String, entered: [String: String],
                        change: () async throws -> Void) async throws -> Response {
        do {
            try await change()
            return Reply.redirect(WebLinks.update(ref, period: code))
        } catch {
            return try await Pages.formFailed(error, context) { message, status in
                try await pages.activity(ref, who: context.who, csrf: context.csrf, asOf: .today(), period: code, error: (formID, message),
                                         entered: entered, status: status)
            }
        }
    }
}
