import WorkPlan

/// The server's web pages for focal points (DESIGN §9): plain HTML forms that work without
/// JavaScript, every control labelled, every form with its CSRF token, user text escaped.
public enum WebPages {
    /// The places every page's navigation leads to, in its order (DESIGN §9, §10). Admin shows
    /// to admins only.
    public enum Place: CaseIterable, Sendable {
        case dashboard, myAgency, groups, periods, reviews, calendar, slippage, log, admin
        /// The user's own page, reached by their name beside Sign out.
        case me

        public var path: String {
            switch self {
            case .dashboard: return "/"
            case .myAgency: return "/my-agency"
            case .groups: return "/groups"
            case .periods: return "/periods"
            case .reviews: return "/reviews"
            case .calendar: return "/calendar"
            case .slippage: return "/slippage"
            case .log: return "/log"
            case .admin: return "/admin"
            case .me: return "/me"
            }
        }

        public var label: String {
            switch self {
            case .dashboard: return "Dashboard"
            case .myAgency: return "My agency"
            case .groups: return "Groups"
            case .periods: return "Periods"
            case .reviews: return "Reviews"
            case .calendar: return "Calendar"
            case .slippage: return "Slippage"
            case .log: return "Log"
            case .admin: return "Admin"
            case .me: return "Your account"
            }
        }

        /// The places `user` may go.
        static func shown(to user: Account) -> [Place] {
            allCases.filter { $0 != .me && ($0 != .admin || user.role == .admin) }
        }
    }

    /// A page of the site: the heading, the navigation for a signed-in user (the places, the
    /// one shown marked `aria-current`, the user's name and the sign-out form), and `body`.
    public static func page(title: String, user: Account?, csrf: String?, current: Place? = nil, body: String) -> String {
        var navigation = ""
        if let user, let csrf {
            let places = Place.shown(to: user).map { place in
                "<a href=\"\(place.path)\"\(place == current ? " aria-current=\"page\"" : "")>\(place.label)</a>"
            }.joined(separator: " ")
            navigation = """
                <nav aria-label="Site">\(places)
                <form method="post" action="/sign-out" class="inline"><input type="hidden" name="csrf" value="\(HTML.escape(csrf))">\
                <a class="who" href="/me"\(current == .me ? " aria-current=\"page\"" : "")>\(HTML.escape(user.name))</a> \
                <button type="submit">Sign out</button></form></nav>

                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) — mawp</title>
            <style>\(HTMLReport.stylesheet)
            \(stylesheet)</style>
            </head>
            <body>
            <header>
            <p class="site">\(HTML.escape(ReportView.title))</p>
            \(navigation)</header>
            <main id="main">
            \(body)</main>
            </body>
            </html>

            """
    }

    /// The sign-in form; after a failed attempt, the name kept and the error beside it.
    /// `notice`: a word on what just happened (a password set), above the form.
    public static func signIn(csrf: String, next: String, user: String, error: String?, notice: String? = nil) -> String {
        let problem = error.map { "<p class=\"error\" id=\"sign-in-error\" role=\"alert\">\(HTML.escape($0))</p>\n" } ?? ""
        let status = notice.map { "<p class=\"notice\" id=\"sign-in-notice\" role=\"status\">\(HTML.escape($0))</p>\n" } ?? ""
        let described = error == nil ? "" : " aria-describedby=\"sign-in-error\" aria-invalid=\"true\""
        return page(title: "Sign in", user: nil, csrf: nil, body: """
            <h1>Sign in</h1>
            \(status)<form method="post" action="/sign-in" class="form">
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <p><label for="user">User name</label>
            <input id="user" name="user" type="text" autocomplete="username" required value="\(HTML.escape(user))"\(described)></p>
            <p><label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required\(described)></p>
            \(problem)<p><button type="submit">Sign in</button></p>
            </form>
            <p><a href="/password">First time? Choose your password with your set-up code</a></p>

            """)
    }

    /// Choosing a password with the one-time set-up code (or changing it with the current one).
    public static func choosePassword(csrf: String, user: String, error: String?) -> String {
        let problem = error.map { "<p class=\"error\" role=\"alert\" id=\"password-error\">\(HTML.escape($0))</p>\n" } ?? ""
        return page(title: "Choose a password", user: nil, csrf: nil, body: """
            <h1>Choose a password</h1>
            <p>With the set-up code the secretariat sent you (or your current password).</p>
            <form method="post" action="/password" class="form">
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <p><label for="user">User name</label>
            <input id="user" name="user" type="text" autocomplete="username" required value="\(HTML.escape(user))"></p>
            <p><label for="code">Set-up code or current password</label>
            <input id="code" name="code" type="password" required></p>
            <p><label for="newPassword">New password (10 to 72 characters)</label>
            <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength="10" maxlength="72" required></p>
            \(problem)<p><button type="submit">Set password</button></p>
            </form>

            """)
    }

    /// The dashboard: the live HTML report with a form for its date.
    public static func dashboard(_ dashboard: Dashboard, user: Account, csrf: String, comparison: Comparison? = nil,
                                 baselines: [Baseline] = [], compareTo: String? = nil) -> String {
        let asOf = dashboard.report.asOf
        let chair = dashboard.report.chair.map(ChairView.html) ?? ""
        let sample = dashboard.report.isSample ? "<p class=\"sample\" id=\"sample\">\(HTML.escape(ReportView.sampleNotice))</p>\n" : ""
        return page(title: "Progress as of \(asOf)", user: user, csrf: csrf, current: .dashboard, body: """
            <h1>Progress as of <span id="as-of">\(asOf)</span></h1>
            \(chair)\(sample)<form method="get" action="/" class="form inline-form">
            <p><label for="asOf">As of</label> <input id="asOf" name="asOf" type="date" value="\(asOf)">
            <label for="compareTo">Compare with</label> <select id="compareTo" name="compareTo"><option value="">nothing</option>\(
                baselines.map { "<option\($0.name == compareTo ? " selected" : "")>\(HTML.escape($0.name))</option>" }.joined())</select>
            <button type="submit">Show</button></p>
            </form>
            <p class="meta"><a id="download-xlsx" href="/api/v1/report\(HTML.query([("asOf", asOf.description), ("format", "xlsx")]
                + (compareTo.map { [("compareTo", $0)] } ?? [])))">Download as a spreadsheet (.xlsx)</a></p>
            \(HTMLReport.sections(dashboard, comparison: comparison, linked: true))
            """)
    }

    /// One activity: its fields, milestones and history; with `editable`, the forms for the
    /// changes the user may make ("Mark done", "Reopen", "Reschedule", "Drop", "Add milestone").
    /// `error` (a field's message, by form id) shows beside the form that failed.
    public static func activity(_ detail: ActivityDetail, asOf: Day, user: Account, csrf: String, editable: Bool,
                                update: UpdatePanel? = nil, error: (form: String, message: String)? = nil,
                                entered: [String: String] = [:]) -> String {
        let activity = detail.summary
        /// What the failed form was sent with, else `fallback`: a failed form keeps its values.
        func kept(_ form: String, _ name: String, _ fallback: String) -> String {
            HTML.escape(error?.form == form ? (entered[name] ?? fallback) : fallback)
        }
        let ref = activity.ref.description
        func hidden() -> String { "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">" }
        func problem(_ form: String) -> String {
            guard let error, error.form == form else { return "" }
            return "<p class=\"error\" role=\"alert\" id=\"\(HTML.escape(form))-error\">\(HTML.escape(error.message))</p>"
        }
        var fields: [(String, String)] = [
            ("Group", WebLinks.anchor(WebLinks.group(activity.ref.group), activity.ref.group) + HTML.escape(" (\(detail.groupName))")),
            ("Status", "\(activity.status.rawValue) as of \(asOf)"),
            ("Lead", HTML.escape(activity.lead ?? "—")),
            ("Partners", HTML.escape(activity.partners.isEmpty ? "—" : ActivitiesView.partnerList(activity.partners))),
            ("Planned", HTML.escape(ActivitiesView.planned(activity))),
            ("Progress", "\(activity.progress.milestonesDone) of \(counted(activity.progress.milestones, "milestone")) done, \(activity.progress.overdue) overdue"),
        ]
        if !detail.links.isEmpty {
            fields.append(("Links", detail.links.map { HTML.escape("\($0.ref) \($0.title)") }.joined(separator: "<br>")))
        }
        var body = "<h1><span class=\"code\">\(HTML.escape(ref))</span> \(HTML.escape(activity.title))</h1>\n<dl class=\"fields\">\n"
        body += fields.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined(separator: "\n") + "\n</dl>\n"
        if let description = detail.description, !description.isEmpty {
            body += "<p class=\"description\">\(HTML.escape(description))</p>\n"
        }
        body += "<section id=\"milestones\">\n<h2>Milestones</h2>\n"
        if detail.milestones.isEmpty { body += "<p>None yet.</p>\n" }
        for milestone in detail.milestones {
            let id = milestone.ref.description
            let state = milestone.done ? "done on \(milestone.doneOn?.description ?? "")" : milestone.overdue ? "overdue" : "open"
            body += "<article class=\"milestone\" id=\"m-\(HTML.escape(id))\"><h3><span class=\"code\">"
                + "\(WebLinks.anchor(WebLinks.milestone(milestone.ref), id))</span> \(HTML.escape(milestone.title))</h3>\n"
            body += "<p>Due \(milestone.due?.description ?? "—") · <span class=\"state\">\(state)</span></p>\n"
            if editable {
                let action = "/milestones/\(id)"
                if milestone.done {
                    body += "<form method=\"post\" action=\"\(action)/reopen\" class=\"form inline-form\">\(hidden())"
                        + "<label for=\"reopen-on-\(id)\">Reopened on</label> <input id=\"reopen-on-\(id)\" name=\"on\" type=\"date\" value=\"\(kept("reopen-\(id)", "on", asOf.description))\"> "
                        + "<label for=\"reopen-note-\(id)\">Note</label> <input id=\"reopen-note-\(id)\" name=\"note\" type=\"text\" value=\"\(kept("reopen-\(id)", "note", ""))\"> "
                        + "<button type=\"submit\">Reopen</button>\(problem("reopen-\(id)"))</form>\n"
                } else {
                    body += "<form method=\"post\" action=\"\(action)/done\" class=\"form inline-form\">\(hidden())"
                        + "<label for=\"done-on-\(id)\">Done on</label> <input id=\"done-on-\(id)\" name=\"on\" type=\"date\" value=\"\(kept("done-\(id)", "on", asOf.description))\"> "
                        + "<label for=\"done-note-\(id)\">Note</label> <input id=\"done-note-\(id)\" name=\"note\" type=\"text\" value=\"\(kept("done-\(id)", "note", ""))\"> "
                        + "<button type=\"submit\">Mark done</button>\(problem("done-\(id)"))</form>\n"
                }
                body += "<form method=\"post\" action=\"\(action)/reschedule\" class=\"form inline-form\">\(hidden())"
                    + "<label for=\"due-\(id)\">New due date</label> <input id=\"due-\(id)\" name=\"due\" type=\"date\" required value=\"\(kept("reschedule-\(id)", "due", ""))\"> "
                    + "<label for=\"due-from-\(id)\">From</label> <input id=\"due-from-\(id)\" name=\"on\" type=\"date\" value=\"\(kept("reschedule-\(id)", "on", asOf.description))\"> "
                    + "<button type=\"submit\">Reschedule</button>\(problem("reschedule-\(id)"))</form>\n"
                body += "<form method=\"post\" action=\"\(action)/drop\" class=\"form inline-form\">\(hidden())"
                    + "<label for=\"drop-on-\(id)\">Dropped from</label> <input id=\"drop-on-\(id)\" name=\"on\" type=\"date\" value=\"\(kept("drop-\(id)", "on", asOf.description))\"> "
                    + "<button type=\"submit\">Drop</button>\(problem("drop-\(id)"))</form>\n"
            }
            body += "</article>\n"
        }
        if !detail.indicators.isEmpty {
            body += "<section id=\"indicators\">\n<h2>Indicators</h2>\n" + HTMLReport.table(IndicatorsView.table(detail.indicators), id: "indicator-table") + "\n"
            if editable {
                for indicator in detail.indicators {
                    let id = indicator.ref.description
                    body += "<form method=\"post\" action=\"/indicators/\(id)/values\" class=\"form inline-form\">\(hidden())"
                        + "<label for=\"value-\(id)\">\(HTML.escape(id)) value</label> <input id=\"value-\(id)\" name=\"value\" type=\"text\" required value=\"\(kept("value-\(id)", "value", ""))\"> "
                        + "<label for=\"value-on-\(id)\">On</label> <input id=\"value-on-\(id)\" name=\"on\" type=\"date\" value=\"\(kept("value-\(id)", "on", asOf.description))\"> "
                        + "<button type=\"submit\">Record value</button>\(problem("value-\(id)"))</form>\n"
                }
            }
            body += "</section>\n"
        }
        if editable {
            body += "<form method=\"post\" action=\"/activities/\(ref)/edit\" class=\"form\" id=\"edit-activity\">\(hidden())\n"
                + "<h3>Change the activity</h3>\n"
                + "<p><label for=\"edit-title\">Title</label> <input id=\"edit-title\" name=\"title\" type=\"text\" value=\"\(kept("edit-activity", "title", activity.title))\" required></p>\n"
                + "<p><label for=\"edit-lead\">Lead agency</label> <input id=\"edit-lead\" name=\"lead\" type=\"text\" value=\"\(kept("edit-activity", "lead", activity.lead ?? ""))\"></p>\n"
                + "<p><label for=\"edit-partners\">Partner agencies (separated by commas)</label> <input id=\"edit-partners\" name=\"partners\" type=\"text\" value=\"\(kept("edit-activity", "partners", activity.partners.map(\.code).joined(separator: ", ")))\"></p>\n"
                + "<p><label for=\"edit-start\">Start</label> <input id=\"edit-start\" name=\"start\" type=\"date\" value=\"\(kept("edit-activity", "start", activity.start?.description ?? ""))\"></p>\n"
                + "<p><label for=\"edit-end\">End</label> <input id=\"edit-end\" name=\"end\" type=\"date\" value=\"\(kept("edit-activity", "end", activity.end?.description ?? ""))\"></p>\n"
                + "<p><label for=\"edit-on\">From</label> <input id=\"edit-on\" name=\"on\" type=\"date\" value=\"\(kept("edit-activity", "on", asOf.description))\"></p>\n"
                + "<p><label for=\"edit-note\">Note</label> <input id=\"edit-note\" name=\"note\" type=\"text\" value=\"\(kept("edit-activity", "note", ""))\"></p>\n"
                + "\(problem("edit-activity"))<p><button type=\"submit\">Save changes</button></p>\n</form>\n"
            body += "<form method=\"post\" action=\"/activities/\(ref)/milestones\" class=\"form\" id=\"add-milestone\">\(hidden())\n"
                + "<h3>Add a milestone</h3>\n<p><label for=\"milestone-title\">Title</label> <input id=\"milestone-title\" name=\"title\" type=\"text\" required value=\"\(kept("add-milestone", "title", ""))\"></p>\n"
                + "<p><label for=\"milestone-due\">Due</label> <input id=\"milestone-due\" name=\"due\" type=\"date\" value=\"\(kept("add-milestone", "due", ""))\"></p>\n"
                + "\(problem("add-milestone"))<p><button type=\"submit\">Add milestone</button></p>\n</form>\n"
            if activity.status != .cancelled {
                body += "<form method=\"post\" action=\"/activities/\(ref)/cancel\" class=\"form\" id=\"cancel-activity\">\(hidden())\n"
                    + "<h3>Cancel the activity</h3>\n<p>It leaves the plan from the date given, with its milestones; you will be asked to confirm.</p>\n"
                    + "<p><label for=\"cancel-on\">Cancelled from</label> <input id=\"cancel-on\" name=\"on\" type=\"date\" value=\"\(kept("cancel-activity", "on", asOf.description))\"></p>\n"
                    + "<p><label for=\"cancel-note\">Note</label> <input id=\"cancel-note\" name=\"note\" type=\"text\" value=\"\(kept("cancel-activity", "note", ""))\"></p>\n"
                    + "\(problem("cancel-activity"))<p><button type=\"submit\">Cancel activity</button></p>\n</form>\n"
            }
        }
        body += "</section>\n"
        if let update { body += updateSection(update, ref: activity.ref, csrf: csrf, error: error, entered: entered) }
        if !detail.history.isEmpty {
            let table = Table(
                columns: [.init("Recorded"), .init("Effective"), .init("Change"), .init("Ref"), .init("By"), .init("Detail")],
                rows: detail.history.map { change in
                    [HTMLReport.generated(change.recordedAt), change.on.description, ChangeText.label(change.kind, new: change.new),
                     change.ref, change.by, ChangeText.detail(change)]
                })
            body += "<section id=\"history\">\n<h2>History</h2>\n" + HTMLReport.table(table, id: "history-table", links: HTMLReport.links(true, references: [3]))
                + "\n</section>\n"
        }
        return page(title: "\(ref) \(activity.title)", user: user, csrf: csrf, body: body)
    }

    /// The activities the user's agency leads or partners in (or whose group it leads), overdue first, then by next due date.
    public static func myAgency(_ agency: String, _ activities: [ActivitySummary], agenda: AgencyAgenda, page number: Int,
                                user: Account, csrf: String) -> String {
        let asOf = agenda.asOf
        // Overdue first, then by next due date (none last), then by reference; the keys made once
        // (an agency of the UN system's plan has thousands of activities to sort).
        let ordered = activities.filter { $0.status != .cancelled }
            .map { (key: ($0.progress.overdue > 0 ? 0 : 1, $0.nextDue?.dayNumber ?? .max, $0.ref.group, $0.ref.number), activity: $0) }
            .sorted { $0.key < $1.key }.map(\.activity)
        var body = "<h1>\(HTML.escape(agency)): its work as of \(asOf)</h1>\n" + attention(agenda)
        if ordered.isEmpty {
            body += "<p>Nothing: \(HTML.escape(agency)) leads or partners in no activity.</p>\n"
        } else {
            let paging = Paging(total: ordered.count, page: number, size: myAgencyPageSize)
            body += "<section id=\"activities\"><h2>Its activities (\(ordered.count))</h2>\n" + paging.caption("activities")
            body += "<div class=\"scroll\"><table id=\"my-activities\">\n<thead><tr><th scope=\"col\">Activity</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\" class=\"num\">Overdue</th><th scope=\"col\">Next due</th></tr></thead>\n<tbody>\n"
            for activity in ordered[paging.range] {
                body += "<tr><th scope=\"row\"><a href=\"/activities/\(activity.ref)\">\(HTML.escape(activity.ref.description))</a> "
                    + "\(HTML.escape(activity.title))</th><td>\(activity.status.rawValue)</td>"
                    + "<td class=\"num\(activity.progress.overdue > 0 ? " late" : "")\">\(activity.progress.overdue)</td>"
                    + "<td class=\"date\">\(activity.nextDue?.description ?? "—")</td></tr>\n"
            }
            body += "</tbody>\n</table></div>\n" + paging.links(path: "/my-agency") + "</section>\n"
        }
        return page(title: "My agency", user: user, csrf: csrf, current: .myAgency, body: body)
    }

    /// The dashboard lists this many overdue milestones, the longest overdue, with the number in all.
    public static let overdueLimit = 100
    /// `/my-agency` lists this many activities a page.
    public static let myAgencyPageSize = 100
    /// The attention lists of `/my-agency` show this many items each, with the number in all.
    public static let attentionLimit = 25

    /// What the agency has to attend to (the same rules as `mawp remind`): overdue, due soon,
    /// updates owed; nothing when there is nothing. Each list shows what the agenda holds (its
    /// first items when it was asked for with a limit) under the number there are in all.
    static func attention(_ agenda: AgencyAgenda) -> String {
        guard !agenda.isEmpty else { return "<p id=\"attention\">Nothing needs attention: no milestone overdue or due within "
            + "\(PlanStore.dueSoonDays) days, no update owed.</p>\n" }
        func more(_ shown: Int, of count: Int, _ which: String) -> String {
            shown < count ? "<p class=\"meta\">The first \(shown) of \(count), \(which); each activity's page has the rest.</p>\n" : ""
        }
        func milestones(_ items: [AgendaMilestone], count: Int, _ heading: String, _ id: String, _ which: String) -> String {
            guard count > 0 else { return "" }
            return "<h3>\(heading) (\(count))</h3>\n" + more(items.count, of: count, which) + "<ul id=\"\(id)\">\n" + items.map { item in
                "<li>\(WebLinks.anchor(WebLinks.milestone(item.ref), item.ref.description)) \(HTML.escape(item.title)) "
                    + "<span class=\"muted\">(\(HTML.escape(item.activityTitle)))</span>, due <span class=\"date\">\(item.due)</span></li>\n"
            }.joined() + "</ul>\n"
        }
        var out = "<section id=\"attention\"><h2>Needs attention</h2>\n"
            + milestones(agenda.overdue, count: agenda.overdueCount, "Overdue", "attention-overdue", "most overdue first")
            + milestones(agenda.dueSoon, count: agenda.dueSoonCount, "Due within \(PlanStore.dueSoonDays) days", "attention-due-soon", "soonest first")
        if agenda.owedCount > 0 {
            out += "<h3>Progress updates owed (\(agenda.owedCount))</h3>\n" + more(agenda.owed.count, of: agenda.owedCount, "by period and activity")
                + "<ul id=\"attention-owed\">\n" + agenda.owed.map { owed in
                let href = WebLinks.update(owed.activity, period: owed.period.code)
                return "<li>\(HTML.escape(owed.period.code)): \(WebLinks.anchor(href, owed.activity.description)) \(HTML.escape(owed.title)), "
                    + "\(owed.state == .missing ? "not written" : owed.state.label); deadline <span class=\"date\">\(owed.period.deadline)</span></li>\n"
            }.joined() + "</ul>\n"
        }
        return out + "</section>\n"
    }

    /// The slippage page, with its date.
    public static func slippage(_ report: SlippageReport, user: Account, csrf: String) -> String {
        page(title: "Slippage as of \(report.asOf)", user: user, csrf: csrf, current: .slippage, body: """
            <h1>Slippage as of <span id="as-of">\(report.asOf)</span></h1>
            \(report.chair.map(ChairView.html) ?? "")<form method="get" action="/slippage" class="form inline-form">
            <p><label for="asOf">As of</label> <input id="asOf" name="asOf" type="date" value="\(report.asOf)"> <button type="submit">Show</button></p>
            </form>
            \(SlippageView.sections(report, linked: true))
            """)
    }

    /// `/log` shows this many events a page.
    public static let logPageSize = 200

    /// A page of the event log, newest last, each change linked to its activity.
    public static func log(_ events: [LoggedEvent], paging: Paging, user: Account, csrf: String) -> String {
        let table = Table(
            columns: [.init("Date"), .init("Event"), .init("Ref"), .init("By"), .init("Recorded"), .init("Change"), .init("Note")],
            rows: events.map { event in
                let details = JSON.parse(event.details)
                return [event.effectiveOn.description, event.kind, LogView.reference(event), event.actor, HTMLReport.generated(event.recordedAt),
                        LogView.change(event.kind, details), event.note ?? ""]
            })
        let links: [Int: (Int, String) -> String?] = [2: { row, _ in WebLinks.subject(events[row]) }]
        let body = "<h1>The event log</h1>\n" + (events.isEmpty ? "<p>No events.</p>\n"
            : paging.caption("events") + HTMLReport.table(table, id: "log", links: links) + "\n" + paging.links(path: "/log"))
        return page(title: "Event log", user: user, csrf: csrf, current: .log, body: body)
    }

    /// One group: its leads and its activities, each linked; with `addAs` (the lead the user
    /// may name), the "Add activity" form, kept as entered with `error` beside it after a failure.
    public static func group(_ summary: GroupSummary, activities: [ActivitySummary], asOf: Day, user: Account, csrf: String,
                             addAs lead: String? = nil, entered: [String: String] = [:], error: String? = nil) -> String {
        let group = summary.group
        var body = "<h1><span class=\"code\">\(HTML.escape(group.code))</span> \(HTML.escape(group.name))</h1>\n"
        body += "<p>\(HTML.escape(group.kind.label)); led by \(HTML.escape(Format.leads(group.leads)))</p>\n"
        body += activityList(activities, id: "group-activities")
        if let lead {
            func field(_ name: String, _ label: String, type: String = "text", value: String = "", required: Bool = false) -> String {
                "<p><label for=\"new-\(name)\">\(label)</label> <input id=\"new-\(name)\" name=\"\(name)\" type=\"\(type)\""
                    + " value=\"\(HTML.escape(entered[name] ?? value))\"\(required ? " required" : "")></p>\n"
            }
            body += "<form method=\"post\" action=\"/groups/\(HTML.escape(group.code))/activities\" class=\"form\" id=\"add-activity\">\n"
                + "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">\n<h2>Add an activity</h2>\n"
                + field("title", "Title", required: true) + field("lead", "Lead agency", value: lead)
                + field("partners", "Partner agencies (separated by commas)") + field("start", "Start", type: "date")
                + field("end", "End", type: "date") + field("description", "Description")
                + (error.map { "<p class=\"error\" role=\"alert\" id=\"add-activity-error\">\(HTML.escape($0))</p>\n" } ?? "")
                + "<p><button type=\"submit\">Add activity</button></p>\n</form>\n"
        }
        return page(title: group.name, user: user, csrf: csrf, body: body)
    }

    static func activityList(_ activities: [ActivitySummary], id: String) -> String {
        guard !activities.isEmpty else { return "<p>No activities yet.</p>\n" }
        var out = "<div class=\"scroll\"><table id=\"\(id)\">\n<thead><tr><th scope=\"col\">Activity</th><th scope=\"col\">Status</th>"
            + "<th scope=\"col\" class=\"num\">Overdue</th><th scope=\"col\">Next due</th></tr></thead>\n<tbody>\n"
        for activity in activities {
            out += "<tr><th scope=\"row\"><a href=\"/activities/\(activity.ref)\">\(HTML.escape(activity.ref.description))</a> "
                + "\(HTML.escape(activity.title))</th><td>\(activity.status.rawValue)</td>"
                + "<td class=\"num\(activity.progress.overdue > 0 ? " late" : "")\">\(activity.progress.overdue)</td>"
                + "<td class=\"date\">\(activity.nextDue?.description ?? "—")</td></tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    /// The administrators' page: users and tokens, the forms to invite a focal point, disable a
    /// user, make and revoke tokens; `shown` is a secret made just now, shown this once.
    public static func admin(users: [Account], tokens: [TokenInfo], agencies: [String], today: Day, user: Account, csrf: String,
                             shown: (title: String, secret: String)? = nil, error: String? = nil) -> String {
        func hidden() -> String { "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">" }
        var body = "<h1>Users and tokens</h1>\n"
        if let shown {
            body += "<section id=\"secret\" class=\"sample\"><h2>\(HTML.escape(shown.title))</h2>\n<p>Shown only now: copy it and pass it on.</p>\n"
                + "<p><code id=\"secret-value\">\(HTML.escape(shown.secret))</code></p></section>\n"
        }
        if let error { body += "<p class=\"error\" role=\"alert\" id=\"admin-error\">\(HTML.escape(error))</p>\n" }
        body += "<section id=\"users\"><h2>Users</h2>\n<div class=\"scroll\"><table id=\"user-table\">\n<thead><tr><th scope=\"col\">User</th>"
            + "<th scope=\"col\">Agency</th><th scope=\"col\">Role</th><th scope=\"col\">State</th><th scope=\"col\">E-mail and reminders</th>"
            + "<th scope=\"col\">Change</th></tr></thead>\n<tbody>\n"
        for account in users {
            let (action, label) = account.isDisabled ? ("enable", "Enable") : ("disable", "Disable")
            let disable = "<form method=\"post\" action=\"/admin/users/\(action)\" class=\"inline-form\">\(hidden())"
                + "<input type=\"hidden\" name=\"user\" value=\"\(HTML.escape(account.name))\">"
                + "<button type=\"submit\" aria-label=\"\(label) \(HTML.escape(account.name))\">\(label)</button></form>"
            let name = HTML.escape(account.name)
            let contact = "<form method=\"post\" action=\"/admin/users/contact\" class=\"inline-form\">\(hidden())"
                + "<input type=\"hidden\" name=\"user\" value=\"\(name)\">"
                + "<input name=\"email\" type=\"email\" aria-label=\"E-mail address of \(name)\" value=\"\(HTML.escape(account.email ?? ""))\" size=\"24\"> "
                + "<select name=\"reminders\" aria-label=\"Reminders of \(name)\">\(reminderOptions(account.reminders))</select> "
                + "<button type=\"submit\" aria-label=\"Save the address and reminders of \(name)\">Save</button></form>"
            body += "<tr><th scope=\"row\">\(name)</th><td>\(HTML.escape(account.agency))</td><td>\(account.role.rawValue)</td>"
                + "<td>\(AccountsView.state(account))</td><td>\(contact)</td><td>\(disable)</td></tr>\n"
        }
        body += "</tbody>\n</table></div>\n"
        let options = agencies.map { "<option>\(HTML.escape($0))</option>" }.joined()
        body += "<form method=\"post\" action=\"/admin/users\" class=\"form\" id=\"invite\">\(hidden())\n<h3>Invite a focal point</h3>\n"
            + "<p><label for=\"invite-name\">User name</label> <input id=\"invite-name\" name=\"name\" type=\"text\" required></p>\n"
            + "<p><label for=\"invite-agency\">Agency</label> <select id=\"invite-agency\" name=\"agency\">\(options)</select></p>\n"
            + "<p><label for=\"invite-role\">Role</label> <select id=\"invite-role\" name=\"role\"><option>editor</option><option>viewer</option><option>admin</option></select></p>\n"
            + "<p><label for=\"invite-email\">E-mail address</label> <input id=\"invite-email\" name=\"email\" type=\"email\"></p>\n"
            + "<p><label for=\"invite-reminders\">Reminders</label> <select id=\"invite-reminders\" name=\"reminders\">\(reminderOptions(.weekly))</select></p>\n"
            + "<p><button type=\"submit\">Add user</button></p>\n</form>\n</section>\n"
        body += "<section id=\"tokens\"><h2>Tokens</h2>\n"
        if tokens.isEmpty {
            body += "<p>None yet.</p>\n"
        } else {
            body += "<div class=\"scroll\"><table id=\"token-table\">\n<thead><tr><th scope=\"col\">Token</th><th scope=\"col\">User</th>"
                + "<th scope=\"col\">Access</th><th scope=\"col\">State</th><th scope=\"col\">Refused from</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n"
            for token in tokens {
                let state = token.state(on: today)
                let revoke = state != .active ? "" : "<form method=\"post\" action=\"/admin/tokens/revoke\" class=\"inline-form\">\(hidden())"
                    + "<input type=\"hidden\" name=\"id\" value=\"\(token.id)\"><button type=\"submit\" aria-label=\"Revoke token \(token.id)\">Revoke</button></form>"
                body += "<tr><th scope=\"row\">\(token.id)</th><td>\(HTML.escape(token.user))</td><td>\(HTML.escape(AccountsView.access(token)))</td>"
                    + "<td>\(state.rawValue)</td><td>\(token.expiresOn?.description ?? "—")</td><td>\(revoke)</td></tr>\n"
            }
            body += "</tbody>\n</table></div>\n"
        }
        let names = users.filter { !$0.isDisabled }.map { "<option>\(HTML.escape($0.name))</option>" }.joined()
        body += "<form method=\"post\" action=\"/admin/tokens\" class=\"form\" id=\"new-token\">\(hidden())\n<h3>Make a token</h3>\n"
            + "<p><label for=\"token-user\">User</label> <select id=\"token-user\" name=\"user\">\(names)</select></p>\n"
            + "<p><input id=\"token-read-only\" name=\"readOnly\" type=\"checkbox\" value=\"true\"> <label for=\"token-read-only\" class=\"inline-label\">Read only</label></p>\n"
            + "<p><label for=\"token-expires\">Refused from</label> <input id=\"token-expires\" name=\"expires\" type=\"date\"></p>\n"
            + "<p><button type=\"submit\">Make token</button></p>\n</form>\n</section>\n"
        return page(title: "Users and tokens", user: user, csrf: csrf, current: .admin, body: body)
    }

    /// Every group with its kind, leads and progress as of `report`'s date, each linked to its page.
    public static func groups(_ report: Report, leads: [String: [GroupLead]], user: Account, csrf: String) -> String {
        let asOf = report.asOf
        var body = "<h1>Groups, as of <span id=\"as-of\">\(asOf)</span></h1>\n"
            + "<form method=\"get\" action=\"/groups\" class=\"form inline-form\">\n<p><label for=\"asOf\">As of</label> "
            + "<input id=\"asOf\" name=\"asOf\" type=\"date\" value=\"\(asOf)\"> <button type=\"submit\">Show</button></p>\n</form>\n"
        body += "<div class=\"scroll\"><table id=\"group-list\" class=\"groups\">\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Kind</th>"
            + "<th scope=\"col\">Led by</th><th scope=\"col\" class=\"num\">Activities</th><th scope=\"col\" class=\"num\">Milestones done</th>"
            + "<th scope=\"col\" class=\"num\">Overdue</th><th scope=\"col\" class=\"num\">Complete</th></tr></thead>\n<tbody>\n"
        for group in report.groups {
            let progress = group.progress
            let href = WebLinks.group(group.code) + (asOf == .today() ? "" : "?asOf=\(asOf)")
            body += "<tr id=\"group-\(HTML.escape(group.code))\"><th scope=\"row\"><span class=\"code\">\(WebLinks.anchor(href, group.code))</span>"
                + "<span class=\"name\">\(HTML.escape(group.name))</span></th><td>\(HTML.escape(group.kind.label))</td>"
                + "<td>\(HTML.escape(Format.leads(leads[group.code] ?? [])))</td><td class=\"num\">\(progress.activities)</td>"
                + "<td class=\"num\">\(progress.milestonesDone) of \(progress.milestones)</td>"
                + "<td class=\"num\(progress.overdue > 0 ? " late" : "")\">\(progress.overdue)</td>"
                + "<td class=\"num\">\(Format.percent(progress.percentComplete))</td></tr>\n"
        }
        body += "</tbody>\n</table></div>\n"
        return page(title: "Groups", user: user, csrf: csrf, current: .groups, body: body)
    }

    /// A change that cannot be undone by a plain edit (Drop, Cancel activity), restated before
    /// it is made (DESIGN §9): the same form again, with `confirm=yes`, and a way back that
    /// changes nothing. `fields` are the form's values as they were sent.
    public static func confirm(title: String, statement: [String], action: String, fields: [(name: String, value: String)], button: String,
                               back: String, user: Account, csrf: String) -> String {
        var body = "<h1>\(HTML.escape(title))</h1>\n" + statement.map { "<p>\(HTML.escape($0))</p>\n" }.joined()
        body += "<form method=\"post\" action=\"\(HTML.escape(action))\" class=\"form\" id=\"confirm\">\n"
            + "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">\n"
            + fields.map { "<input type=\"hidden\" name=\"\(HTML.escape($0.name))\" value=\"\(HTML.escape($0.value))\">\n" }.joined()
            + "<input type=\"hidden\" name=\"confirm\" value=\"yes\">\n"
            + "<p><button type=\"submit\">\(HTML.escape(button))</button> <a href=\"\(HTML.escape(back))\" id=\"go-back\">No, go back without changing anything</a></p>\n"
            + "</form>\n"
        return page(title: title, user: user, csrf: csrf, body: body)
    }

    /// A page that says what went wrong (a refused form, an unknown page).
    public static func problem(title: String, detail: String, user: Account?, csrf: String?) -> String {
        page(title: title, user: user, csrf: csrf, body: "<h1>\(HTML.escape(title))</h1>\n<p>\(HTML.escape(detail))</p>\n<p><a href=\"/\">Back to the dashboard</a></p>\n")
    }

    static let stylesheet = """
        .site{font-weight:700;margin:0 0 .5rem}
        nav{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;margin-bottom:1rem}
        nav a,main a{color:var(--accent)}
        nav a[aria-current=page]{color:var(--ink);font-weight:700;text-decoration:none;border-bottom:3px solid var(--accent)}
        .notice{padding:.5rem .75rem;background:#e3f1e4;border-left:4px solid var(--done);font-weight:600}
        .inline{display:inline;margin-left:auto}
        .who{color:var(--muted)}
        .form label{display:block;font-weight:600;margin-bottom:.2rem}
        .inline-form label{display:inline;margin-right:.4rem}
        input,button{font:inherit;padding:.4rem .6rem;border:1px solid var(--muted);border-radius:.3rem}
        button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
        :focus-visible{outline:3px solid #e0a800;outline-offset:2px}
        .error{color:var(--late);font-weight:600}
        .fields{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
        .fields dt{font-weight:600}
        .milestone{border-top:1px solid var(--line);padding:.5rem 0}
        .milestone h3{font-size:1rem;margin:.2rem 0}
        .inline-form{margin:.3rem 0}
        .inline-label{display:inline;font-weight:600}
        select{font:inherit;padding:.4rem .6rem;border:1px solid var(--muted);border-radius:.3rem}
        code{font-size:1rem;word-break:break-all}
        textarea{font:inherit;width:100%;max-width:44rem;padding:.4rem .6rem;border:1px solid var(--muted);border-radius:.3rem}
        .update-text p{max-width:44rem}
        .state-missing,.state-returned{color:var(--late);font-weight:600}
        .state-approved{color:var(--done);font-weight:600}
        @media print{nav,form{display:none}}
        """
}
