import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calendar links and the user's own page (DESIGN §11): made on `/calendar` (shown once) or
/// through the API, fetched without signing in at `/calendar/{link}.ics`, read back with the
/// icalendar package as a calendar program would (Tests/Calendars/check_ics.py), and 404 once
/// revoked or its user disabled; reminder settings on `/me` and `/admin`.
@Suite struct CalendarLinkTests {
    static let checker = ServerTests.repository.appendingPathComponent("Tests/Calendars/check_ics.py")

    static func sample() throws -> ServerSandbox {
        let sandbox = try ServerSandbox()
        let made = try sandbox.mawp(["init", "--sample", "--db", sandbox.db])
        #expect(made.status == 0, "\(made.stderr)")
        return sandbox
    }

    static func post(_ sandbox: ServerSandbox, _ path: String, _ fields: [String: String], session: String) async throws -> ServerSandbox.Reply {
        try await sandbox.request("POST", path, body: WebTests.form(fields), cookie: session,
                                  headers: ["Content-Type": "application/x-www-form-urlencoded"])
    }

    /// The path of the link a page shows once.
    static func shownLink(_ page: String) throws -> String {
        let shown = try #require(page.firstMatch(of: /<code id="secret-value">([^<]+)<\/code>/)?.1, "no link shown: \(page)")
        let url = try #require(URL(string: String(shown)))
        return url.path
    }

    @Test func aLinkMadeOnTheCalendarPageFollowsRescheduleAndDropUntilRevoked() async throws {
        let sandbox = try Self.sample()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.mawp(["activity", "add", "rights", "Toolkit; version 2, revised", "--lead", "UNICEF"])
        try sandbox.mawp(["milestone", "add", "rights-4", "Draft for comments, with partners", "--due", "2015-03-31"])
        try sandbox.start()
        let (session, csrf) = try await WebTests.signIn(sandbox, "amina")
        let empty = try await sandbox.request("GET", "/calendar", cookie: session)
        #expect(empty.status == 200 && empty.text.contains("id=\"no-links\""))
        #expect(empty.text.contains("<a href=\"/calendar\" aria-current=\"page\">Calendar</a>"), "in the navigation")

        let made = try await Self.post(sandbox, "/calendar/links", ["csrf": csrf, "group": "rights"], session: session)
        #expect(made.status == 200)
        let path = try Self.shownLink(made.text)
        #expect(path.hasPrefix("/calendar/mawpcal_") && path.hasSuffix(".ics"), "\(path)")
        #expect(try Self.shownLink(made.text).count > 80)
        let again = try await sandbox.request("GET", "/calendar", cookie: session)
        #expect(!again.text.contains("secret-value") && again.text.contains("group rights"), "shown once, then listed")
        #expect(!String(decoding: try sandbox.bytes(), as: UTF8.self).contains(String(path.dropFirst("/calendar/".count).dropLast(4))),
                "the file holds no link")

        // Fetched without signing in, as a calendar program does; read with icalendar before and after.
        let before = try await sandbox.request("GET", path)
        #expect(before.status == 200 && before.header("Content-Type") == "text/calendar; charset=utf-8")
        try before.body.write(to: URL(fileURLWithPath: sandbox.path("before.ics")))
        #expect(try sandbox.mawp(["milestone", "edit", "rights-2.3", "--due", "2016-03-31", "--on", "2015-06-01"]).status == 0)
        #expect(try sandbox.mawp(["milestone", "drop", "rights-3.2", "--on", "2015-06-01"]).status == 0)
        let after = try await sandbox.request("GET", path)
        try after.body.write(to: URL(fileURLWithPath: sandbox.path("after.ics")))
        let check = try sandbox.runBeside("/usr/bin/env", ["python3", Self.checker.path, sandbox.path("before.ics"), sandbox.path("after.ics")])
        #expect(check.status == 0 && check.output.contains("0 failure(s)"), "\(check.output)")

        // Listed with mawp token list; never a bearer token; a wrong secret is 404.
        let list = try sandbox.mawp(["token", "list", "amina"]).stdout
        #expect(list.contains("calendar of rights"), "\(list)")
        let token = String(path.dropFirst("/calendar/".count).dropLast(4))
        #expect(try await sandbox.request("GET", "/api/v1/report", token: token).status == 401)
        let forged = String(path.dropLast(5)) + (path.dropLast(4).last == "0" ? "1" : "0") + ".ics"
        #expect(try await sandbox.request("GET", forged).status == 404)
        let api = try sandbox.token("amina")
        #expect(try await sandbox.request("GET", "/calendar/\(api).ics").status == 404, "an API token is no calendar link")

        // Revoked on the page: 404.
        let id = try #require(again.text.firstMatch(of: /name="id" value="([0-9]+)"/)?.1)
        let revoked = try await Self.post(sandbox, "/calendar/links/revoke", ["csrf": csrf, "id": String(id)], session: session)
        #expect(revoked.status == 303 || revoked.status == 200)
        let gone = try await sandbox.request("GET", path)
        #expect(gone.status == 404 && !gone.text.contains("mawpcal"), "\(gone.text)")
        // Fetched several times, yet the log never holds the link's secret.
        #expect(!sandbox.log.contains(token.split(separator: "_")[2]) && sandbox.log.contains("GET /calendar/mawpcal_"), "\(sandbox.log.suffix(400))")
    }

    @Test func anAgencysLinkShowsItsWorkAndDiesWithItsUser() async throws {
        let sandbox = try Self.sample()
        try sandbox.user("wen", agency: "UN Women", role: "viewer")
        try sandbox.user("ilo", agency: "ILO", role: "editor")
        try sandbox.start()
        let (session, csrf) = try await WebTests.signIn(sandbox, "wen")
        let made = try await Self.post(sandbox, "/calendar/links", ["csrf": csrf, "group": ""], session: session)
        let path = try Self.shownLink(made.text)
        let feed = try await sandbox.request("GET", path)
        #expect(feed.text.contains("UID:rights-3.1@mawp") && !feed.text.contains("UID:data-1.1@mawp"), "UN Women's work only")
        #expect(feed.text.contains("X-WR-CALNAME:GMG work plan: UNWOMEN"))
        // Another user cannot revoke it: as unknown to them as a link that does not exist.
        let (iloSession, iloCSRF) = try await WebTests.signIn(sandbox, "ilo")
        let id = try #require(try await sandbox.request("GET", "/calendar", cookie: session).text.firstMatch(of: /name="id" value="([0-9]+)"/)?.1)
        let before = try sandbox.bytes()
        let refused = try await Self.post(sandbox, "/calendar/links/revoke", ["csrf": iloCSRF, "id": String(id)], session: iloSession)
        #expect(refused.status == 404 && refused.text.contains("unknown token"))
        #expect(try sandbox.bytes() == before, "a refusal changes nothing")
        #expect(try await sandbox.request("GET", path).status == 200)
        // A disabled user's links answer 404, and again once enabled? No: enabled, they work again.
        #expect(try sandbox.mawp(["user", "disable", "wen"]).status == 0)
        #expect(try await sandbox.request("GET", path).status == 404)
        #expect(try sandbox.mawp(["user", "enable", "wen"]).status == 0)
        #expect(try await sandbox.request("GET", path).status == 200, "enabled again, like its tokens")
    }

    @Test func theAPIMakesListsAndRevokesOnlyOnesOwnLinks() async throws {
        let sandbox = try Self.sample()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.user("ilo", agency: "ILO", role: "editor")
        let (amina, reader, ilo) = (try sandbox.token("amina"), try sandbox.token("amina", readOnly: true), try sandbox.token("ilo"))
        try sandbox.start()
        #expect(try await sandbox.request("POST", "/api/v1/calendar-links", json: [:], token: reader).status == 403, "a read-only token reads only")
        #expect(try await sandbox.request("POST", "/api/v1/calendar-links", json: [:]).status == 401)
        #expect(try await sandbox.request("POST", "/api/v1/calendar-links", json: ["group": "nowhere"], token: amina).status == 422)
        let made = try await sandbox.request("POST", "/api/v1/calendar-links", json: ["group": "rights"], token: amina)
        #expect(made.status == 201, "\(made.text)")
        let object = ServerTests.object(made.text)
        let path = try #require(object["path"] as? String)
        #expect((object["url"] as? String) == "http://127.0.0.1:\(sandbox.port)\(path)")
        #expect(try await sandbox.request("GET", path).status == 200)
        let listed = try await sandbox.request("GET", "/api/v1/calendar-links", token: amina)
        #expect(listed.text.contains("\"group\": \"rights\"") && !listed.text.contains("mawpcal"), "\(listed.text)")
        #expect(try await sandbox.request("GET", "/api/v1/calendar-links", token: ilo).text.contains("\"calendarLinks\": []"))
        let id = try #require(object["id"] as? Int)
        // Calendar links and API tokens share their numbers: the API token is no calendar link to revoke.
        let tokenID = try #require(amina.split(separator: "_").dropFirst().first.map(String.init))
        #expect(try await sandbox.request("DELETE", "/api/v1/calendar-links/\(tokenID)", token: amina).status == 404)
        #expect(try await sandbox.request("GET", "/api/v1/calendar-links", token: amina).status == 200, "the token still works")
        #expect(try await sandbox.request("DELETE", "/api/v1/calendar-links/\(id)", token: ilo).status == 404)
        #expect(try await sandbox.request("GET", path).status == 200)
        let revoked = try await sandbox.request("DELETE", "/api/v1/calendar-links/\(id)", token: amina)
        #expect(revoked.status == 200 && revoked.text.contains("\"changed\": true"))
        #expect(try await sandbox.request("GET", path).status == 404)
        // At most 20 live links a user, and a revoked link's row goes: a flood of requests, making
        // and revoking, adds no more rows.
        for _ in 0..<20 { #expect(try await sandbox.request("POST", "/api/v1/calendar-links", json: [:], token: amina).status == 201) }
        let before = try sandbox.bytes()
        let refused = try await sandbox.request("POST", "/api/v1/calendar-links", json: [:], token: amina)
        #expect(refused.status == 409 && refused.text.contains("has 20 calendar links already"), "\(refused.text)")
        #expect(try sandbox.bytes() == before)
        for _ in 0..<5 {
            let link = try await sandbox.request("POST", "/api/v1/calendar-links", json: [:], token: amina)
            if let number = ServerTests.object(link.text)["id"] as? Int {
                #expect(try await sandbox.request("DELETE", "/api/v1/calendar-links/\(number)", token: amina).status == 200)
            } else {
                let first = try #require((ServerTests.object(try await sandbox.request("GET", "/api/v1/calendar-links", token: amina).text)["calendarLinks"]
                                          as? [NSDictionary])?.first?["id"] as? Int)
                #expect(try await sandbox.request("DELETE", "/api/v1/calendar-links/\(first)", token: amina).status == 200)
            }
        }
        #expect(try PermissionTests.tokenHashes(sandbox).count <= 3 + 20, "the three API tokens and at most 20 links")
    }

    /// The reminder setting: the user on /me, an admin on /admin and on the CLI record the same.
    @Test func reminderSettingsOnMeAndAdmin() async throws {
        let sandbox = try Self.sample()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.user("secretariat", agency: "IOM", role: "admin")
        try sandbox.start()
        let (session, csrf) = try await WebTests.signIn(sandbox, "amina")
        let me = try await sandbox.request("GET", "/me", cookie: session)
        #expect(me.status == 200 && me.text.contains("<a class=\"who\" href=\"/me\" aria-current=\"page\">amina</a>"))
        #expect(me.text.contains("<option value=\"weekly\" selected>"))
        #expect(me.text.contains("none: reminders are not sent"))
        let saved = try await Self.post(sandbox, "/me/reminders", ["csrf": csrf, "reminders": "daily"], session: session)
        #expect(saved.status == 303)
        #expect(try sandbox.mawp(["user", "list", "--format", "csv"]).stdout.contains("amina,UNICEF,editor,active,,daily,"))
        let before = try sandbox.bytes()
        let bad = try await Self.post(sandbox, "/me/reminders", ["csrf": csrf, "reminders": "hourly"], session: session)
        #expect(bad.status == 422 && bad.text.contains("is not a reminder setting"))
        #expect(try await Self.post(sandbox, "/me/reminders", ["reminders": "off"], session: session).status == 403, "without the form's token")
        #expect(try sandbox.bytes() == before)

        // The admin sets the address: checked for form; the page and the CLI record the same.
        let (admin, adminCSRF) = try await WebTests.signIn(sandbox, "secretariat")
        let signedIn = try sandbox.bytes()
        let refused = try await Self.post(sandbox, "/admin/users/contact", ["csrf": adminCSRF, "user": "amina", "email": "amina@@unicef", "reminders": "daily"],
                                          session: admin)
        #expect(refused.status == 422 && refused.text.contains("is not an e-mail address"))
        #expect(try sandbox.bytes() == signedIn)
        let set = try await Self.post(sandbox, "/admin/users/contact", ["csrf": adminCSRF, "user": "amina", "email": "amina@unicef.example",
                                                                         "reminders": "weekly"], session: admin)
        #expect(set.status == 303)
        let byPage = try sandbox.mawp(["user", "list", "--format", "json"]).stdout
        #expect(byPage.contains("\"email\": \"amina@unicef.example\""))
        #expect(try sandbox.mawp(["user", "edit", "amina", "--email", "amina@unicef.example", "--reminders", "weekly"])
            .stdout.contains("nothing changed"), "the CLI finds what the page recorded")
        #expect(try await sandbox.request("GET", "/me", cookie: session).text.contains("amina@unicef.example"))
        #expect(try await sandbox.request("GET", "/admin", cookie: session).status == 403)
    }
}

/// A page asked for what the plan does not hold says which thing is unknown.
@Suite struct UnknownThingPageTests {
    @Test func anUnknownPeriodOnAnActivityPageIsNamedAsSuch() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        let (session, _) = try await WebTests.signIn(sandbox, "amina")
        let period = try await sandbox.request("GET", "/activities/rights-1?period=2015-H9", cookie: session)
        #expect(period.status == 404 && period.text.contains("No such reporting period") && period.text.contains("unknown reporting period &#39;2015-H9&#39;"))
        let activity = try await sandbox.request("GET", "/activities/rights-9", cookie: session)
        #expect(activity.status == 404 && activity.text.contains("No such activity"))
    }
}
