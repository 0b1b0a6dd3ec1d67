import WorkPlan

/// What the activity page shows of the reporting cycle: the update for one period, and which
/// of its forms the user may use (WorkPlan's rules, asked by the server).
public struct UpdatePanel: Sendable {
    public let periods: [ReportingPeriod]
    public let shown: UpdateWithFacts
    public let mayWrite: Bool
    public let mayReview: Bool
    /// The signed-in user's name: nobody approves what they submitted.
    public let user: String

    public init(periods: [ReportingPeriod], shown: UpdateWithFacts, mayWrite: Bool, mayReview: Bool, user: String) {
        (self.periods, self.shown, self.mayWrite, self.mayReview, self.user) = (periods, shown, mayWrite, mayReview, user)
    }
}

/// The reporting cycle's pages (DESIGN §10): the periods, a period's grid by group, the
/// reviews waiting for the user, and the "Progress update" section of the activity page.
extension WebPages {
    /// The activity page's "Progress update": the update, its facts, and the forms to write
    /// and submit it ("Save draft", "Submit for review") or to review it ("Approve", "Return
    /// for revision", "Reopen"), as the user may and its state allows.
    static func updateSection(_ panel: UpdatePanel, ref: ActivityRef, csrf: String, error: (form: String, message: String)?,
                              entered: [String: String]) -> String {
        let shown = panel.shown, update = panel.shown.update, period = panel.shown.period
        func kept(_ form: String, _ name: String, _ fallback: String) -> String {
            HTML.escape(error?.form == form ? (entered[name] ?? fallback) : fallback)
        }
        func problem(_ form: String) -> String {
            guard let error, error.form == form else { return "" }
            return "<p class=\"error\" role=\"alert\" id=\"\(form)-error\">\(HTML.escape(error.message))</p>"
        }
        let hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf))\">"
        let action = "/activities/\(ref)/updates/\(period.code)"
        var body = "<section id=\"update\">\n<h2>Progress update</h2>\n"
        if panel.periods.count > 1 {
            body += "<form method=\"get\" action=\"/activities/\(ref)#update\" class=\"form inline-form\"><label for=\"update-period\">Period</label> "
                + "<select id=\"update-period\" name=\"period\">"
                + panel.periods.map { "<option value=\"\($0.code)\"\($0.code == period.code ? " selected" : "")>\($0.code) \(HTML.escape($0.title))</option>" }.joined()
                + "</select> <button type=\"submit\">Show</button></form>\n"
        }
        body += "<p>\(HTML.escape(period.title)) (<a href=\"/periods/\(period.code)\">\(period.code)</a>): \(period.from) to \(period.to); "
            + "updates due by \(period.deadline)\(period.locked ? "; <strong>locked</strong>" : "").</p>\n"
        body += "<p id=\"update-state\">State: <span class=\"state-\(update.state.rawValue)\">\(update.state.label)</span>"
            + (update.status.map { "; status: <strong>\($0.label)</strong>" } ?? "") + "</p>\n"
        if let writer = update.writtenBy {
            body += "<p class=\"who\">Written by \(HTML.escape(writer))" + (update.submittedBy.map { "; submitted by \(HTML.escape($0))" } ?? "")
                + (update.reviewedBy.map { "; last reviewed by \(HTML.escape($0))" } ?? "") + "</p>\n"
        }
        if let note = update.reviewNote { body += "<p id=\"review-note\">Review note: \(HTML.escape(note))</p>\n" }
        let writing = panel.mayWrite && !period.locked && UpdateStep.write.from.contains(update.state)
        if !writing {
            for (label, text) in PeriodReportView.texts(update) {
                body += "<h3>\(label)</h3>\n<div class=\"update-text\">" + PeriodReportView.paragraphs(text) + "</div>\n"
            }
        } else {
            let form = "update-form"
            let statusOptions = "<option value=\"\">(not given yet)</option>" + UpdateStatus.allCases.map { status in
                let chosen = kept(form, "status", update.status?.rawValue ?? "") == status.rawValue
                return "<option value=\"\(status.rawValue)\"\(chosen ? " selected" : "")>\(status.label)</option>"
            }.joined()
            body += "<form method=\"post\" action=\"\(action)\" class=\"form\" id=\"\(form)\">\(hidden)\n"
                + "<p><label for=\"update-status\">Status</label> <select id=\"update-status\" name=\"status\">\(statusOptions)</select></p>\n"
            for (name, label, text) in [("achievements", "Achievements", update.achievements), ("challenges", "Challenges", update.challenges),
                                        ("next-steps", "Next steps", update.nextSteps)] {
                body += "<p><label for=\"update-\(name)\">\(label)</label> <textarea id=\"update-\(name)\" name=\"\(name)\" rows=\"6\">"
                    + kept(form, name, text) + "</textarea></p>\n"
            }
            body += problem(form) + "<p><button type=\"submit\" name=\"step\" value=\"save\">Save draft</button> "
                + "<button type=\"submit\" name=\"step\" value=\"submit\">Submit for review</button></p>\n</form>\n"
        }
        if panel.mayReview && !period.locked && (update.state == .submitted || update.state == .approved) {
            let form = "review-form"
            let ownSubmission = update.submittedBy == panel.user
            body += "<form method=\"post\" action=\"\(action)/review\" class=\"form\" id=\"\(form)\">\(hidden)\n<h3>Review</h3>\n"
                + "<p><label for=\"review-note-text\">Note for the writer</label> <textarea id=\"review-note-text\" name=\"note\" rows=\"3\">"
                + kept(form, "note", "") + "</textarea></p>\n" + problem(form) + "<p>"
            if update.state == .submitted {
                body += ownSubmission ? "You submitted this update: another reviewer approves it. "
                    : "<button type=\"submit\" name=\"step\" value=\"approve\">Approve</button> "
                body += "<button type=\"submit\" name=\"step\" value=\"return\">Return for revision</button>"
            } else {
                body += "<button type=\"submit\" name=\"step\" value=\"reopen\">Reopen</button>"
            }
            body += "</p>\n</form>\n"
        }
        body += "<h3>Facts of the period</h3>\n<ul class=\"facts\">\n"
        for kind in PeriodFacts.Kind.allCases {
            let items = shown.facts[kind]
            body += "<li>\(kind.label): \(items.count)" + (items.isEmpty ? "" : " (" + items.map {
                WebLinks.anchor(WebLinks.milestone($0.ref), $0.ref.description)
            }.joined(separator: ", ") + ")") + "</li>\n"
        }
        body += "<li>Indicator values recorded: \(shown.facts.values.count)" + (shown.facts.values.isEmpty ? "" : " ("
            + shown.facts.values.map { HTML.escape("\($0.indicator) \($0.value) on \($0.on)") }.joined(separator: "; ") + ")") + "</li>\n"
        return body + "</ul>\n</section>\n"
    }

    /// The reporting periods, each linked to its grid.
    public static func periods(_ periods: [ReportingPeriod], user: Account, csrf: String) -> String {
        var body = "<h1>Reporting periods</h1>\n"
        if periods.isEmpty {
            body += "<p>No reporting period yet: the secretariat adds one (mawp period add, or the API).</p>\n"
        } else {
            let table = PeriodViews.table(periods)
            body += HTMLReport.table(table, id: "periods", links: [0: { _, code in "/periods/\(HTML.percentEncoded(code))" }]) + "\n"
        }
        return page(title: "Reporting periods", user: user, csrf: csrf, current: .periods, body: body)
    }

    /// A period's grid: by group, each activity with its lead and its update's state; the totals;
    /// links to the compiled report in each format.
    public static func period(_ status: PeriodStatus, groups: [(code: String, name: String)], user: Account, csrf: String) -> String {
        let period = status.period
        let days = period.daysToDeadline(from: status.today)
        var body = "<h1>\(HTML.escape(period.title)) <span class=\"code\">\(period.code)</span></h1>\n"
            + "<p>\(period.from) to \(period.to); updates due by \(period.deadline) ("
            + (days >= 0 ? "\(days) days to go" : "\(-days) days past") + ")\(period.locked ? "; <strong>locked</strong>" : "").</p>\n"
        let report = "/api/v1/periods/\(period.code)/report"
        body += "<p>The compiled report: " + [("html", "page"), ("docx", "Word"), ("xlsx", "spreadsheet"), ("markdown", "Markdown"), ("json", "JSON")]
            .map { "<a href=\"\(report)?format=\($0.0)\">\($0.1)</a>" }.joined(separator: " · ")
            + " (<a href=\"\(report)?format=html&amp;includePending=true\">with pending updates</a>)</p>\n"
        for group in groups {
            let rows = status.rows.filter { $0.activity.group == group.code }
            guard !rows.isEmpty else { continue }
            let table = Table(columns: [.init("Activity"), .init("Title", wraps: true), .init("Lead"), .init("State"), .init("Status")],
                              rows: rows.map { [$0.activity.description, $0.title, $0.lead ?? "", $0.state.label, $0.status?.label ?? ""] })
            body += "<section id=\"group-\(HTML.escape(group.code))\">\n<h2>\(HTML.escape(group.name))</h2>\n"
                + HTMLReport.table(table, id: "updates-\(group.code)", links: [0: { _, ref in ActivityRef(ref).map { WebLinks.update($0, period: period.code) } }])
                + "\n</section>\n"
        }
        body += "<h2>Totals</h2>\n<ul id=\"totals\">\n" + status.totals.map { "<li>\($0.state.label): \($0.count)</li>\n" }.joined() + "</ul>\n"
        return page(title: "\(period.code) \(period.title)", user: user, csrf: csrf, current: .periods, body: body)
    }

    /// The updates waiting for the user's review.
    public static func reviews(_ pending: [PendingReview], user: Account, csrf: String) -> String {
        var body = "<h1>Updates waiting for your review</h1>\n"
        if pending.isEmpty {
            body += "<p>None: no submitted update of an open period waits for you.</p>\n"
        } else {
            let table = Table(columns: [.init("Activity"), .init("Title", wraps: true), .init("Period"), .init("Submitted by")],
                              rows: pending.map { [$0.activity.description, $0.title, $0.period.code, $0.submittedBy ?? ""] })
            body += HTMLReport.table(table, id: "reviews", links: [0: { row, _ in WebLinks.update(pending[row].activity, period: pending[row].period.code) }]) + "\n"
        }
        return page(title: "Reviews", user: user, csrf: csrf, current: .reviews, body: body)
    }
}
