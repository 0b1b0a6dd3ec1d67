import Hummingbird
import Rendering
import WorkPlan

/// `/admin`: users and tokens, for the secretariat's administrators (DESIGN §9). Mounted on an
/// ``AdminPageContext`` group (others get 403), its forms behind ``FormTokenMiddleware``; each
/// change is WorkPlan's ``WorkPlan/Action/manageAccounts``, authorised in its transaction like
/// every other change.
struct AdminController: Sendable {
    let plan: PlanService

    func addRoutes(to group: RouterGroup<AdminPageContext>) {
        group.get(use: page)
        group.group().add(middleware: FormTokenMiddleware<AdminPageContext>())
            .post("users", use: addUser)
            .post("users/disable", use: disableUser)
            .post("users/enable", use: enableUser)
            .post("users/contact", use: setContact)
            .post("tokens", use: createToken)
            .post("tokens/revoke", use: revokeToken)
    }

    struct AdminForm: Decodable {
        var name: String?
        var agency: String?
        var role: String?
        var user: String?
        var readOnly: String?
        var expires: String?
        var id: String?
        var email: String?
        var reminders: String?

        /// The address given, nil when the field is blank.
        var address: String? {
            email.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        }

        func reminderSetting() throws -> ReminderSetting? {
            guard let text = reminders, !text.isEmpty else { return nil }
            return try Values.reminders(text, field: "Reminders")
        }
    }

    @Sendable func page(_ request: Request, context: AdminPageContext) async throws -> Response {
        try await adminPage(context)
    }

    @Sendable func addUser(_ request: Request, context: AdminPageContext) async throws -> Response {
        try await adminForm(request, context) { form in
            guard let name = form.name, let agency = form.agency.flatMap(AgencyCode.canonical), let role = form.role.flatMap(Role.init(rawValue:)) else {
                throw FormError(message: "Give a user name, an agency and a role.")
            }
            let (account, code) = try await plan.change(context.who, .manageAccounts) { store, _ in
                try store.addUser(name: name, agency: agency, role: role, password: nil, email: form.address,
                                  reminders: try form.reminderSetting() ?? .weekly)
            }
            return try await adminPage(context, shown: ("Set-up code for \(account.name)", code ?? ""))
        }
    }

    @Sendable func disableUser(_ request: Request, context: AdminPageContext) async throws -> Response {
        try await adminForm(request, context) { form in
            _ = try await plan.change(context.who, .manageAccounts) { store, _ in try store.disableUser(form.user ?? "") }
            return Reply.redirect("/admin")
        }
    }

    @Sendable func enableUser(_ request: Request, context: AdminPageContext) async throws -> Response {
        try await adminForm(request, context) { form in
            _ = try await plan.change(context.who, .manageAccounts) { store, _ in try store.enableUser(form.user ?? "") }
            return Reply.redirect("/admin")
        }
    }

    /// An address (blank: none) and a reminder setting for a user.
    @Sendable func setContact(_ request: Request, context: AdminPageContext) async throws -> Response {
        try await adminForm(request, context) { form in
            let (user, email, reminders) = (form.user ?? "", form.address, try form.reminderSetting())
            _ = try await plan.change(context.who, .manageAccounts) { store, _ in
                try store.editUser(user, email: .some(email), reminders: reminders)
            }
            return Reply.redirect("/admin")
        }
    }

    @Sendable func createToken(_ request: Request, context: AdminPageContext) async throws -> Response {
        try await adminForm(request, context) { form in
            let (user, readOnly, expires) = (form.user ?? "", form.readOnly == "true", try FormInput.day(form.expires, "Refused from"))
            let (info, token) = try await plan.change(context.who, .manageAccounts) { store, _ in
                try store.createToken(user: user, readOnly: readOnly, expiresOn: expires)
            }
            return try await adminPage(context, shown: ("Token \(info.id) for \(info.user)", token))
        }
    }

    @Sendable func revokeToken(_ request: Request, context: AdminPageContext) async throws -> Response {
        try await adminForm(request, context) { form in
            guard let id = form.id.flatMap({ Int64($0) }) else { throw FormError(message: "Which token?") }
            _ = try await plan.change(context.who, .manageAccounts) { store, _ in try store.revokeToken(id) }
            return Reply.redirect("/admin")
        }
    }

    /// The admin page, with a secret made just now or an error.
    private func adminPage(_ context: AdminPageContext, shown: (title: String, secret: String)? = nil, error: String? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let (users, tokens, agencies) = try await plan.read { store in
            (try store.users(), try store.tokens(user: nil), try store.agencies(asOf: .today()).map(\.agency.code))
        }
        return Reply.html(WebPages.admin(users: users, tokens: tokens, agencies: agencies, today: .today(), user: context.who.account,
                                         csrf: context.csrf, shown: shown, error: error), status: status)
    }

    /// A form of the admin page: its change, or the page again with what went wrong.
    private func adminForm(_ request: Request, _ context: AdminPageContext, _ change: (AdminForm) async throws -> Response) async throws -> Response {
        let form = try await FormInput.read(AdminForm.self, request, context)
        do {
            return try await change(form)
        } catch let error as FormError {
            return try await adminPage(context, error: error.message, status: .unprocessableContent)
        } catch PlanError.lastActiveAdmin(let name) {
            return try await adminPage(context, error: "\(name) is the last active administrator: make another user an admin first, "
                                           + "or nobody could manage users and tokens here. Nothing was changed.", status: .conflict)
        } catch let error as PlanError {
            return try await adminPage(context, error: error.description, status: Problem.status(of: error))
        }
    }
}
