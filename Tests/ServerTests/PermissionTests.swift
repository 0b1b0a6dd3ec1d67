import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// DESIGN §8's roles: every role × every write route × own agency, partner, group lead and
/// another agency. Each refusal is a 403 with the database byte for byte as it was.
@Suite struct PermissionTests {
    /// rights-1 is led by UNICEF with ILO as partner; the rights group is led by OHCHR, UN Women
    /// and UNICEF; WHO has nothing to do with it.
    static func plan() throws -> (ServerSandbox, [String: String]) {
        let sandbox = try ServerSandbox()
        try sandbox.mawp(["activity", "add", "rights", "Migration and youth", "--lead", "UNICEF", "--partner", "ILO"])
        try sandbox.mawp(["milestone", "add", "rights-1", "Chapters", "--due", "2014-06-30"])
        try sandbox.mawp(["indicator", "add", "rights-1", "Chapters received", "--target", "8"])
        var tokens: [String: String] = [:]
        for (name, agency, role) in [("secretariat", "IOM", "admin"), ("unicef", "UNICEF", "editor"), ("ilo", "ILO", "editor"),
                                     ("ohchr", "OHCHR", "editor"), ("who", "WHO", "editor"), ("reader", "WHO", "viewer")] {
            try sandbox.user(name, agency: agency, role: role)
            tokens[name] = try sandbox.token(name)
        }
        tokens["secretariat-read-only"] = try sandbox.token("secretariat", readOnly: true)
        return (sandbox, tokens)
    }

    /// The changes to rights-1 and its milestone and indicator, each as (method, path, body).
    static var changes: [(String, String, [String: Any])] { [
        ("PATCH", "/api/v1/activities/rights-1", ["description": "Revised", "on": "2014-03-01"]),
        ("POST", "/api/v1/activities/rights-1/milestones", ["title": "Launch", "due": "2014-12-18"]),
        ("POST", "/api/v1/activities/rights-1/indicators", ["title": "Downloads", "target": 1000]),
        ("PATCH", "/api/v1/milestones/rights-1.1", ["due": "2014-07-15", "on": "2014-05-01"]),
        ("POST", "/api/v1/milestones/rights-1.1/done", ["on": "2014-07-10"]),
        ("POST", "/api/v1/milestones/rights-1.1/reopen", ["on": "2014-07-11"]),
        ("POST", "/api/v1/indicators/rights-1.i1/values", ["value": 3, "on": "2014-08-01"]),
        ("POST", "/api/v1/milestones/rights-1.1/drop", ["on": "2014-12-01"]),
        ("POST", "/api/v1/activities/rights-1/cancel", ["on": "2015-01-01"]),
    ] }

    @Test(arguments: [("unicef", true), ("ilo", true), ("ohchr", true), ("secretariat", true), ("who", false), ("reader", false),
                      ("secretariat-read-only", false)])
    func everyChangeToAnActivityFollowsTheRoles(_ user: String, _ allowed: Bool) async throws {
        let (sandbox, tokens) = try Self.plan()
        try sandbox.start()
        for (method, path, body) in Self.changes {
            let before = try sandbox.bytes()
            let reply = try await sandbox.request(method, path, json: body, token: tokens[user])
            if allowed {
                #expect((200...201).contains(reply.status), "\(user) \(method) \(path): \(reply.text)")
            } else {
                #expect(reply.status == 403, "\(user) \(method) \(path): \(reply.status) \(reply.text)")
                #expect(reply.header("Content-Type") == "application/problem+json")
                #expect(try sandbox.bytes() == before, "\(user) \(method) \(path): the database changed")
            }
        }
        let events = try sandbox.mawp(["log", "--format", "json"]).stdout
        #expect(events.contains("\"by\": \"\(user)\"") == allowed, "the log names who changed what")
    }

    @Test func anEditorAddsActivitiesItsAgencyLeadsOrToAGroupItLeads() async throws {
        let (sandbox, tokens) = try Self.plan()
        try sandbox.start()
        func add(_ user: String, group: String, lead: String?) async throws -> Int {
            var body: [String: Any] = ["group": group, "title": "New work"]
            if let lead { body["lead"] = lead }
            return try await sandbox.request("POST", "/api/v1/activities", json: body, token: tokens[user]).status
        }
        #expect(try await add("who", group: "rights", lead: "WHO") == 201, "its agency leads it")
        #expect(try await add("ohchr", group: "rights", lead: "UNICEF") == 201, "its agency leads the group")
        #expect(try await add("ohchr", group: "rights", lead: nil) == 201)
        let before = try sandbox.bytes()
        #expect(try await add("who", group: "rights", lead: "UNICEF") == 403)
        #expect(try await add("ilo", group: "rights", lead: nil) == 403, "a partner of one activity does not lead the group")
        #expect(try await add("reader", group: "rights", lead: "WHO") == 403)
        #expect(try await add("secretariat-read-only", group: "rights", lead: "IOM") == 403)
        #expect(try sandbox.bytes() == before)
        #expect(try await add("secretariat", group: "data", lead: "WHO") == 201, "the secretariat adds anything")
    }

    @Test func tokensAndUsersAreRefusedAtOnceWhenRevokedExpiredOrDisabled() async throws {
        let (sandbox, tokens) = try Self.plan()
        try sandbox.start()
        let unicef = try #require(tokens["unicef"])
        #expect(try await sandbox.request("GET", "/api/v1/report", token: unicef).status == 200)
        // A forged token, a malformed one, another user's id with a wrong secret.
        for forged in ["nonsense", "mawp_1_" + String(repeating: "0", count: 64), unicef.dropLast(4) + "ffff", "mawp_999_" + String(unicef.suffix(64))] {
            let reply = try await sandbox.request("GET", "/api/v1/report", token: String(forged))
            #expect(reply.status == 401, "\(forged)")
            #expect(reply.header("WWW-Authenticate") == "Bearer realm=\"mawp\"")
        }
        // Revoked: refused on the next request.
        let list = try sandbox.mawp(["token", "list", "unicef", "--format", "json"]).stdout
        let id = try #require(((try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String: Any])?["tokens"] as? [[String: Any]])?.first?["id"] as? Int)
        #expect(try sandbox.mawp(["token", "revoke", String(id)]).status == 0)
        #expect(try await sandbox.request("GET", "/api/v1/report", token: unicef).status == 401)
        // Disabled: its other tokens too.
        let ilo = try #require(tokens["ilo"])
        #expect(try await sandbox.request("GET", "/api/v1/report", token: ilo).status == 200)
        #expect(try sandbox.mawp(["user", "disable", "ilo"]).status == 0)
        #expect(try await sandbox.request("GET", "/api/v1/report", token: ilo).status == 401)
        // Expired: a token whose date has come (set in the file, as time would).
        let ohchr = try #require(tokens["ohchr"])
        #expect(try await sandbox.request("GET", "/api/v1/report", token: ohchr).status == 200)
        let expire = Process()
        expire.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        expire.arguments = [sandbox.db, "UPDATE api_token SET expires_on = '2020-01-01' WHERE user_id = (SELECT id FROM app_user WHERE name = 'ohchr')"]
        try expire.run()
        expire.waitUntilExit()
        #expect(expire.terminationStatus == 0)
        #expect(try await sandbox.request("GET", "/api/v1/report", token: ohchr).status == 401)
        // A read-only token reads.
        #expect(try await sandbox.request("GET", "/api/v1/report", token: tokens["secretariat-read-only"]).status == 200)
    }

    /// The stored hashes of the API tokens, by id, read with the sqlite3 shell.
    static func tokenHashes(_ sandbox: ServerSandbox) throws -> [String: String] {
        let query = Process()
        query.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        query.arguments = [sandbox.db, "SELECT id || ' ' || secret_hash FROM api_token ORDER BY id"]
        let out = Pipe()
        query.standardOutput = out
        try query.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        query.waitUntilExit()
        return Dictionary(uniqueKeysWithValues: text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), String(parts.count > 1 ? parts[1] : ""))
        })
    }

    /// Runs one statement on the plan's file with the sqlite3 shell.
    static func sql(_ sandbox: ServerSandbox, _ statement: String) throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [sandbox.db, statement]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
    }

    /// Tokens are 256 random bits: the file keeps their SHA-256, whoever makes them (the CLI, the
    /// admin page). A token made before that, kept as bcrypt, still works: checked with bcrypt
    /// at its first successful use, then its SHA-256 stored in its place. A wrong secret is
    /// refused either way.
    @Test func tokensAreKeptAsSHA256AndOldBcryptOnesAreRehashed() async throws {
        let sandbox = try ServerSandbox()
        try sandbox.user("secretariat", agency: "IOM", role: "admin")
        let cli = try sandbox.token("secretariat")
        let cliID = String(cli.split(separator: "_")[1])
        let cliHash = try #require(try Self.tokenHashes(sandbox)[cliID])
        #expect(cliHash.count == 64 && cliHash.allSatisfy(\.isHexDigit), "the CLI's token: its SHA-256 (\(cliHash))")
        // An old token: its bcrypt hash, made as a password's is (the user's password set to its secret).
        let old = try sandbox.token("secretariat")
        let (oldID, oldSecret) = (String(old.split(separator: "_")[1]), String(old.split(separator: "_")[2]))
        #expect(try sandbox.mawp(["user", "password", "secretariat", "--password-stdin"], input: oldSecret + "\n").status == 0)
        try Self.sql(sandbox, "UPDATE api_token SET secret_hash = (SELECT password_hash FROM app_user WHERE name = 'secretariat') WHERE id = \(oldID)")
        #expect(try Self.tokenHashes(sandbox)[oldID]?.hasPrefix("$2b$12$") == true)
        try sandbox.start()
        for token in [cli, old] {
            let forged = String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0")
            #expect(try await sandbox.request("GET", "/api/v1/session", token: forged).status == 401)
        }
        #expect(try Self.tokenHashes(sandbox)[oldID]?.hasPrefix("$2b$12$") == true, "a wrong secret changes nothing")
        #expect(try await sandbox.request("GET", "/api/v1/session", token: cli).status == 200)
        #expect(try await sandbox.request("GET", "/api/v1/session", token: old).status == 200)
        let rehashed = try #require(try Self.tokenHashes(sandbox)[oldID])
        #expect(rehashed.count == 64 && rehashed.allSatisfy(\.isHexDigit), "after its first use, its SHA-256: \(rehashed)")
        // After a restart both work, without bcrypt: their hashes are the fast ones.
        sandbox.stop()
        try sandbox.start()
        #expect(try await sandbox.request("GET", "/api/v1/session", token: old).status == 200)
        #expect(try await sandbox.request("GET", "/api/v1/session", token: cli).status == 200)
        #expect(try Self.tokenHashes(sandbox)[oldID] == rehashed && Self.tokenHashes(sandbox)[cliID] == cliHash)
        // The admin page's token is SHA-256 too.
        let (session, csrf) = try await WebTests.signIn(sandbox, "secretariat", password: oldSecret)
        let made = try await sandbox.request("POST", "/admin/tokens", body: WebTests.form(["csrf": csrf, "user": "secretariat"]), cookie: session,
                                             headers: ["Content-Type": "application/x-www-form-urlencoded"])
        let page = try #require(made.text.firstMatch(of: /<code id="secret-value">(mawp_[0-9]+_[0-9a-f]+)<\/code>/)?.1)
        #expect(try Self.tokenHashes(sandbox)[String(page.split(separator: "_")[1])]?.count == 64)
        #expect(try await sandbox.request("GET", "/api/v1/session", token: String(page)).status == 200)
    }

    @Test func signInGivesASessionAndFailedSignInsAreLimited() async throws {
        let (sandbox, _) = try Self.plan()
        try sandbox.start()
        let wrong = try await sandbox.request("POST", "/api/v1/session", json: ["user": "unicef", "password": "not it at all"])
        #expect(wrong.status == 401)
        #expect(wrong.header("Set-Cookie") == nil)
        let right = try await sandbox.request("POST", "/api/v1/session", json: ["user": "unicef", "password": "pass-unicef-long enough"])
        #expect(right.status == 200, "\(right.text)")
        let cookie = try #require(right.header("Set-Cookie"))
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Lax"))
        let session = String(cookie.split(separator: ";").first ?? "")
        #expect(try await sandbox.request("GET", "/api/v1/session", cookie: session).json["name"] as? String == "unicef")
        #expect(try await sandbox.request("POST", "/api/v1/milestones/rights-1.1/done", json: [:], cookie: session).status == 200)
        // Signing out ends the session on the server: the same cookie is refused after.
        #expect(try await sandbox.request("DELETE", "/api/v1/session", cookie: session).status == 204)
        #expect(try await sandbox.request("GET", "/api/v1/session", cookie: session).status == 401)
        // Five failures for one account: the sixth attempt is 429, even with the right password.
        for _ in 0..<5 {
            #expect(try await sandbox.request("POST", "/api/v1/session", json: ["user": "who", "password": "guess-guess-guess"]).status == 401)
        }
        let limited = try await sandbox.request("POST", "/api/v1/session", json: ["user": "who", "password": "pass-who-long enough"])
        #expect(limited.status == 429)
        #expect(Int(limited.header("Retry-After") ?? "") ?? 0 > 0)
        // A disabled user cannot sign in, and a session of theirs ends at once.
        let ilo = try await sandbox.request("POST", "/api/v1/session", json: ["user": "ilo", "password": "pass-ilo-long enough"])
        let iloSession = String(ilo.header("Set-Cookie")?.split(separator: ";").first ?? "")
        #expect(try await sandbox.request("GET", "/api/v1/session", cookie: iloSession).status == 200)
        try sandbox.mawp(["user", "disable", "ilo"])
        #expect(try await sandbox.request("GET", "/api/v1/session", cookie: iloSession).status == 401)
        #expect(try await sandbox.request("POST", "/api/v1/session", json: ["user": "ilo", "password": "pass-ilo-long enough"]).status == 401)
        #expect(!sandbox.log.contains("pass-"), "no password in the log")
    }

    @Test func groupsAndAgenciesAreTheSecretariats() async throws {
        let (sandbox, tokens) = try Self.plan()
        try sandbox.start()
        let changes: [(String, String, [String: Any])] = [
            ("POST", "/api/v1/agencies", ["code": "ITUC", "name": "International Trade Union Confederation", "kind": "workers"]),
            ("PATCH", "/api/v1/agencies/ITUC", ["name": "ITUC"]),
            ("POST", "/api/v1/groups", ["code": "climate", "name": "Task Force on Climate and Migration", "kind": "task-force", "leads": ["IOM"]]),
            ("PATCH", "/api/v1/groups/climate", ["leads": ["IOM", "UNDP"]]),
        ]
        for user in ["unicef", "ohchr", "reader", "secretariat-read-only"] {
            for (method, path, body) in changes {
                let before = try sandbox.bytes()
                let reply = try await sandbox.request(method, path, json: body, token: tokens[user])
                #expect([403, 404].contains(reply.status), "\(user) \(method) \(path): \(reply.text)")
                #expect(try sandbox.bytes() == before)
            }
        }
        for (method, path, body) in changes {
            let reply = try await sandbox.request(method, path, json: body, token: tokens["secretariat"])
            #expect((200...201).contains(reply.status), "\(method) \(path): \(reply.text)")
        }
        let groups = try sandbox.mawp(["group", "list", "--format", "json"]).stdout
        #expect(groups.contains("\"climate\""))
        #expect(try sandbox.mawp(["agency", "list"]).stdout.contains("ITUC"))
    }
}
