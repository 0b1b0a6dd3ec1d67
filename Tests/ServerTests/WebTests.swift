import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The first web pages (DESIGN §9): signing in and out, and the dashboard, over plain forms.
@Suite struct WebTests {
    static func form(_ fields: [String: String]) -> Data {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return Data(fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&").utf8)
    }

    static func cookie(_ reply: ServerSandbox.Reply) -> String? {
        reply.header("Set-Cookie").map { String($0.split(separator: ";").first ?? "") }
    }

    /// The CSRF token in a page's form.
    static func csrf(_ page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func aFocalPointSignsInSeesTheDashboardAndSignsOut() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        // A page that needs a user sends a visitor to sign in, and back after.
        let visitor = try await sandbox.request("GET", "/?asOf=2014-12-31")
        #expect(visitor.status == 303)
        #expect(visitor.header("Location") == "/sign-in?next=/%3FasOf%3D2014-12-31")
        let signInPage = try await sandbox.request("GET", "/sign-in?next=/")
        #expect(signInPage.status == 200)
        #expect(signInPage.text.contains("<label for=\"user\">User name</label>"))
        #expect(signInPage.text.contains("<label for=\"password\">Password</label>"))
        #expect(signInPage.text.contains("<button type=\"submit\">Sign in</button>"))
        #expect(signInPage.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        #expect(!signInPage.text.contains("<script"))
        let visitorCookie = try #require(Self.cookie(signInPage))
        let token = try #require(Self.csrf(signInPage.text))

        // A wrong password: the form again, the name kept, the error beside the fields.
        let wrong = try await sandbox.request("POST", "/sign-in", body: Self.form(["user": "amina", "password": "not it", "csrf": token, "next": "/"]),
                                             cookie: visitorCookie, headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("The user name or the password is wrong."))
        #expect(wrong.text.contains("value=\"amina\""))
        // Without the token, or with another session's, nothing happens.
        let noToken = try await sandbox.request("POST", "/sign-in", body: Self.form(["user": "amina", "password": "pass-amina-long enough"]),
                                               cookie: visitorCookie, headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(noToken.status == 403)
        #expect(Self.cookie(noToken) == nil)
        let other = try await sandbox.request("GET", "/sign-in")
        let otherToken = try #require(Self.csrf(other.text))
        let crossed = try await sandbox.request("POST", "/sign-in",
                                                body: Self.form(["user": "amina", "password": "pass-amina-long enough", "csrf": otherToken]),
                                                cookie: visitorCookie, headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(crossed.status == 403, "another session's token")

        // The right password: a new session (never the visitor's id), and back to where it was going.
        let signedIn = try await sandbox.request("POST", "/sign-in",
                                                 body: Self.form(["user": "amina", "password": "pass-amina-long enough", "csrf": token,
                                                                  "next": "/?asOf=2014-12-31"]),
                                                 cookie: visitorCookie, headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(signedIn.status == 303, "\(signedIn.text)")
        #expect(signedIn.header("Location") == "/?asOf=2014-12-31")
        let session = try #require(Self.cookie(signedIn))
        #expect(session != visitorCookie, "a new session id at sign-in")
        let dashboard = try await sandbox.request("GET", "/?asOf=2014-12-31", cookie: session)
        #expect(dashboard.status == 200)
        #expect(dashboard.text.contains("<span id=\"as-of\">2014-12-31</span>"))
        #expect(dashboard.text.contains("<section id=\"groups\">") && dashboard.text.contains("<section id=\"engagement\">"))
        #expect(dashboard.text.contains("<label for=\"asOf\">As of</label>"))
        #expect(dashboard.text.contains("<button type=\"submit\">Sign out</button>"))
        // Compared with a baseline.
        try sandbox.mawp(["baseline", "add", "Principals 2014"])
        let compared = try await sandbox.request("GET", "/?asOf=2014-12-31&compareTo=Principals%202014", cookie: session)
        #expect(compared.status == 200)
        #expect(compared.text.contains("<option selected>Principals 2014</option>"))
        #expect(compared.text.contains("<section id=\"comparison\">"), "\(compared.text.prefix(0))")
        // The visitor's old cookie is no session: the dashboard sends it to sign in.
        #expect(try await sandbox.request("GET", "/", cookie: visitorCookie).status == 303)

        // Sign-out needs the session's token, and ends the session on the server.
        let sessionToken = try #require(Self.csrf(dashboard.text))
        #expect(try await sandbox.request("POST", "/sign-out", body: Self.form(["csrf": "forged"]), cookie: session,
                                          headers: ["Content-Type": "application/x-www-form-urlencoded"]).status == 403)
        #expect(try await sandbox.request("GET", "/", cookie: session).status == 200, "a forged sign-out changes nothing")
        let out = try await sandbox.request("POST", "/sign-out", body: Self.form(["csrf": sessionToken]), cookie: session,
                                            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(out.status == 303)
        #expect(out.header("Location") == "/sign-in")
        #expect(try await sandbox.request("GET", "/", cookie: session).status == 303, "the session is gone")
    }

    @Test func signInNeverSendsAVisitorToAnotherSite() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        for next in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"] {
            let page = try await sandbox.request("GET", "/sign-in")
            let token = try #require(Self.csrf(page.text))
            let reply = try await sandbox.request("POST", "/sign-in",
                                                  body: Self.form(["user": "amina", "password": "pass-amina-long enough", "csrf": token, "next": next]),
                                                  cookie: Self.cookie(page), headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(reply.status == 303)
            #expect(reply.header("Location") == "/", "\(next)")
        }
    }

    /// Signs `user` in through the form; returns the session cookie and the page token.
    static func signIn(_ sandbox: ServerSandbox, _ user: String, password: String? = nil) async throws -> (cookie: String, csrf: String) {
        let page = try await sandbox.request("GET", "/sign-in")
        let token = try #require(csrf(page.text))
        let reply = try await sandbox.request("POST", "/sign-in", body: form(["user": user, "password": password ?? "pass-\(user)-long enough", "csrf": token]),
                                              cookie: cookie(page), headers: ["Content-Type": "application/x-www-form-urlencoded"])
        let session = try #require(cookie(reply))
        let dashboard = try await sandbox.request("GET", "/", cookie: session)
        return (session, try #require(csrf(dashboard.text)))
    }

    @Test func aUNICEFEditorMarksAMilestoneDoneFromTheActivityPage() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.mawp(["activity", "add", "rights", "<script>alert(1)</script><img src=x onerror=alert(2)>", "--lead", "UNICEF"])
        try sandbox.start()
        let (session, token) = try await Self.signIn(sandbox, "amina")
        // The dashboard's spreadsheet link downloads the report it shows, with the session.
        let dashboard = try await sandbox.request("GET", "/?asOf=2014-12-31&compareTo=", cookie: session)
        let link = try #require(dashboard.text.firstMatch(of: /id="download-xlsx" href="([^"]+)"/)?.1)
        #expect(link == "/api/v1/report?asOf=2014-12-31&amp;format=xlsx")
        let download = try await sandbox.request("GET", String(link).replacingOccurrences(of: "&amp;", with: "&"), cookie: session)
        #expect(download.status == 200)
        #expect(download.header("Content-Disposition") == "attachment; filename=\"mawp-report-2014-12-31.xlsx\"")
        #expect(download.body.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        // "My agency": UNICEF's work, overdue first.
        let mine = try await sandbox.request("GET", "/my-agency", cookie: session)
        #expect(mine.status == 200)
        #expect(mine.text.contains("<a href=\"/activities/rights-1\">rights-1</a>"))
        #expect(!mine.text.contains("decent-work-1"), "ILO's work is not UNICEF's")
        #expect(mine.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !mine.text.contains("<script>alert"), "hostile titles are text")
        // The activity page has the forms UNICEF may use, labelled.
        let page = try await sandbox.request("GET", "/activities/rights-1", cookie: session)
        #expect(page.text.contains("<button type=\"submit\">Mark done</button>"))
        #expect(page.text.contains("<button type=\"submit\">Reschedule</button>") && page.text.contains("<button type=\"submit\">Drop</button>"))
        #expect(page.text.contains("<button type=\"submit\">Add milestone</button>"))
        #expect(page.text.contains("<label for=\"done-on-rights-1.1\">Done on</label>"))
        let before = try await sandbox.request("GET", "/?asOf=2014-12-31", cookie: session)
        #expect(before.text.contains("0 of 3"))
        let done = try await sandbox.request("POST", "/milestones/rights-1.1/done",
                                             body: Self.form(["csrf": token, "on": "2014-06-20", "note": "all chapters in"]), cookie: session,
                                             headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(done.status == 303)
        #expect(done.header("Location") == "/activities/rights-1#m-rights-1.1")
        let after = try await sandbox.request("GET", "/?asOf=2014-12-31", cookie: session)
        #expect(after.text.contains("1 of 3"), "the dashboard's numbers changed")
        let log = try sandbox.mawp(["log", "--activity", "rights-1", "--format", "json"]).stdout
        #expect(log.contains("\"by\": \"amina\"") && log.contains("all chapters in"))
        #expect(try await sandbox.request("GET", "/activities/rights-1", cookie: session).text.contains("<button type=\"submit\">Reopen</button>"))
        // The other pages.
        for (path, marker) in [("/slippage?asOf=2014-12-31", "<section id=\"slippage\">"), ("/log", "<table id=\"log\">"),
                               ("/groups/rights", "<table id=\"group-activities\">")] {
            let other = try await sandbox.request("GET", path, cookie: session)
            #expect(other.status == 200, "\(path)")
            #expect(other.text.contains(marker), "\(path)")
            #expect(!other.text.contains("<script>alert"), "\(path): hostile text escaped")
        }
        #expect(try await sandbox.request("GET", "/groups/nosuch", cookie: session).status == 404)
        #expect(try await sandbox.request("GET", "/log").status == 303, "pages need a user")
        // A bad date: the page again, the error beside the form, nothing changed.
        let bad = try await sandbox.request("POST", "/milestones/rights-1.1/reschedule",
                                            body: Self.form(["csrf": token, "due": "2014-02-30"]), cookie: session,
                                            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(bad.status == 422)
        #expect(bad.text.contains("name=\"due\" type=\"date\" required value=\"2014-02-30\""), "the value sent is kept")
        #expect(bad.text.contains("id=\"reschedule-rights-1.1-error\">New due date: &#39;2014-02-30&#39; is not a date") ||
                bad.text.contains("id=\"reschedule-rights-1.1-error\">New due date: '2014-02-30' is not a date"), "\(bad.text.prefix(200))")
    }

    @Test func anEditorSeesNoControlsOnAnotherAgencysActivityAndAHandMadePostIsRefused() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        let (session, token) = try await Self.signIn(sandbox, "amina")
        let page = try await sandbox.request("GET", "/activities/decent-work-1", cookie: session)
        #expect(page.status == 200)
        #expect(!page.text.contains("<form method=\"post\" action=\"/milestones"), "no edit controls on ILO's activity")
        #expect(!page.text.contains("Add milestone"))
        let before = try sandbox.bytes()
        let forged = try await sandbox.request("POST", "/milestones/decent-work-1.1/done", body: Self.form(["csrf": token, "on": "2014-09-01"]),
                                               cookie: session, headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(forged.status == 403)
        #expect(forged.text.contains("amina may not change decent-work-1; nothing was changed."))
        #expect(try sandbox.bytes() == before)
        let noToken = try await sandbox.request("POST", "/milestones/rights-1.1/done", body: Self.form(["on": "2014-09-01"]), cookie: session,
                                                headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(noToken.status == 403)
        #expect(try sandbox.bytes() == before)
        // A form posted to a path that names nothing: 404 with the reason, nothing changed.
        for (path, detail) in [("/milestones/rights-x/done", "That is not a milestone reference."),
                               ("/activities/nosuch/edit", "That is not an activity reference."),
                               ("/indicators/rights-1.x/values", "That is not an indicator reference.")] {
            let nowhere = try await sandbox.request("POST", path, body: Self.form(["csrf": token, "on": "2014-09-01"]), cookie: session,
                                                    headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(nowhere.status == 404, "\(path)")
            #expect(nowhere.text.contains(detail), "\(path)")
        }
        #expect(try sandbox.bytes() == before)
        // Without a session, a page sends the visitor to sign in and back.
        let visitor = try await sandbox.request("GET", "/activities/rights-1?asOf=2014-12-31")
        #expect(visitor.status == 303)
        #expect(visitor.header("Location") == "/sign-in?next=/activities/rights-1%3FasOf%3D2014-12-31")
    }
}

/// The pages in a real browser (Tests/Browser/pages.py: selenium, Debian's chromium and
/// chromium-driver, axe-core), with screenshots at desktop and phone widths.
@Suite struct ActivityFormTests {
    @Test func anEditorAddsAnActivityFromItsGroupsPage() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.user("vera", agency: "WHO", role: "viewer")
        try sandbox.start()
        let (session, token) = try await WebTests.signIn(sandbox, "amina")
        let page = try await sandbox.request("GET", "/groups/rights", cookie: session)
        #expect(page.text.contains("<button type=\"submit\">Add activity</button>"))
        #expect(page.text.contains("<label for=\"new-title\">Title</label>"))
        let headers = ["Content-Type": "application/x-www-form-urlencoded"]
        // A mistake: the form again with what was typed, the error beside it, nothing changed.
        let before = try sandbox.bytes()
        let bad = try await sandbox.request("POST", "/groups/rights/activities",
                                            body: WebTests.form(["csrf": token, "title": "Child migrants", "start": "2014-13-01"]),
                                            cookie: session, headers: headers)
        #expect(bad.status == 422)
        #expect(bad.text.contains("Start: &#39;2014-13-01&#39; is not a date") || bad.text.contains("Start: '2014-13-01' is not a date"))
        #expect(bad.text.contains("value=\"Child migrants\""))
        #expect(try sandbox.bytes() == before)
        // Another agency's group with another lead: refused.
        let refused = try await sandbox.request("POST", "/groups/decent-work/activities",
                                                body: WebTests.form(["csrf": token, "title": "Not ours", "lead": "ILO"]), cookie: session, headers: headers)
        #expect(refused.status == 403)
        #expect(try sandbox.bytes() == before)
        let added = try await sandbox.request("POST", "/groups/rights/activities",
                                              body: WebTests.form(["csrf": token, "title": "Child migrants", "lead": "UNICEF", "partners": "IOM, UNHCR",
                                                                   "start": "2014-01-01", "end": "2015-12-31"]),
                                              cookie: session, headers: headers)
        #expect(added.status == 303)
        #expect(added.header("Location") == "/activities/rights-2")
        let shown = try sandbox.mawp(["activity", "show", "rights-2", "--format", "json"]).stdout
        #expect(shown.contains("\"Child migrants\"") && shown.contains("\"UNHCR\""))
        // Change it, and record a value of its indicator.
        try sandbox.mawp(["indicator", "add", "rights-2", "Children reached", "--target", "500"])
        let page2 = try await sandbox.request("GET", "/activities/rights-2", cookie: session)
        #expect(page2.text.contains("<button type=\"submit\">Save changes</button>") && page2.text.contains("<button type=\"submit\">Record value</button>"))
        let edited = try await sandbox.request("POST", "/activities/rights-2/edit",
                                               body: WebTests.form(["csrf": token, "title": "Child migrants", "lead": "UNICEF",
                                                                    "partners": "IOM, UNHCR, ILO", "on": "2014-07-01", "note": "ILO joins"]),
                                               cookie: session, headers: headers)
        #expect(edited.status == 303)
        let recorded = try await sandbox.request("POST", "/indicators/rights-2.i1/values",
                                                 body: WebTests.form(["csrf": token, "value": "120", "on": "2014-09-30"]), cookie: session, headers: headers)
        #expect(recorded.status == 303)
        let after = try sandbox.mawp(["activity", "show", "rights-2", "--format", "json"]).stdout
        #expect(after.contains("\"ILO\"") && after.contains("ILO joins"))
        #expect(try sandbox.mawp(["indicator", "list", "--format", "json"]).stdout.contains("120"))
        let badValue = try await sandbox.request("POST", "/indicators/rights-2.i1/values",
                                                 body: WebTests.form(["csrf": token, "value": "many"]), cookie: session, headers: headers)
        #expect(badValue.status == 422)
        #expect(badValue.text.contains("id=\"value-rights-2.i1-error\""))
        // The forms keep the same rules for values as every other door (DESIGN §8), nothing changed.
        for (fields, message) in [(["value": "1e18"], "value: 1e18 is out of range"),
                                  (["value": "5", "on": "9999-12-31"], "On: 9999-12-31 is out of range"),
                                  (["value": "5", "on": "0001-01-01"], "out of range")] {
            let before = try sandbox.bytes()
            let refused = try await sandbox.request("POST", "/indicators/rights-2.i1/values", body: WebTests.form(fields.merging(["csrf": token]) { $1 }),
                                                    cookie: session, headers: headers)
            #expect(refused.status == 422, "\(fields)")
            #expect(refused.text.contains(message), "\(fields)")
            #expect(try sandbox.bytes() == before)
        }
        let bell = try await sandbox.request("POST", "/activities/rights-2/edit",
                                             body: WebTests.form(["csrf": token, "title": "Child\u{07} migrants", "lead": "UNICEF"]),
                                             cookie: session, headers: headers)
        #expect(bell.status == 422)
        #expect(bell.text.contains("title: the text holds a control character (U+0007)"))
        // A viewer sees no form.
        let (viewer, _) = try await WebTests.signIn(sandbox, "vera")
        #expect(!(try await sandbox.request("GET", "/groups/rights", cookie: viewer).text.contains("Add activity")))
    }
}

@Suite struct AdminPageTests {
    @Test func anAdminInvitesAFocalPointAndManagesTokensInThePage() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("secretariat", agency: "IOM", role: "admin")
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        let headers = ["Content-Type": "application/x-www-form-urlencoded"]
        // An editor may not.
        let (editor, editorToken) = try await WebTests.signIn(sandbox, "amina")
        #expect(try await sandbox.request("GET", "/admin", cookie: editor).status == 403)
        let before = try sandbox.bytes()
        #expect(try await sandbox.request("POST", "/admin/users", body: WebTests.form(["csrf": editorToken, "name": "x", "agency": "WHO", "role": "admin"]),
                                          cookie: editor, headers: headers).status == 403)
        #expect(try sandbox.bytes() == before)
        // The secretariat invites a focal point: the set-up code is shown once.
        let (admin, token) = try await WebTests.signIn(sandbox, "secretariat")
        let page = try await sandbox.request("GET", "/admin", cookie: admin)
        #expect(page.status == 200)
        #expect(page.text.contains("<button type=\"submit\">Add user</button>") && page.text.contains("<label for=\"invite-name\">User name</label>"))
        let invited = try await sandbox.request("POST", "/admin/users", body: WebTests.form(["csrf": token, "name": "jean.ilo", "agency": "ILO", "role": "editor"]),
                                                cookie: admin, headers: headers)
        #expect(invited.status == 200)
        #expect(invited.text.contains("Set-up code for jean.ilo"))
        let code = try #require(invited.text.range(of: "<code id=\"secret-value\">").map { String(invited.text[$0.upperBound...].prefix { $0 != "<" }) })
        #expect(code.count == 20)
        #expect(!(try await sandbox.request("GET", "/admin", cookie: admin).text.contains(code)), "shown only once")
        // Jean chooses a password with the code, in the page, and signs in.
        let passwordPage = try await sandbox.request("GET", "/password")
        #expect(passwordPage.text.contains("<button type=\"submit\">Set password</button>"))
        let visitor = try #require(WebTests.cookie(passwordPage))
        let visitorToken = try #require(WebTests.csrf(passwordPage.text))
        let wrongCode = try await sandbox.request("POST", "/password", body: WebTests.form(["csrf": visitorToken, "user": "jean.ilo", "code": "nope",
                                                                                          "newPassword": "pass-jean.ilo-long enough"]),
                                                  cookie: visitor, headers: headers)
        #expect(wrongCode.status == 401)
        let chosen = try await sandbox.request("POST", "/password", body: WebTests.form(["csrf": visitorToken, "user": "jean.ilo", "code": code,
                                                                                       "newPassword": "pass-jean.ilo-long enough"]),
                                               cookie: visitor, headers: headers)
        #expect(chosen.status == 303)
        #expect(chosen.header("Location") == "/sign-in?password=set")
        let (jean, _) = try await WebTests.signIn(sandbox, "jean.ilo")
        #expect(try await sandbox.request("GET", "/my-agency", cookie: jean).text.contains("decent-work-1"))
        // A token, shown once, then revoked; a user disabled.
        let made = try await sandbox.request("POST", "/admin/tokens", body: WebTests.form(["csrf": token, "user": "jean.ilo", "readOnly": "true"]),
                                             cookie: admin, headers: headers)
        let secret = try #require(made.text.range(of: "<code id=\"secret-value\">").map { String(made.text[$0.upperBound...].prefix { $0 != "<" }) })
        #expect(try await sandbox.request("GET", "/api/v1/report", token: secret).status == 200)
        let id = try #require(secret.split(separator: "_").dropFirst().first.map(String.init))
        #expect(try await sandbox.request("POST", "/admin/tokens/revoke", body: WebTests.form(["csrf": token, "id": id]), cookie: admin,
                                          headers: headers).status == 303)
        #expect(try await sandbox.request("GET", "/api/v1/report", token: secret).status == 401)
        #expect(try await sandbox.request("POST", "/admin/users/disable", body: WebTests.form(["csrf": token, "user": "jean.ilo"]), cookie: admin,
                                          headers: headers).status == 303)
        #expect(try await sandbox.request("GET", "/my-agency", cookie: jean).status == 303, "a disabled user's session ends at once")
    }
}

@Suite struct BrowserTests {
    @Test func aUNICEFEditorUsesThePagesInABrowser() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            Issue.record("chromium-driver is missing: apt-get install chromium-driver (.ci/run does)")
            return
        }
        let sandbox = try ServerTests.plan()
        let password = try sandbox.user("amina", agency: "UNICEF", role: "editor")
        let adminPassword = try sandbox.user("secretariat", agency: "IOM", role: "admin")
        try sandbox.mawp(["activity", "add", "rights", "<script>alert(1)</script><img src=x onerror=alert(2)>", "--lead", "UNICEF"])
        try sandbox.start()
        let shots = ProcessInfo.processInfo.environment["MAWP_SCREENSHOTS"] ?? sandbox.path("screenshots")
        let (status, report) = try sandbox.runBeside("/usr/bin/env", ["python3", ServerTests.repository.appendingPathComponent("Tests/Browser/pages.py").path,
                            "http://127.0.0.1:\(sandbox.port)", "amina", password, shots, "secretariat", adminPassword])
        #expect(status == 0, "\(report)")
        #expect(report.contains("0 checks failed"), "\(report)")
        let log = try sandbox.mawp(["log", "--activity", "rights-1", "--format", "json"]).stdout
        #expect(log.contains("\"by\": \"amina\""), "the event log names the user")
    }
}
