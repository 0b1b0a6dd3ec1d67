import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A web site one can find one's way around (DESIGN §9): the same navigation on every page,
/// a page for the groups, and every group, activity and milestone linked to its page.
@Suite struct NavigationTests {
    static let places = [("/", "Dashboard"), ("/my-agency", "My agency"), ("/groups", "Groups"), ("/periods", "Periods"), ("/reviews", "Reviews"),
                         ("/calendar", "Calendar"), ("/slippage", "Slippage"), ("/log", "Log")]
    static let pages = ["/", "/my-agency", "/groups", "/groups/rights", "/periods", "/reviews", "/calendar", "/slippage", "/log",
                        "/activities/rights-1", "/me"]

    @Test func everyPageHasTheSameNavigationAndAdminOnlyForAdmins() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.user("secretariat", agency: "IOM", role: "admin")
        try sandbox.start()
        let (editor, _) = try await WebTests.signIn(sandbox, "amina")
        let (admin, _) = try await WebTests.signIn(sandbox, "secretariat")
        for (cookie, name, isAdmin) in [(editor, "amina", false), (admin, "secretariat", true)] {
            for path in Self.pages + (isAdmin ? ["/admin"] : []) {
                let page = try await sandbox.request("GET", path, cookie: cookie)
                #expect(page.status == 200, "\(path)")
                let nav = try #require(page.text.firstMatch(of: /<nav aria-label="Site">(?s:.*?)<\/nav>/).map { String($0.output) }, "\(path)")
                for (href, label) in Self.places {
                    #expect(nav.contains("<a href=\"\(href)\"") && nav.contains(">\(label)</a>"), "\(path): \(label)")
                }
                #expect(nav.contains("<a href=\"/admin\"") == isAdmin, "\(path): Admin for admins only")
                let who = "<a class=\"who\" href=\"/me\"\(path == "/me" ? " aria-current=\"page\"" : "")>\(name)</a>"
                #expect(nav.contains(who) && nav.contains("<button type=\"submit\">Sign out</button>"), "\(path): \(nav)")
                // The page shown is marked, and only it.
                let current = nav.matches(of: /aria-current="page"/).count
                let expected = Self.places.first { $0.0 == path }.map { "<a href=\"\($0.0)\" aria-current=\"page\">\($0.1)</a>" }
                    ?? (path == "/admin" ? "<a href=\"/admin\" aria-current=\"page\">Admin</a>" : path == "/me" ? who : nil)
                if let expected {
                    #expect(nav.contains(expected) && current == 1, "\(path): \(nav)")
                } else {
                    #expect(current == 0, "\(path)")
                }
            }
        }
    }

    @Test func theGroupsPageListsEveryGroupWithItsKindAndProgressEachLinked() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "viewer")
        try sandbox.mawp(["milestone", "done", "rights-1.1", "--on", "2014-06-20"])
        try sandbox.start()
        let (session, _) = try await WebTests.signIn(sandbox, "amina")
        let page = try await sandbox.request("GET", "/groups?asOf=2014-12-31", cookie: session)
        #expect(page.status == 200)
        for code in ["mainstreaming", "data", "rights", "capacity", "decent-work"] {
            #expect(page.text.contains("<a href=\"/groups/\(code)?asOf=2014-12-31\">\(code)</a>"), "\(code)")
        }
        let rights = try #require(page.text.firstMatch(of: /<tr id="group-rights">.*?<\/tr>/).map { String($0.output) })
        #expect(rights.contains("working group") && rights.contains("1 of 1") && rights.contains("100.0%"), "\(rights)")
        #expect(page.text.contains("task force"))
        #expect(try await sandbox.request("GET", "/groups").status == 303, "a visitor signs in first")
        // The dashboard's group rows lead to the group's page.
        let dashboard = try await sandbox.request("GET", "/?asOf=2014-12-31", cookie: session)
        for code in ["mainstreaming", "data", "rights", "capacity", "decent-work"] {
            #expect(dashboard.text.contains("<span class=\"code\"><a href=\"/groups/\(code)\">\(code)</a></span>"), "\(code)")
        }
    }

    @Test func everyActivityAndMilestoneNamedOnAPageLinksToItsPage() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.mawp(["milestone", "edit", "decent-work-1.1", "--due", "2014-11-30", "--on", "2014-08-01"])
        try sandbox.mawp(["baseline", "add", "start"])
        try sandbox.mawp(["milestone", "done", "data-1.1", "--on", "2014-02-10"])
        try sandbox.start()
        let (session, _) = try await WebTests.signIn(sandbox, "amina")
        let milestone = "<a href=\"/activities/decent-work-1#m-decent-work-1.1\">decent-work-1.1</a>"
        // Dashboard: the overdue milestones, their groups, and the changes since a baseline.
        let dashboard = try await sandbox.request("GET", "/?asOf=2014-12-31&compareTo=start", cookie: session)
        #expect(dashboard.text.contains("<td class=\"ref\">\(milestone)</td>"), "overdue milestone")
        #expect(dashboard.text.contains("<td class=\"ref\"><a href=\"/groups/decent-work\">decent-work</a></td>"), "its group")
        #expect(dashboard.text.contains("<a href=\"/activities/data-1#m-data-1.1\">data-1.1</a>"), "a change since the baseline")
        // Slippage: the rescheduled milestone and the groups.
        let slippage = try await sandbox.request("GET", "/slippage?asOf=2014-12-31", cookie: session)
        #expect(slippage.text.contains(milestone), "slippage")
        #expect(slippage.text.contains("<a href=\"/groups/decent-work\">decent-work</a>"))
        // The log: every event's subject.
        let log = try await sandbox.request("GET", "/log", cookie: session)
        #expect(log.text.contains(milestone) && log.text.contains("<a href=\"/activities/rights-1\">rights-1</a>"), "log")
        // The activity page: its group, its milestones, its history.
        let activity = try await sandbox.request("GET", "/activities/decent-work-1", cookie: session)
        #expect(activity.text.contains("<dd><a href=\"/groups/decent-work\">decent-work</a>"))
        #expect(activity.text.contains("<h3><span class=\"code\">\(milestone)</span>"))
        let history = try #require(activity.text.firstMatch(of: /<table id="history-table">(?s:.*?)<\/table>/).map { String($0.output) })
        #expect(history.contains(milestone) && history.contains("<a href=\"/activities/decent-work-1\">decent-work-1</a>"), "\(history)")
        // A group's page and My agency link their activities.
        #expect(try await sandbox.request("GET", "/groups/rights", cookie: session).text.contains("<a href=\"/activities/rights-1\">rights-1</a>"))
        #expect(try await sandbox.request("GET", "/my-agency", cookie: session).text.contains("<a href=\"/activities/rights-1\">rights-1</a>"))
        // The HTML report written to a file links nowhere (it is read away from the server).
        let report = try sandbox.mawp(["report", "--format", "html", "--as-of", "2014-12-31"]).stdout
        #expect(!report.contains("<a href=\"/"), "a file's links would lead nowhere")
    }
}

/// Drop and Cancel activity cannot be undone by a plain edit: a second page asks first.
@Suite struct ConfirmationTests {
    static let form = ["Content-Type": "application/x-www-form-urlencoded"]

    @Test func droppingAMilestoneAsksForConfirmationFirst() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.mawp(["milestone", "add", "rights-1", "<b>Report</b> & summary", "--due", "2014-10-31"])
        try sandbox.start()
        let (session, token) = try await WebTests.signIn(sandbox, "amina")
        let before = try sandbox.bytes()
        let ask = try await sandbox.request("POST", "/milestones/rights-1.2/drop",
                                            body: WebTests.form(["csrf": token, "on": "2014-07-01", "note": "merged into <1.1>"]), cookie: session, headers: Self.form)
        #expect(ask.status == 200)
        #expect(try sandbox.bytes() == before, "the first post changes nothing")
        #expect(ask.text.contains("<h1>Drop rights-1.2?</h1>"))
        #expect(ask.text.contains("&lt;b&gt;Report&lt;/b&gt; &amp; summary") && !ask.text.contains("<b>Report"), "the title escaped")
        #expect(ask.text.contains("from 2014-07-01"))
        #expect(ask.text.contains("<form method=\"post\" action=\"/milestones/rights-1.2/drop\""))
        #expect(ask.text.contains("<input type=\"hidden\" name=\"on\" value=\"2014-07-01\">"))
        #expect(ask.text.contains("<input type=\"hidden\" name=\"note\" value=\"merged into &lt;1.1&gt;\">"))
        #expect(ask.text.contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">"))
        #expect(ask.text.contains("<button type=\"submit\">Drop</button>") && ask.text.contains("href=\"/activities/rights-1#m-rights-1.2\""))
        #expect(WebTests.csrf(ask.text) == token)
        #expect(!ask.text.contains("<script"))
        // The confirmed form with another token: refused, nothing changed.
        let forged = try await sandbox.request("POST", "/milestones/rights-1.2/drop",
                                               body: WebTests.form(["csrf": "forged", "on": "2014-07-01", "confirm": "yes"]), cookie: session, headers: Self.form)
        #expect(forged.status == 403)
        #expect(try sandbox.bytes() == before)
        // A bad date is caught on the first step, beside the form.
        let bad = try await sandbox.request("POST", "/milestones/rights-1.2/drop", body: WebTests.form(["csrf": token, "on": "2014-02-30"]),
                                            cookie: session, headers: Self.form)
        #expect(bad.status == 422 && bad.text.contains("id=\"drop-rights-1.2-error\""))
        #expect(try sandbox.bytes() == before)
        // Another agency's milestone: refused at the first step.
        let notOurs = try await sandbox.request("POST", "/milestones/decent-work-1.1/drop", body: WebTests.form(["csrf": token]),
                                                cookie: session, headers: Self.form)
        #expect(notOurs.status == 403)
        // Confirmed: dropped.
        let dropped = try await sandbox.request("POST", "/milestones/rights-1.2/drop",
                                                body: WebTests.form(["csrf": token, "on": "2014-07-01", "note": "merged into <1.1>", "confirm": "yes"]),
                                                cookie: session, headers: Self.form)
        #expect(dropped.status == 303)
        let log = try sandbox.mawp(["log", "--activity", "rights-1", "--format", "json"]).stdout
        #expect(log.contains("milestone.dropped") && log.contains("merged into <1.1>"), "\(log)")
    }

    @Test func cancellingAnActivityFromItsPageAsksForConfirmationFirst() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.user("vera", agency: "WHO", role: "viewer")
        try sandbox.start()
        let (session, token) = try await WebTests.signIn(sandbox, "amina")
        let page = try await sandbox.request("GET", "/activities/rights-1", cookie: session)
        #expect(page.text.contains("<button type=\"submit\">Cancel activity</button>"))
        #expect(page.text.contains("<label for=\"cancel-on\">Cancelled from</label>") && page.text.contains("<label for=\"cancel-note\">Note</label>"))
        let (viewer, viewerToken) = try await WebTests.signIn(sandbox, "vera")
        #expect(!(try await sandbox.request("GET", "/activities/rights-1", cookie: viewer).text.contains("Cancel activity")))
        let before = try sandbox.bytes()
        #expect(try await sandbox.request("POST", "/activities/rights-1/cancel", body: WebTests.form(["csrf": viewerToken, "confirm": "yes"]),
                                          cookie: viewer, headers: Self.form).status == 403, "a viewer may not")
        let ask = try await sandbox.request("POST", "/activities/rights-1/cancel",
                                            body: WebTests.form(["csrf": token, "on": "2014-10-01", "note": "merged"]), cookie: session, headers: Self.form)
        #expect(ask.status == 200)
        #expect(try sandbox.bytes() == before, "the first post changes nothing")
        #expect(ask.text.contains("<h1>Cancel rights-1?</h1>") && ask.text.contains("Migration and youth") && ask.text.contains("from 2014-10-01"))
        #expect(ask.text.contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">"))
        #expect(ask.text.contains("<button type=\"submit\">Cancel activity</button>"))
        let forged = try await sandbox.request("POST", "/activities/rights-1/cancel",
                                               body: WebTests.form(["on": "2014-10-01", "confirm": "yes"]), cookie: session, headers: Self.form)
        #expect(forged.status == 403)
        #expect(try sandbox.bytes() == before)
        let cancelled = try await sandbox.request("POST", "/activities/rights-1/cancel",
                                                  body: WebTests.form(["csrf": token, "on": "2014-10-01", "note": "merged", "confirm": "yes"]),
                                                  cookie: session, headers: Self.form)
        #expect(cancelled.status == 303)
        #expect(cancelled.header("Location") == "/activities/rights-1")
        let shown = try sandbox.mawp(["activity", "show", "rights-1", "--format", "json", "--as-of", "2014-12-31"]).stdout
        #expect(shown.contains("\"cancelled\""), "\(shown)")
        #expect(try sandbox.mawp(["check"]).status == 0)
    }
}

/// The admin page keeps the plan administrable, and a password once set is said to be.
@Suite struct AccountPageTests {
    static let form = ["Content-Type": "application/x-www-form-urlencoded"]

    @Test func theLastActiveAdminCannotBeDisabledFromThePageAndADisabledUserIsEnabledAgain() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("secretariat", agency: "IOM", role: "admin")
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        let (admin, token) = try await WebTests.signIn(sandbox, "secretariat")
        let users = try sandbox.cli("user", "list", "--format", "json")
        let before = try sandbox.bytes()
        let refused = try await sandbox.request("POST", "/admin/users/disable", body: WebTests.form(["csrf": token, "user": "secretariat"]),
                                                cookie: admin, headers: Self.form)
        #expect(refused.status == 409)
        #expect(refused.text.contains("id=\"admin-error\">secretariat is the last active administrator"), "\(refused.text)")
        #expect(try sandbox.bytes() == before)
        #expect(try sandbox.cli("user", "list", "--format", "json") == users)
        #expect(try await sandbox.request("GET", "/admin", cookie: admin).status == 200, "still an admin")
        // Disabled, then enabled again from the page: Amina signs in again.
        #expect(try await sandbox.request("POST", "/admin/users/disable", body: WebTests.form(["csrf": token, "user": "amina"]),
                                          cookie: admin, headers: Self.form).status == 303)
        let page = try await sandbox.request("GET", "/admin", cookie: admin)
        #expect(page.text.contains("<form method=\"post\" action=\"/admin/users/enable\""))
        #expect(page.text.contains("<button type=\"submit\" aria-label=\"Enable amina\">Enable</button>"))
        #expect(!page.text.contains("aria-label=\"Disable amina\""))
        #expect(try await sandbox.request("POST", "/admin/users/enable", body: WebTests.form(["csrf": "forged", "user": "amina"]),
                                          cookie: admin, headers: Self.form).status == 403)
        #expect(try sandbox.cli("user", "list").contains("disabled"))
        #expect(try await sandbox.request("POST", "/admin/users/enable", body: WebTests.form(["csrf": token, "user": "amina"]),
                                          cookie: admin, headers: Self.form).status == 303)
        let (amina, _) = try await WebTests.signIn(sandbox, "amina")
        #expect(try await sandbox.request("GET", "/my-agency", cookie: amina).status == 200)
        #expect(try sandbox.mawp(["check"]).status == 0)
    }

    @Test func theSignInPageSaysThatThePasswordWasSet() async throws {
        let sandbox = try ServerTests.plan()
        let added = try sandbox.mawp(["user", "add", "jean", "--agency", "ILO", "--role", "editor"])
        let code = String(added.stdout.split(separator: "\n").last ?? "")
        try sandbox.start()
        let page = try await sandbox.request("GET", "/password")
        let chosen = try await sandbox.request("POST", "/password",
                                               body: WebTests.form(["csrf": try #require(WebTests.csrf(page.text)), "user": "jean", "code": code,
                                                                    "newPassword": "pass-jean-long enough"]),
                                               cookie: WebTests.cookie(page), headers: Self.form)
        #expect(chosen.status == 303)
        #expect(chosen.header("Location") == "/sign-in?password=set")
        let signIn = try await sandbox.request("GET", "/sign-in?password=set")
        #expect(signIn.text.contains("<p class=\"notice\" id=\"sign-in-notice\" role=\"status\">Your password is set: sign in with it.</p>"))
        // Nothing of the address is shown back.
        let other = try await sandbox.request("GET", "/sign-in?password=%3Cscript%3Ealert(1)%3C/script%3E")
        #expect(!other.text.contains("sign-in-notice") && !other.text.contains("alert(1)"))
        #expect(!(try await sandbox.request("GET", "/sign-in").text.contains("sign-in-notice")))
    }
}
