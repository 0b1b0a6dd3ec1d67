import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Sessions that survive a restart and end when they must; visitors who cost the server
/// nothing; sign-in limits that lock nobody out from elsewhere (issue: hardening §2, §3).
@Suite struct SessionTests {
    static let formType = ["Content-Type": "application/x-www-form-urlencoded"]

    /// The rows of the plan's session table, read with the sqlite3 shell.
    static func sessionRows(_ sandbox: ServerSandbox) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-readonly", sandbox.db, "SELECT id_hash || '|' || csrf FROM web_session"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func aSessionSurvivesARestartAndTheFileHoldsOnlyItsHash() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        let (session, _) = try await WebTests.signIn(sandbox, "amina")
        let id = String(session.split(separator: "=").last ?? "")
        #expect(id.count == 64)
        let rows = try Self.sessionRows(sandbox)
        #expect(rows.count == 1)
        #expect(!rows.joined().contains(id), "the id itself is not stored")
        #expect(try sandbox.bytes().range(of: Data(id.utf8)) == nil, "nowhere in the file")

        #expect(sandbox.stop() == 0)
        try sandbox.start()
        let page = try await sandbox.request("GET", "/my-agency", cookie: session)
        #expect(page.status == 200, "still signed in after a restart")
        #expect(page.text.contains("amina"))
        // Signing out ends it on the server: the cookie is refused after, and the row is gone.
        let token = try #require(WebTests.csrf(page.text))
        let out = try await sandbox.request("POST", "/sign-out", body: WebTests.form(["csrf": token]), cookie: session, headers: Self.formType)
        #expect(out.status == 303)
        #expect(out.header("Set-Cookie")?.contains("Max-Age=0") == true)
        #expect(try await sandbox.request("GET", "/my-agency", cookie: session).status == 303)
        #expect(try Self.sessionRows(sandbox).isEmpty)
    }

    @Test func visitorsHoldNoStateOnTheServer() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.start()
        for _ in 0..<200 {
            let page = try await sandbox.request("GET", "/sign-in")
            #expect(page.status == 200)
        }
        #expect(try Self.sessionRows(sandbox).isEmpty, "no row for a visitor")
        // The form's token is bound to the visitor's cookie: without it, or with another's, refused.
        let page = try await sandbox.request("GET", "/sign-in")
        let token = try #require(WebTests.csrf(page.text))
        #expect(page.header("Set-Cookie")?.hasPrefix("mawp_visitor=") == true)
        let other = try await sandbox.request("GET", "/sign-in")
        for cookie in [nil, WebTests.cookie(other)] {
            let reply = try await sandbox.request("POST", "/sign-in", body: WebTests.form(["user": "x", "password": "y", "csrf": token]),
                                                  cookie: cookie, headers: Self.formType)
            #expect(reply.status == 403)
        }
        // A forged token (another expiry, the same signature) is refused.
        let parts = token.split(separator: ".")
        let forged = "\((Int(parts[0]) ?? 0) + 1000).\(parts[1])"
        let reply = try await sandbox.request("POST", "/sign-in", body: WebTests.form(["user": "x", "password": "y", "csrf": forged]),
                                              cookie: WebTests.cookie(page), headers: Self.formType)
        #expect(reply.status == 403)
    }

    @Test func aPasswordChangeOrDisablingEndsEverySessionAndSetUpCode() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.user("omar", agency: "ILO", role: "editor")
        try sandbox.start()
        let first = try await WebTests.signIn(sandbox, "amina")
        let second = try await WebTests.signIn(sandbox, "amina")
        let omar = try await WebTests.signIn(sandbox, "omar")
        // The password changes on the host: both of amina's sessions end, omar's goes on.
        let changed = try sandbox.mawp(["user", "password", "amina", "--password-stdin"], input: "a brand new password\n")
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try await sandbox.request("GET", "/my-agency", cookie: first.cookie).status == 303)
        #expect(try await sandbox.request("GET", "/my-agency", cookie: second.cookie).status == 303)
        #expect(try await sandbox.request("GET", "/my-agency", cookie: omar.cookie).status == 200)
        // Through the API, with the current password: the session that asked ends too.
        let api = try await sandbox.request("POST", "/api/v1/session", json: ["user": "omar", "password": "pass-omar-long enough"])
        let apiCookie = try #require(WebTests.cookie(api))
        let change = try await sandbox.request("POST", "/api/v1/password", json: ["user": "omar", "password": "pass-omar-long enough",
                                                                               "newPassword": "another long password"])
        #expect(change.status == 204, "\(change.text)")
        #expect(try await sandbox.request("GET", "/api/v1/session", cookie: apiCookie).status == 401)
        #expect(try await sandbox.request("GET", "/my-agency", cookie: omar.cookie).status == 303)

        // Disabling a user ends their sessions and their unused set-up code.
        let invited = try sandbox.mawp(["user", "add", "lena", "--agency", "UNWOMEN", "--role", "editor"])
        let code = String(invited.stdout.split(separator: "\n").last ?? "")
        let again = try await sandbox.request("POST", "/api/v1/session", json: ["user": "amina", "password": "a brand new password"])
        let aminaCookie = try #require(WebTests.cookie(again))
        #expect(try sandbox.mawp(["user", "disable", "amina"]).status == 0)
        #expect(try sandbox.mawp(["user", "disable", "lena"]).status == 0)
        #expect(try await sandbox.request("GET", "/api/v1/session", cookie: aminaCookie).status == 401)
        #expect(try Self.sessionRows(sandbox).isEmpty)
        let withCode = try await sandbox.request("POST", "/api/v1/password", json: ["user": "lena", "code": code, "newPassword": "chosen at last"])
        #expect(withCode.status == 401, "the set-up code ended with the user")
    }

    @Test func failedSignInsLimitAUserAtOneAddressNotEverywhere() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        // Behind a proxy on loopback, the address is the last of X-Forwarded-For.
        try sandbox.start(["--trust-forwarded-for"])
        let attacker = ["X-Forwarded-For": "203.0.113.9"]
        for _ in 0..<5 {
            let reply = try await sandbox.request("POST", "/api/v1/session", json: ["user": "amina", "password": "a wrong guess"], headers: attacker)
            #expect(reply.status == 401)
        }
        let limited = try await sandbox.request("POST", "/api/v1/session", json: ["user": "amina", "password": "pass-amina-long enough"],
                                                headers: attacker)
        #expect(limited.status == 429)
        // The real user, elsewhere, still signs in (by the API and by the form).
        let real = try await sandbox.request("POST", "/api/v1/session", json: ["user": "amina", "password": "pass-amina-long enough"],
                                             headers: ["X-Forwarded-For": "198.51.100.7"])
        #expect(real.status == 200, "\(real.text)")
        let page = try await sandbox.request("GET", "/sign-in", headers: ["X-Forwarded-For": "198.51.100.7"])
        let form = try await sandbox.request("POST", "/sign-in",
                                             body: WebTests.form(["user": "amina", "password": "pass-amina-long enough",
                                                                  "csrf": try #require(WebTests.csrf(page.text))]),
                                             cookie: WebTests.cookie(page), headers: Self.formType.merging(["X-Forwarded-For": "198.51.100.7"]) { $1 })
        #expect(form.status == 303)
        // One address trying many names is limited as an address.
        for index in 0..<20 {
            _ = try await sandbox.request("POST", "/api/v1/session", json: ["user": "name\(index)", "password": "a wrong guess"],
                                          headers: ["X-Forwarded-For": "192.0.2.1"])
        }
        let sprayed = try await sandbox.request("POST", "/api/v1/session", json: ["user": "amina", "password": "pass-amina-long enough"],
                                                headers: ["X-Forwarded-For": "192.0.2.1"])
        #expect(sprayed.status == 429)
    }

    @Test func aBurstOfGuessesSentAtOnceIsLimitedLikeOneAfterAnother() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start(["--secure-cookies"])
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<24 {
                group.addTask {
                    try await sandbox.request("POST", "/api/v1/session", json: ["user": "amina", "password": "guess number \(index)"]).status
                }
            }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == 401 }.count == 5, "\(statuses.sorted())")
        #expect(statuses.filter { $0 == 429 }.count == 19, "\(statuses.sorted())")
        // A name no account can have is refused at once.
        let long = try await sandbox.request("POST", "/api/v1/session", json: ["user": String(repeating: "x", count: 60_000), "password": "p"])
        #expect(long.status == 401)
        // Behind a TLS proxy (--secure-cookies) the cookies carry Secure.
        let page = try await sandbox.request("GET", "/sign-in")
        #expect(page.header("Set-Cookie")?.contains("Secure") == true)
    }
}
