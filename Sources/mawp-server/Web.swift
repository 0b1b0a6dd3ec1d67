import Hummingbird
import HummingbirdAuth
import HTTPTypes
import NIOCore
import Rendering
import SQLite
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
        router.get("/sign-in") { request, context in
            let csrf = Self.visitorToken(context)
            let next = Self.safe(Query(request: request).string("next"))
            return Self.html(WebPages.signIn(csrf: csrf, next: next, user: "", error: nil))
        }
        router.post("/sign-in") { request, context in
            let form = try await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
            guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
            let (user, next) = (form.user ?? "", Self.safe(form.next))
            let address = api.clientAddress(request, context)
            if let wait = api.limiter.wait(user: user, address: address) {
                var response = Self.html(WebPages.signIn(csrf: Self.visitorToken(context), next: next, user: user,
                                                          error: "Too many failed sign-ins: try again in \(wait / 60 + 1) minutes."),
                                         status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            let password = form.password ?? ""
            guard let account = try await plan.read({ try $0.signIn(user: user, password: password) }) else {
                api.limiter.failed(user: user, address: address)
                return Self.html(WebPages.signIn(csrf: Self.visitorToken(context), next: next, user: user,
                                                  error: "The user name or the password is wrong."), status: .unauthorized)
            }
            api.limiter.succeeded(user: user)
            // A new session, with a new id and a new token: nothing from before the sign-in is kept.
            context.sessions.clearSession()
            context.sessions.createSession(SessionUser(user: account.name, csrf: PlanStore.randomSecret(bytes: 16)))
            return Self.redirect(next)
        }
        router.get("/password") { _, context in
            Self.html(WebPages.choosePassword(csrf: Self.visitorToken(context), user: "", error: nil))
        }
        router.post("/password") { request, context in
            struct PasswordForm: Decodable { var csrf: String?; var user: String?; var code: String?; var newPassword: String? }
            let form = try await URLEncodedFormDecoder().decode(PasswordForm.self, from: request, context: context)
            guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
            let user = form.user ?? ""
            let address = api.clientAddress(request, context)
            if let wait = api.limiter.wait(user: user, address: address) {
                return Self.html(WebPages.choosePassword(csrf: Self.visitorToken(context), user: user,
                                                         error: "Too many failed attempts: try again in \(wait / 60 + 1) minutes."), status: .tooManyRequests)
            }
            do {
                let (code, new) = (form.code ?? "", form.newPassword ?? "")
                try await plan.write { try $0.setPassword(user: user, password: new, proof: code) }
            } catch PlanError.wrongCredentials {
                api.limiter.failed(user: user, address: address)
                return Self.html(WebPages.choosePassword(csrf: Self.visitorToken(context), user: user,
                                                         error: "The user name, the set-up code or the password is wrong."), status: .unauthorized)
            } catch let error as PlanError {
                return Self.html(WebPages.choosePassword(csrf: Self.visitorToken(context), user: user, error: error.description),
                                 status: .unprocessableContent)
            }
            return Self.redirect("/sign-in")
        }
        router.post("/sign-out") { request, context in
            let form = try await URLEncodedFormDecoder().decode(CSRFForm.self, from: request, context: context)
            guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
            context.sessions.clearSession()
            return Self.redirect("/sign-in")
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
            return Self.html(WebPages.dashboard(dashboard, user: who.account.name, csrf: csrf, comparison: comparison,
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

        /// What was sent, to keep in the form after a failure.
        var entered: [String: String] {
            ["on": on ?? "", "note": note ?? "", "due": due ?? "", "title": title ?? ""]
        }
    }

    /// The signed-in user and the session's token, or the redirect to sign in.
    func signedIn(_ request: Request, _ context: ServerContext) -> (Authenticated, String)? {
        guard let who = context.identity, let csrf = context.sessions.session?.csrf else { return nil }
        return (who, csrf)
    }

    func signInFirst(_ request: Request) -> Response {
        var target = request.uri.path
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        return Self.redirect("/sign-in?next=" + Self.percentEncoded(target))
    }

    /// The activity page, with the forms `who` may use, and an error beside the one that failed.
    func activityPage(_ ref: ActivityRef, who: Authenticated, csrf: String, asOf: Day,
                      error: (form: String, message: String)? = nil, entered: [String: String] = [:],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let (detail, editable) = try await plan.read { store in
            (try store.activity(ref, asOf: asOf), try store.may(who, .changeActivity(ref)))
        }
        return Self.html(WebPages.activity(detail, asOf: asOf, user: who.account.name, csrf: csrf, editable: editable, error: error,
                                           entered: entered), status: status)
    }

    func registerPages(on router: Router<ServerContext>) {
        router.get("/activities/{ref}") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            guard let ref = context.parameters.get("ref").flatMap(ActivityRef.init) else {
                return Self.html(WebPages.problem(title: "No such activity", detail: "That is not an activity reference.", user: who.account.name,
                                                  csrf: csrf), status: .notFound)
            }
            do {
                return try await activityPage(ref, who: who, csrf: csrf, asOf: try Query(request: request).day("asOf") ?? .today())
            } catch let error as PlanError {
                return Self.html(WebPages.problem(title: "No such activity", detail: error.description, user: who.account.name, csrf: csrf),
                                 status: .notFound)
            }
        }
        router.get("/slippage") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let asOf = try Query(request: request).day("asOf") ?? .today()
            let report = try await plan.read { try $0.slippage(asOf: asOf) }
            return Self.html(WebPages.slippage(report, user: who.account.name, csrf: csrf))
        }
        router.get("/log") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let events = try await plan.read { try $0.events(.init()) }
            return Self.html(WebPages.log(events, user: who.account.name, csrf: csrf))
        }
        router.get("/groups/{code}") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let code = context.parameters.get("code").flatMap(GroupCode.canonical) ?? ""
            let asOf = try Query(request: request).day("asOf") ?? .today()
            do {
                return try await groupPage(code, who: who, csrf: csrf, asOf: asOf)
            } catch let error as PlanError {
                return Self.html(WebPages.problem(title: "No such group", detail: error.description, user: who.account.name, csrf: csrf),
                                 status: .notFound)
            }
        }
        router.get("/my-agency") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            let agency = who.account.agency
            let activities = try await plan.read { try $0.activities(.init(agency: agency), asOf: .today()) }
            return Self.html(WebPages.myAgency(agency, activities, asOf: .today(), user: who.account.name, csrf: csrf))
        }
        // The milestone forms: post, then redirect to the changed page (or the page again with the error).
        for action in ["done", "reopen", "reschedule", "drop"] {
            router.post("/milestones/{ref}/\(action)") { request, context in
                try await activityForm(request, context, MilestoneForm.self, ref: MilestoneRef.init, noun: "milestone",
                                       activity: \.activity, formID: { "\(action)-\($0)" }) { form, ref in
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
        activity: (Ref) -> ActivityRef, formID: (Ref) -> String, change: (Form, Ref) async throws -> String
    ) async throws -> Response {
        guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
        let form = try await URLEncodedFormDecoder().decode(Form.self, from: request, context: context)
        guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
        guard let ref = context.parameters.get("ref").flatMap(parse) else {
            return Self.html(WebPages.problem(title: "No such \(noun)", detail: "That is not \("aeiou".contains(noun.prefix(1)) ? "an" : "a") \(noun) reference.",
                                              user: who.account.name, csrf: csrf), status: .notFound)
        }
        do {
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
                                              user: who.account.name, csrf: csrf), status: .forbidden)
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
        return Self.html(WebPages.group(summary, activities: activities, asOf: asOf, user: who.account.name, csrf: csrf,
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
        return Self.html(WebPages.admin(users: users, tokens: tokens, agencies: agencies, today: .today(), user: who.account.name, csrf: csrf,
                                        shown: shown, error: error), status: status)
    }

    func registerAdmin(on router: Router<ServerContext>) {
        @Sendable func notAdmin(_ who: Authenticated, _ csrf: String) -> Response? {
            guard who.account.role != .admin else { return nil }
            return Self.html(WebPages.problem(title: "Not allowed", detail: "Only the secretariat's administrators manage users and tokens.",
                                              user: who.account.name, csrf: csrf), status: .forbidden)
        }
        router.get("/admin") { request, context in
            guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
            if let refused = notAdmin(who, csrf) { return refused }
            return try await adminPage(who: who, csrf: csrf)
        }
        for action in ["users", "users/disable", "tokens", "tokens/revoke"] {
            router.post("/admin/\(action)") { request, context in
                guard let (who, csrf) = signedIn(request, context) else { return signInFirst(request) }
                let form = try await URLEncodedFormDecoder().decode(AdminForm.self, from: request, context: context)
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
            let form = try await URLEncodedFormDecoder().decode(ActivityForm.self, from: request, context: context)
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

    /// The CSRF token of the session, made (with an anonymous session) for a visitor.
    static func visitorToken(_ context: ServerContext) -> String {
        if let session = context.sessions.session { return session.csrf }
        let token = PlanStore.randomSecret(bytes: 16)
        context.sessions.createSession(SessionUser(user: nil, csrf: token))
        return token
    }

    /// Whether a form's token is its session's (else: refused, nothing done).
    static func csrfMatches(_ token: String?, _ context: ServerContext) -> Bool {
        guard let expected = context.sessions.session?.csrf, let token else { return false }
        return constantTimeEqual(token, expected)
    }

    /// 403: a form without its session's CSRF token.
    static func refused(_ context: ServerContext) -> Response {
        html(WebPages.problem(title: "Form refused", detail: "The form is out of date or not from this site (its security token does not "
                                + "match), so nothing was done. Go back, reload the page and try again.",
                              user: nil, csrf: nil), status: .forbidden)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Where to go after signing in: a path on this site only (never another origin).
    static func safe(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains(":") else { return "/" }
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
