import WorkPlan

/// A user's own pages (DESIGN §11): `/me` (who they are, their address, how often they hear)
/// and `/calendar` (their calendar links).
extension WebPages {
    static func hiddenToken(_ csrf: String) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">"
    }

    /// Options of a reminder setting's menu, `selected` chosen.
    static func reminderOptions(_ selected: ReminderSetting) -> String {
        ReminderSetting.allCases.map { setting in
            "<option value=\"\(setting.rawValue)\"\(setting == selected ? " selected" : "")>\(reminderLabel(setting))</option>"
        }.joined()
    }

    static func reminderLabel(_ setting: ReminderSetting) -> String {
        switch setting {
        case .weekly: return "Weekly (the first run of each week)"
        case .daily: return "Daily"
        case .off: return "Off"
        }
    }

    /// `/me`: the user's account, their address (an administrator sets it) and their reminder
    /// setting, which they change here; with a note when it was just saved, or an error.
    public static func me(_ account: Account, user: Account, csrf: String, saved: Bool = false, error: String? = nil) -> String {
        var body = "<h1>Your account</h1>\n"
        if saved { body += "<p class=\"notice\" role=\"status\" id=\"me-saved\">Saved.</p>\n" }
        if let error { body += "<p class=\"error\" role=\"alert\" id=\"me-error\">\(HTML.escape(error))</p>\n" }
        body += "<dl id=\"account\">\n<dt>User name</dt><dd>\(HTML.escape(account.name))</dd>\n"
            + "<dt>Agency</dt><dd>\(HTML.escape(account.agency))</dd>\n<dt>Role</dt><dd>\(account.role.rawValue)</dd>\n"
            + "<dt>E-mail address</dt><dd id=\"email\">"
            + (account.email.map(HTML.escape) ?? "none: reminders are not sent; an administrator sets it") + "</dd>\n</dl>\n"
        body += "<form method=\"post\" action=\"/me/reminders\" class=\"form\" id=\"reminders-form\">\(hiddenToken(csrf))\n"
            + "<h2>Reminders</h2>\n<p>What your agency has to attend to (milestones overdue and due within \(PlanStore.dueSoonDays) days, "
            + "the progress updates it owes) and the updates waiting for your review, by e-mail, when there is something to hear.</p>\n"
            + "<p><label for=\"reminders\">How often</label> <select id=\"reminders\" name=\"reminders\">\(reminderOptions(account.reminders))</select></p>\n"
            + "<p><button type=\"submit\">Save</button></p>\n</form>\n"
        body += "<p>Your agency's milestones in your own calendar program: <a href=\"/calendar\">calendar links</a>.</p>\n"
        return page(title: "Your account", user: user, csrf: csrf, current: .me, body: body)
    }

    /// `/calendar`: the user's calendar links, the form that makes one, and a link made just now
    /// (shown only now: `shown` is its address).
    public static func calendar(links: [TokenInfo], groups: [String], today: Day, user: Account, csrf: String,
                                shown: String? = nil, error: String? = nil) -> String {
        var body = "<h1>Calendar links</h1>\n<p>A calendar link shows milestones in a calendar program (Outlook, Google Calendar, "
            + "Thunderbird, Apple Calendar) that subscribes to it, kept up to date: one event per milestone on its due date. "
            + "A link reads only, needs no password, and works until you revoke it; anyone who has it can read the milestones it shows.</p>\n"
        if let shown {
            body += "<section id=\"secret\" class=\"sample\"><h2>Your new calendar link</h2>\n<p>Shown only now: copy it into your calendar "
                + "program (\u{201C}subscribe\u{201D} or \u{201C}add calendar from URL\u{201D}).</p>\n"
                + "<p><code id=\"secret-value\">\(HTML.escape(shown))</code></p></section>\n"
        }
        if let error { body += "<p class=\"error\" role=\"alert\" id=\"calendar-error\">\(HTML.escape(error))</p>\n" }
        let live = links.filter { $0.state(on: today) == .active }
        if live.isEmpty {
            body += "<p id=\"no-links\">You have no calendar link.</p>\n"
        } else {
            body += "<div class=\"scroll\"><table id=\"calendar-links\">\n<thead><tr><th scope=\"col\">Link</th><th scope=\"col\">Shows</th>"
                + "<th scope=\"col\">Made</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n"
            for link in live {
                let revoke = "<form method=\"post\" action=\"/calendar/links/revoke\" class=\"inline-form\">\(hiddenToken(csrf))"
                    + "<input type=\"hidden\" name=\"id\" value=\"\(link.id)\"><button type=\"submit\" aria-label=\"Revoke calendar link \(link.id)\">Revoke</button></form>"
                body += "<tr><th scope=\"row\">\(link.id)</th><td>\(HTML.escape(link.group.map { "group \($0)" } ?? "\(user.agency)'s activities"))</td>"
                    + "<td>\(HTML.escape(HTMLReport.generated(link.createdAt)))</td><td>\(revoke)</td></tr>\n"
            }
            body += "</tbody>\n</table></div>\n"
        }
        let options = "<option value=\"\">\(HTML.escape(user.agency))'s activities (led or partnered)</option>"
            + groups.map { "<option value=\"\(HTML.escape($0))\">Group \(HTML.escape($0))</option>" }.joined()
        body += "<form method=\"post\" action=\"/calendar/links\" class=\"form\" id=\"new-calendar-link\">\(hiddenToken(csrf))\n<h2>Make a link</h2>\n"
            + "<p><label for=\"calendar-scope\">Shows</label> <select id=\"calendar-scope\" name=\"group\">\(options)</select></p>\n"
            + "<p><button type=\"submit\">Make link</button></p>\n</form>\n"
        return page(title: "Calendar links", user: user, csrf: csrf, current: .calendar, body: body)
    }
}
