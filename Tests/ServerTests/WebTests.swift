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
        #expect(visitor.header("Location") == "/sign-in?next=/")
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
}
