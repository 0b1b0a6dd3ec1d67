import Hummingbird
import HummingbirdAuth
import HTTPTypes
import NIOCore
import Rendering
import WorkPlan

/// The web pages of DESIGN §9 (a first part: signing in and out, and the dashboard). Pages
/// use the session cookie; every form carries the session's CSRF token, checked on submit.
struct Web: Sendable {
    let plan: PlanService
    let api: API

    /// A sign-in form's fields (application/x-www-form-urlencoded).
    struct SignInForm: Decodable {
        var user: String?
        var password: String?
        var csrf: String?
        var next: String?
    }

    struct CSRFForm: Decodable {
        var csrf: String?
    }

    func register(on router: Router<ServerContext>) {
        registerPages(on: router)
        registerActivityForms(on: router)
        registerAdmin(on: router)
        router.get("/sign-in") { request, _ in
            let query = Query(request: request)
            let next = Self.safe(query.string("next"))
            // A fixed sentence for a known word: nothing of the address is shown.
            let notice = query.string("password") == "set" ? "Your password is set: sign in with it." : nil
            return visitorPage(request) { WebPages.signIn(csrf: $0, next: next, user: "", error: nil, notice: notice) }
        }
        router.post("/sign-in") { request, context in
            let form = try await Self.readForm(SignInForm.self, request, context)
            guard api.sessions.visitorTokenMatches(form.csrf, request) else { return Self.refused(context) }
            let (user, next) = (form.user ?? "", Self.safe(form.next))
            do {
                let (_, cookie) = try await api.sessions.signIn(user: user, password: form.password ?? "",
                                                                address: api.clientAddress(request, context))
                var response = Self.redirect(next)
                response.setCookie(cookie)
                return response
            } catch Sessions.Refusal.limited(let wait) {
                var response = visitorPage(request, status: .tooManyRequests) {
                    WebPages.signIn(csrf: $0, next: next, user: user, error: "Too many failed sign-ins: try again in \(wait / 60 + 1) minutes.")
                }
                response.headers[.retryAfter] = String(wait)
                return response
            } catch Sessions.Refusal.wrong {
                return visitorPage(request, status: .unauthorized) {
                    WebPages.signIn(csrf: $0, next: next, user: user, error: "The user name or the password is wrong.")
                }
            }
        }
        router.get("/password") { request, _ in
            visitorPage(request) { WebPages.choosePassword(csrf: $0, user: "", error: nil) }
        }
        router.post("/password") { request, context in
            struct PasswordForm: Decodable { var csrf: String?; var user: String?; var code: String?; var newPassword: String? }
            let form = try await Self.readForm(PasswordForm.self, request, context)
            guard api.sessions.visitorTokenMatches(form.csrf, request) else { return Self.refused(context) }
            let user = form.user ?? ""
            let address = api.clientAddress(request, context)
            let limiter = api.sessions.limiter
            if let wait = limiter.wait(user: user, address: address) {
                return visitorPage(request, status: .tooManyRequests) {
                    WebPages.choosePassword(csrf: $0, user: user, error: "Too many failed attempts: try again in \(wait / 60 + 1) minutes.")
                }
            }
            do {
                let (code, new) = (form.code ?? "", form.newPassword ?? "")
                try await plan.write { try $0.setPassword(user: user, password: new, proof: code) }
            } catch PlanError.wrongCredentials {
                limiter.failed(user: user, address: address)
                return visitorPage(request, status: .unauthorized) {
                    WebPages.choosePassword(csrf: $0, user: user, error: "The user name, the set-up code or the password is wrong.")
                }
            } catch let error as PlanError {
                return visitorPage(request, status: .unprocessableContent) { WebPages.choosePassword(csrf: $0, user: user, error: error.description) }
            }
            return Self.redirect("/sign-in?password=set")
        }
        router.post("/sign-out") { request, context in
            let form = try await Self.readForm(CSRFForm.self, request, context)
            guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
            var response = Self.redirect("/sign-in")
            response.setCookie(try await api.sessions.signOut(context))
            return response
        }
        router.get("/") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let query = Query(request: request)
            let asOf = try query.day("asOf") ?? .today()
            let compareTo = query.string("compareTo").flatMap { $0.isEmpty ? nil : $0 }
            let (dashboard, baselines, comparison) = try await plan.read { store in
                (try store.dashboard(asOf: asOf, frameworks: try store.frameworks(chosen: [], html: true)), try store.baselines(),
                 try compareTo.map { try store.comparison(to: $0, asOf: asOf) })
            }
            return Self.html(WebPages.dashboard(dashboard, user: who.account, csrf: csrf, comparison: comparison,
                                                baselines: baselines, compareTo: compareTo))
        }
    }

    /// A form of the activity page: its CSRF token, and what it was sent, to show again.
    protocol ActivityPageForm: Decodable {
        var csrf: String? { get }
        var entered: [String: String] { get }
    }

    struct MilestoneForm: ActivityPageForm {
        var csrf: String?
        var on: String?
        var note: String?
        var due: String?
        var title: String?
        /// "yes" on the second page of a change that asks for confirmation (Drop, Cancel activity).
        var confirm: String?

        /// What was sent, to keep in the form after a failure.
        var entered: [String: String] {
            ["on": on ?? "", "note": note ?? "", "due": due ?? "", "title": title ?? ""]
        }
    }

    /// The signed-in user and the session's token, or the redirect to sign in.
    func signedIn(_ request: Request, _ context: ServerContext) -> (Authenticated, String)? {
        guard let who = context.identity, let csrf = context.session?.csrf else { return nil }
        return (who, csrf)
    }

    func signInFirst(_ request: Request) -> Response {
        var target = request.uri.path
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        return Self.redirect("/sign-in?next=" + Self.percentEncoded(target))
    }

    // MARK: - Confirmations

    /// The page that asks to confirm dropping a milestone, unless the form says `confirm=yes`
    /// (nil: go on with the change). The form is checked first (its date, and that the user
    /// may change the activity), so that the second page only ever asks for a change that can be made.
    func confirmDrop(_ form: MilestoneForm, _ ref: MilestoneRef, who: Authenticated, csrf: String) async throws -> Response? {
        guard form.confirm != "yes" else { return nil }
        let on = try Self.formDay(form.on, "Dropped from") ?? .today()
        let detail = try await plan.read { store in
            try store.check(who, may: .changeActivity(ref.activity))
            return try store.activity(ref.activity, asOf: on)
        }
        // One that left the plan already is not shown as of then: the change itself will say so.
        let title = detail.milestones.first { $0.ref == ref }.map { ", “\($0.title)”," } ?? ""
        let note = form.note.flatMap { $0.isEmpty ? nil : $0 }
        return Self.html(WebPages.confirm(
            title: "Drop \(ref)?",
            statement: ["Drop milestone \(ref)\(title) of \(ref.activity) “\(detail.summary.title)”, from \(on).",
                        "From that date it leaves the plan: it no longer counts in the reports, the dashboard or the slippage, and it takes "
                        + "no change of state or due date. The history keeps it; a plain edit cannot bring it back."]
                + (note.map { ["Note: \($0)"] } ?? []),
            action: "/milestones/\(ref)/drop", fields: [("on", on.description), ("note", note ?? "")], button: "Drop",
            back: "/activities/\(ref.activity)#m-\(ref)", user: who.account, csrf: csrf))
    }

    /// The page that asks to confirm cancelling an activity, unless the form says `confirm=yes`.
    func confirmCancel(_ form: MilestoneForm, _ ref: ActivityRef, who: Authenticated, csrf: String) async throws -> Response? {
        guard form.confirm != "yes" else { return nil }
        let on = try Self.formDay(form.on, "Cancelled from") ?? .today()
        let detail = try await plan.read { store in
            try store.check(who, may: .changeActivity(ref))
            return try store.activity(ref, asOf: on)
        }
        let note = form.note.flatMap { $0.isEmpty ? nil : $0 }
        let milestones = detail.milestones.count
        return Self.html(WebPages.confirm(
            title: "Cancel \(ref)?",
            statement: ["Cancel activity \(ref), “\(detail.summary.title)”, from \(on).",
                        "From that date it leaves the plan with its \(milestones == 1 ? "milestone" : "\(milestones) milestones"): "
                        + "they no longer count in the reports, the dashboard or the slippage, and the activity takes no new milestone. "
                        + "The history keeps it; a plain edit cannot bring it back."]
                + (note.map { ["Note: \($0)"] } ?? []),
            action: "/activities/\(ref)/cancel", fields: [("on", on.description), ("note", note ?? "")], button: "Cancel activity",
            back: "/activities/\(ref)", user: who.account, csrf: csrf))
    }

    /// The activity page, with the forms `who` may use, and an error beside the one that failed.
    func activityPage(_ ref: ActivityRef, who: Authenticated, csrf: String, asOf: Day,
                      error: (form: String, message: String)? = nil, entered: [String: String] = [:],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let (detail, editable) = try await plan.read { store in
            (try store.activity(ref, asOf: asOf), try store.may(who, .changeActivity(ref)))
        }
        return Self.html(WebPages.activity(detail, asOf: asOf, user: who.account, csrf: csrf, editable: editable, error: error,
                                           entered: entered), status: status)
    }

    func registerPages(on router: Router<ServerContext>) {
        router.get("/activities/{ref}") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            guard let ref = context.parameters.get("ref").flatMap(ActivityRef.init) else {
                return Self.html(WebPages.problem(title: "No such activity", detail: "That is not an activity reference.", user: who.account,
                                                  csrf: csrf), status: .notFound)
            }
            do {
                return try await activityPage(ref, who: who, csrf: csrf, asOf: try Query(request: request).day("asOf") ?? .today())
            } catch let error as PlanError {
                return Self.html(WebPages.problem(title: "No such activity", detail: error.description, user: who.account, csrf: csrf),
                                 status: .notFound)
            }
        }
        router.get("/slippage") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let asOf = try Query(request: request).day("asOf") ?? .today()
            let report = try await plan.read { try $0.slippage(asOf: asOf) }
            return Self.html(WebPages.slippage(report, user: who.account, csrf: csrf))
        }
        router.get("/log") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let events = try await plan.read { try $0.events(.init()) }
            return Self.html(WebPages.log(events, user: who.account, csrf: csrf))
        }
        router.get("/groups") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let asOf = try Query(request: request).day("asOf") ?? .today()
            let (report, groups) = try await plan.read { store in (try store.report(asOf: asOf), try store.groups(asOf: asOf)) }
            let leads = Dictionary(groups.map { ($0.group.code, $0.group.leads) }, uniquingKeysWith: { first, _ in first })
            return Self.html(WebPages.groups(report, leads: leads, user: who.account, csrf: csrf))
        }
        router.get("/groups/{code}") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let code = context.parameters.get("code").flatMap(GroupCode.canonical) ?? ""
            let asOf = try Query(request: request).day("asOf") ?? .today()
            do {
                return try await groupPage(code, who: who, csrf: csrf, asOf: asOf)
            } catch let error as PlanError {
                return Self.html(WebPages.problem(title: "No such group", detail: error.description, user: who.account, csrf: csrf),
                                 status: .notFound)
            }
        }
        router.get("/my-agency") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let agency = who.account.agency
            let activities = try await plan.read { try $0.activities(.init(agency: agency), asOf: .today()) }
            return Self.html(WebPages.myAgency(agency, activities, asOf: .today(), user: who.account, csrf: csrf))
        }
        // The milestone forms: post, then redirect to the changed page (or the page again with the error).
        for action in ["done", "reopen", "reschedule", "drop"] {
            router.post("/milestones/{ref}/\(action)") { request, context in
                // Drop cannot be undone by a plain edit: a second page asks first.
                let confirmation: ((MilestoneForm, MilestoneRef, Authenticated, String) async throws -> Response?)? = action != "drop" ? nil
                    : { form, ref, who, csrf in try await confirmDrop(form, ref, who: who, csrf: csrf) }
                return try await activityForm(request, context, MilestoneForm.self, ref: MilestoneRef.init, noun: "milestone",
                                              activity: \.activity, formID: { "\(action)-\($0)" }, confirmation: confirmation) { form, ref in
                    let on = try Self.formDay(form.on, "Date") ?? .today()
                    let note = form.note.flatMap { $0.isEmpty ? nil : $0 }
                    let due = try Self.formDay(form.due, "New due date")
                    if action == "reschedule" && due == nil { throw FormError(message: "give the new due date") }
                    _ = try await api.change(context, .changeActivity(ref.activity)) { store, author -> ChangeOutcome in
                        switch action {
                        case "done": return try store.setMilestone(ref, done: true, on: on, note: note, by: author)
                        case "reopen": return try store.setMilestone(ref, done: false, on: on, note: note, by: author)
                        case "drop": return try store.dropMilestone(ref, on: on, note: note, by: author)
                        default: return try store.editMilestone(ref, title: nil, due: due, on: on, note: note, by: author)
                        }
                    }
                    return "/activities/\(ref.activity)#m-\(ref)"
                }
            }
        }
        router.post("/activities/{ref}/milestones") { request, context in
            try await activityForm(request, context, MilestoneForm.self, ref: ActivityRef.init, noun: "activity", activity: { $0 },
                                   formID: { _ in "add-milestone" }) { form, ref in
                guard let title = form.title, !title.allSatisfy(\.isWhitespace) else { throw FormError(message: "a milestone needs a title") }
                let due = try Self.formDay(form.due, "Due")
                let milestone = try await api.change(context, .changeActivity(ref)) { store, author in
                    try store.addMilestone(to: ref, title: title, due: due, by: author)
                }
                return "/activities/\(ref)#m-\(milestone)"
            }
        }
    }

    /// A form of an activity's page: signed in, with the session's CSRF token, for the `noun`
    /// the path names. `change` makes the change and says where to go next; a failure shows the
    /// activity's page again with the message beside form `formID` and the values it was sent.
    func activityForm<Form: ActivityPageForm, Ref>(
        _ request: Request, _ context: ServerContext, _ type: Form.Type, ref parse: (String) -> Ref?, noun: String,
        activity: (Ref) -> ActivityRef, formID: (Ref) -> String,
        confirmation: ((Form, Ref, Authenticated, String) async throws -> Response?)? = nil, change: (Form, Ref) async throws -> String
    ) async throws -> Response {
        guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
        let form = try await Self.readForm(Form.self, request, context)
        guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
        guard let ref = context.parameters.get("ref").flatMap(parse) else {
            return Self.html(WebPages.problem(title: "No such \(noun)", detail: "That is not \("aeiou".contains(noun.prefix(1)) ? "an" : "a") \(noun) reference.",
                                              user: who.account, csrf: csrf), status: .notFound)
        }
        do {
            if let confirmation, let page = try await confirmation(form, ref, who, csrf) { return page }
            return Self.redirect(try await change(form, ref))
        } catch {
            return try await formFailed(error, who: who, csrf: csrf) { message, status in
                try await activityPage(activity(ref), who: who, csrf: csrf, asOf: .today(), error: (formID(ref), message),
                                       entered: form.entered, status: status)
            }
        }
    }

    struct FormError: Error { let message: String }

    /// A form's date field: empty is none, anything else must be a date.
    static func formDay(_ text: String?, _ label: String) throws -> Day? {
        guard let text, !text.isEmpty else { return nil }
        do {
            guard let day = try Values.day(text, field: label) else { throw FormError(message: "\(label): '\(text)' is not a date (YYYY-MM-DD).") }
            return day
        } catch let error as PlanError {
            throw FormError(message: error.description + ".")
        }
    }

    /// A form's agency field (blank: none).
    static func formAgency(_ text: String?) throws -> String? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        guard let code = AgencyCode.canonical(text) else { throw FormError(message: "'\(text)' is not an agency code.") }
        return code
    }

    /// A form's list of agencies, separated by commas.
    static func formAgencies(_ text: String?) throws -> [String] {
        try (text ?? "").split(separator: ",").compactMap { try formAgency(String($0).trimmingWhitespace()) }
    }

    /// What a form's failure shows: a mistake or a refused change (the plan's rules) comes
    /// back as the page again (`again`, with the message and its status); a change the user may
    /// not make is a 403 page; anything else goes on to the problem middleware.
    func formFailed(_ error: any Error, who: Authenticated, csrf: String,
                    again: (String, HTTPResponse.Status) async throws -> Response) async throws -> Response {
        switch error {
        case let error as FormError: return try await again(error.message, .unprocessableContent)
        case PlanError.notAllowed(let user, let what):
            return Self.html(WebPages.problem(title: "Not allowed", detail: "\(user) may not \(what); nothing was changed.",
                                              user: who.account, csrf: csrf), status: .forbidden)
        case let error as PlanError: return try await again(error.description, Problem.status(of: error))
        default: throw error
        }
    }

    struct ActivityForm: Decodable {
        var csrf: String?
        var title: String?
        var lead: String?
        var partners: String?
        var start: String?
        var end: String?
        var description: String?
    }

    /// A group's page; the "Add activity" form when the user may add one led by their agency.
    func groupPage(_ code: String, who: Authenticated, csrf: String, asOf: Day, entered: [String: String] = [:], error: String? = nil,
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let (summary, activities, mayAdd) = try await plan.read { store in
            let (summary, activities) = try store.group(code, asOf: asOf)
            return (summary, activities, try store.may(who, .addActivity(group: code, lead: who.account.agency)))
        }
        return Self.html(WebPages.group(summary, activities: activities, asOf: asOf, user: who.account, csrf: csrf,
                                        addAs: mayAdd ? who.account.agency : nil, entered: entered, error: error), status: status)
    }

    struct EditForm: ActivityPageForm {
        var csrf: String?
        var title: String?
        var lead: String?
        var partners: String?
        var start: String?
        var end: String?
        var on: String?
        var note: String?
        var value: String?

        var entered: [String: String] {
            ["title": title ?? "", "lead": lead ?? "", "partners": partners ?? "", "start": start ?? "", "end": end ?? "", "on": on ?? "",
             "note": note ?? "", "value": value ?? ""]
        }
    }

    struct AdminForm: Decodable {
        var csrf: String?
        var name: String?
        var agency: String?
        var role: String?
        var user: String?
        var readOnly: String?
        var expires: String?
        var id: String?
    }

    /// The admin page (admins only: others get 403), with a secret made just now or an error.
    func adminPage(who: Authenticated, csrf: String, shown: (title: String, secret: String)? = nil, error: String? = nil,
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let (users, tokens, agencies) = try await plan.read { store in
            (try store.users(), try store.tokens(user: nil), try store.agencies(asOf: .today()).map(\.agency.code))
        }
        return Self.html(WebPages.admin(users: users, tokens: tokens, agencies: agencies, today: .today(), user: who.account, csrf: csrf,
                                        shown: shown, error: error), status: status)
    }

    func registerAdmin(on router: Router<ServerContext>) {
        @Sendable func notAdmin(_ who: Authenticated, _ csrf: String) -> Response? {
            guard who.account.role != .admin else { return nil }
            return Self.html(WebPages.problem(title: "Not allowed", detail: "Only the secretariat's administrators manage users and tokens.",
                                              user: who.account, csrf: csrf), status: .forbidden)
        }
        router.get("/admin") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            if let refused = notAdmin(who, csrf) { return refused }
            return try await adminPage(who: who, csrf: csrf)
        }
        for action in ["users", "users/disable", "users/enable", "tokens", "tokens/revoke"] {
            router.post("/admin/\(action)") { request, context in
                guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
                let form = try await Self.readForm(AdminForm.self, request, context)
                guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
                if let refused = notAdmin(who, csrf) { return refused }
                do {
                    switch action {
                    case "users":
                        guard let name = form.name, let agency = form.agency.flatMap(AgencyCode.canonical),
                              let role = form.role.flatMap(Role.init(rawValue:)) else {
                            throw FormError(message: "Give a user name, an agency and a role.")
                        }
                        let (account, code) = try await plan.write { try $0.addUser(name: name, agency: agency, role: role, password: nil) }
                        return try await adminPage(who: who, csrf: csrf, shown: ("Set-up code for \(account.name)", code ?? ""))
                    case "users/disable":
                        let name = form.user ?? ""
                        _ = try await plan.write { try $0.disableUser(name) }
                        return Self.redirect("/admin")
                    case "users/enable":
                        let name = form.user ?? ""
                        _ = try await plan.write { try $0.enableUser(name) }
                        return Self.redirect("/admin")
                    case "tokens":
                        let user = form.user ?? ""
                        let expires = try Self.formDay(form.expires, "Refused from")
                        let (info, token) = try await plan.write { try $0.createToken(user: user, readOnly: form.readOnly == "true", expiresOn: expires) }
                        return try await adminPage(who: who, csrf: csrf, shown: ("Token \(info.id) for \(info.user)", token))
                    default:
                        guard let id = form.id.flatMap({ Int64($0) }) else { throw FormError(message: "Which token?") }
                        _ = try await plan.write { try $0.revokeToken(id) }
                        return Self.redirect("/admin")
                    }
                } catch let error as FormError {
                    return try await adminPage(who: who, csrf: csrf, error: error.message, status: .unprocessableContent)
                } catch PlanError.lastActiveAdmin(let name) {
                    return try await adminPage(who: who, csrf: csrf, error: "\(name) is the last active administrator: make another user an admin "
                                                   + "first, or nobody could manage users and tokens here. Nothing was changed.", status: .conflict)
                } catch let error as PlanError {
                    return try await adminPage(who: who, csrf: csrf, error: error.description, status: Problem.status(of: error))
                }
            }
        }
    }

    func registerActivityForms(on router: Router<ServerContext>) {
        router.post("/activities/{ref}/edit") { request, context in
            try await activityForm(request, context, EditForm.self, ref: ActivityRef.init, noun: "activity", activity: { $0 },
                                   formID: { _ in "edit-activity" }) { form, ref in
                guard let title = form.title, !title.allSatisfy(\.isWhitespace) else { throw FormError(message: "An activity needs a title.") }
                let lead = try Self.formAgency(form.lead)
                let partners = try Self.formAgencies(form.partners)
                let edit = PlanStore.ActivityEdit(title: title, lead: lead, partners: partners, start: try Self.formDay(form.start, "Start"),
                                                  end: try Self.formDay(form.end, "End"))
                let on = try Self.formDay(form.on, "From") ?? .today()
                let note = form.note.flatMap { $0.isEmpty ? nil : $0 }
                _ = try await api.change(context, .changeActivity(ref)) { store, author in
                    try store.editActivity(ref, edit, on: on, note: note, by: author)
                }
                return "/activities/\(ref)"
            }
        }
        router.post("/activities/{ref}/cancel") { request, context in
            try await activityForm(request, context, MilestoneForm.self, ref: ActivityRef.init, noun: "activity", activity: { $0 },
                                   formID: { _ in "cancel-activity" },
                                   confirmation: { form, ref, who, csrf in try await confirmCancel(form, ref, who: who, csrf: csrf) }) { form, ref in
                let on = try Self.formDay(form.on, "Cancelled from") ?? .today()
                let note = form.note.flatMap { $0.isEmpty ? nil : $0 }
                _ = try await api.change(context, .changeActivity(ref)) { store, author in
                    try store.cancelActivity(ref, on: on, note: note, by: author)
                }
                return "/activities/\(ref)"
            }
        }
        router.post("/indicators/{ref}/values") { request, context in
            try await activityForm(request, context, EditForm.self, ref: IndicatorRef.init, noun: "indicator", activity: \.activity,
                                   formID: { "value-\($0)" }) { form, ref in
                guard let value = form.value, !value.allSatisfy(\.isWhitespace) else { throw FormError(message: "Give the value.") }
                let on = try Self.formDay(form.on, "On") ?? .today()
                _ = try await api.change(context, .changeActivity(ref.activity)) { store, author in
                    try store.recordIndicator(ref, value: value, on: on, note: nil, by: author)
                }
                return "/activities/\(ref.activity)#indicators"
            }
        }
        router.post("/groups/{code}/activities") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let form = try await Self.readForm(ActivityForm.self, request, context)
            guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
            let code = context.parameters.get("code").flatMap(GroupCode.canonical) ?? ""
            let entered = ["title": form.title ?? "", "lead": form.lead ?? "", "partners": form.partners ?? "", "start": form.start ?? "",
                           "end": form.end ?? "", "description": form.description ?? ""]
            do {
                guard let title = form.title, !title.allSatisfy(\.isWhitespace) else { throw FormError(message: "An activity needs a title.") }
                let lead = try Self.formAgency(form.lead)
                let partners = try Self.formAgencies(form.partners)
                let new = PlanStore.NewActivity(group: code, title: title, description: form.description.flatMap { $0.isEmpty ? nil : $0 },
                                                lead: lead, partners: partners, start: try Self.formDay(form.start, "Start"), end: try Self.formDay(form.end, "End"))
                let ref = try await api.change(context, .addActivity(group: code, lead: lead)) { store, author in
                    try store.addActivity(new, by: author)
                }
                return Self.redirect("/activities/\(ref)")
            } catch {
                return try await formFailed(error, who: who, csrf: csrf) { message, status in
                    try await groupPage(code, who: who, csrf: csrf, asOf: .today(), entered: entered, error: message, status: status)
                }
            }
        }
    }

    // MARK: - Helpers

    /// A visitor's page (sign-in, password) with its form's token, and the visitor's cookie
    /// when the browser has none yet: nothing is kept on the server.
    func visitorPage(_ request: Request, status: HTTPResponse.Status = .ok, _ page: (String) -> String) -> Response {
        let (token, cookie) = api.sessions.visitorToken(request)
        var response = Self.html(page(token), status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    /// Whether a form's token is its session's (else: refused, nothing done).
    static func csrfMatches(_ token: String?, _ context: ServerContext) -> Bool {
        guard let expected = context.session?.csrf, let token else { return false }
        return Sessions.constantTimeEqual(token, expected)
    }

    /// A form's body (application/x-www-form-urlencoded), read strictly: larger than the limit
    /// is 413; a field twice, malformed percent-encoding or a value that is not text is 400.
    /// Nothing is changed either way.
    static func readForm<Form: Decodable>(_ type: Form.Type, _ request: Request, _ context: ServerContext) async throws -> Form {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Problem(.contentTooLarge, "The form is larger than \(context.maxUploadSize / 1024) KiB; nothing was changed.")
        }
        guard let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes),
              let text = String(validating: bytes, as: UTF8.self), Self.wellFormed(text),
              let form = try? URLEncodedFormDecoder().decode(Form.self, from: text) else {
            throw Problem(.badRequest, "The form could not be read (a field given twice, or malformed encoding); nothing was changed.")
        }
        return form
    }

    /// Whether an urlencoded body names each field once and every `%` starts an escape of two
    /// hex digits, whose bytes are UTF-8 (the decoder would take the last of two values, or
    /// guess at a broken escape).
    static func wellFormed(_ body: String) -> Bool {
        var names = Set<Substring>()
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let name = pair.prefix { $0 != "=" }
            guard names.insert(name).inserted else { return false }
            var bytes: [UInt8] = []
            var escape = pair.utf8.makeIterator()
            while let byte = escape.next() {
                guard byte == UInt8(ascii: "%") else { bytes.append(byte == UInt8(ascii: "+") ? 0x20 : byte); continue }
                guard let high = escape.next().flatMap(hexValue), let low = escape.next().flatMap(hexValue) else { return false }
                bytes.append(high << 4 | low)
            }
            guard String(validating: bytes, as: UTF8.self) != nil else { return false }
        }
        return true
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// 403: a form without its session's CSRF token.
    static func refused(_ context: ServerContext) -> Response {
        html(WebPages.problem(title: "Form refused", detail: "The form is out of date or not from this site (its security token does not "
                                + "match), so nothing was done. Go back, reload the page and try again.",
                              user: nil, csrf: nil), status: .forbidden)
    }

    /// Where to go after signing in: a path on this site only (never another origin).
    static func safe(_ next: String?) -> String {
        // Printable ASCII only: a tab or a backslash is dropped or turned into "/" by browsers.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains(":"),
              next.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return "/" }
        return next
    }

    static func percentEncoded(_ path: String) -> String {
        HTML.percentEncoded(path, keeping: "/-._~")
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
