import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Bad input gets a clear problem document, and changes nothing.
@Suite struct InputTests {
    static func plan() throws -> (ServerSandbox, String) {
        let sandbox = try ServerSandbox()
        try sandbox.mawp(["activity", "add", "rights", "Migration and youth", "--lead", "UNICEF"])
        try sandbox.mawp(["milestone", "add", "rights-1", "Chapters", "--due", "2014-06-30"])
        try sandbox.user("admin", agency: "IOM", role: "admin")
        return (sandbox, try sandbox.token("admin"))
    }

    @Test func badRequestsAreRefusedWithTheRightStatusAndNothingChanged() async throws {
        let (sandbox, token) = try Self.plan()
        try sandbox.start()
        let cases: [(String, String, Data?, [String: String], Int, String)] = [
            ("POST", "/api/v1/milestones/rights-1.1/done", Data("{\"on\": ".utf8), [:], 400, "not valid JSON"),
            ("POST", "/api/v1/milestones/rights-1.1/done", Data("[1, 2]".utf8), [:], 400, "must be a JSON object"),
            ("POST", "/api/v1/milestones/rights-1.1/done", Data("{\"on\": 20140101}".utf8), [:], 422, "on: expected a string"),
            ("POST", "/api/v1/milestones/rights-1.1/done", Data("{\"on\": \"2014-02-30\"}".utf8), [:], 422, "'2014-02-30' is not a date"),
            ("POST", "/api/v1/milestones/rights-1.1/done", Data("{\"when\": \"2014-02-01\"}".utf8), [:], 422, "unknown field 'when'"),
            ("POST", "/api/v1/milestones/rights-1.9/done", Data("{}".utf8), [:], 404, "unknown milestone 'rights-1.9'"),
            ("POST", "/api/v1/milestones/nonsense/done", Data("{}".utf8), [:], 404, "is not a milestone reference"),
            ("POST", "/api/v1/activities", Data("{\"group\": \"rights\", \"title\": \"x\", \"lead\": \"NOSUCH\"}".utf8), [:], 422, "unknown agency 'NOSUCH'"),
            ("POST", "/api/v1/activities", Data("{\"group\": \"nosuch\", \"title\": \"x\"}".utf8), [:], 422, "unknown group 'nosuch'"),
            ("POST", "/api/v1/activities", Data("{\"group\": \"rights\", \"title\": \"   \"}".utf8), [:], 422, "title: expected text, not empty"),
            ("POST", "/api/v1/activities", Data("{\"group\": \"rights\", \"title\": \"x\", \"start\": \"2015-01-01\", \"end\": \"2014-01-01\"}".utf8), [:],
             422, "before the start date"),
            ("POST", "/api/v1/activities", Data("{\"group\": \"rights\", \"title\": \"x\", \"agenda\": [9]}".utf8), [:], 422, "agenda"),
            ("POST", "/api/v1/milestones/rights-1.1/done", Data("on=2014-01-01".utf8), ["Content-Type": "application/x-www-form-urlencoded"],
             415, "must be JSON"),
            ("POST", "/api/v1/milestones/rights-1.1/done", Data("{\"note\": \"\(String(repeating: "x", count: 70_000))\"}".utf8), [:],
             413, "larger than"),
            ("PATCH", "/api/v1/activities/rights-1", Data("{\"title\": \"y\"}".utf8), ["If-Match": "\"rights-1-0\""], 412, "changed since"),
            ("GET", "/api/v1/report?asOf=yesterday", nil, [:], 400, "asOf: 'yesterday' is not a date"),
            ("GET", "/api/v1/report?asRecorded=soon", nil, [:], 400, "asRecorded"),
            ("GET", "/api/v1/activities?status=done", nil, [:], 400, "status: 'done' is not one of"),
            ("GET", "/api/v1/report?framework=nosuch", nil, [:], 422, "unknown framework 'nosuch'"),
            ("GET", "/api/v1/report", nil, ["Accept": "image/png"], 406, "application/json, text/csv"),
            ("GET", "/api/v1/nosuch", nil, [:], 404, "no such page or route: /api/v1/nosuch"),
            ("DELETE", "/api/v1/activities/rights-1", nil, [:], 405, "DELETE is not allowed here; use GET, PATCH"),
        ]
        for (method, path, body, headers, status, detail) in cases {
            let before = try sandbox.bytes()
            var fields = headers
            if body != nil && fields["Content-Type"] == nil { fields["Content-Type"] = "application/json" }
            let reply = try await sandbox.request(method, path, body: body, token: token, headers: fields)
            #expect(reply.status == status, "\(method) \(path): \(reply.status) \(reply.text)")
            #expect(reply.header("Content-Type") == "application/problem+json", "\(method) \(path)")
            #expect((reply.json["detail"] as? String ?? "").contains(detail), "\(method) \(path): \(reply.text)")
            #expect(try sandbox.bytes() == before, "\(method) \(path): the database changed")
            // What a client sees never names the file, SQL or a stack.
            #expect(!reply.text.contains(sandbox.db) && !reply.text.contains("SELECT") && !reply.text.contains(".swift"))
        }
    }

    @Test func hostileTextIsStoredVerbatimAndEscapedWhereItIsHTML() async throws {
        let (sandbox, token) = try Self.plan()
        try sandbox.start()
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"q\" ' ; DROP TABLE activity;--"
        let added = try await sandbox.request("POST", "/api/v1/activities", json: ["group": "rights", "title": hostile, "lead": "UNICEF"], token: token)
        #expect(added.status == 201)
        let shown = try await sandbox.request("GET", "/api/v1/activities/rights-2", token: token)
        #expect(shown.json["title"] as? String == hostile, "stored and returned verbatim in JSON")
        let milestone = try await sandbox.request("POST", "/api/v1/activities/rights-2/milestones", json: ["title": hostile, "due": "2014-01-31"],
                                                  token: token)
        #expect(milestone.status == 201)
        let html = try await sandbox.request("GET", "/api/v1/report?group=rights", token: token, headers: ["Accept": "text/html"])
        #expect(html.status == 200)
        #expect(!html.text.contains("<script>alert") && !html.text.contains("<img src=x"))
        #expect(html.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        #expect(try sandbox.mawp(["check"]).status == 0)
    }

    @Test func anEditIsRefusedWhenItsVersionIsStale() async throws {
        let (sandbox, token) = try Self.plan()
        try sandbox.start()
        let first = try await sandbox.request("GET", "/api/v1/activities/rights-1", token: token)
        let tag = try #require(first.header("ETag"))
        let edit = try await sandbox.request("PATCH", "/api/v1/activities/rights-1", json: ["title": "Renamed"], token: token,
                                             headers: ["If-Match": tag])
        #expect(edit.status == 200, "\(edit.text)")
        let newTag = try #require(edit.header("ETag"))
        #expect(newTag != tag)
        let before = try sandbox.bytes()
        let stale = try await sandbox.request("PATCH", "/api/v1/activities/rights-1", json: ["title": "Again"], token: token,
                                              headers: ["If-Match": tag])
        #expect(stale.status == 412)
        #expect(try sandbox.bytes() == before)
        #expect(try await sandbox.request("GET", "/api/v1/activities/rights-1", token: token).header("ETag") == newTag)
    }
}

/// The server's operation: a busy database, TLS, a proxy's forwarded address.
@Suite struct OperationTests {
    @Test func aWriteThatFindsTheFileLockedIsAnswered503AndChangesNothing() async throws {
        let (sandbox, token) = try InputTests.plan()
        try sandbox.start()
        // Another process (the sqlite3 shell) holds the file's exclusive lock.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [sandbox.db]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nSELECT 1;\n".utf8))
        try await Task.sleep(for: .milliseconds(500))
        let busy = try await sandbox.request("POST", "/api/v1/milestones/rights-1.1/done", json: [:], token: token)
        #expect(busy.status == 503, "\(busy.text)")
        #expect(busy.header("Retry-After") == "1")
        #expect(busy.json["detail"] as? String == "the plan is busy with another change; try again")
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        let retried = try await sandbox.request("POST", "/api/v1/milestones/rights-1.1/done", json: [:], token: token)
        #expect(retried.status == 200, "once the lock is gone, the same change goes through")
        #expect(try sandbox.mawp(["check"]).status == 0)
    }

    @Test func itServesHTTPSWithACertificate() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            Issue.record("openssl and curl are needed for the TLS test")
            return
        }
        let sandbox = try ServerSandbox()
        let (cert, key) = (sandbox.path("cert.pem"), sandbox.path("key.pem"))
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        make.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"]
        make.standardOutput = FileHandle.nullDevice
        make.standardError = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        try sandbox.start(["--tls-cert", cert, "--tls-key", key])
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "--cacert", cert, "https://127.0.0.1:\(sandbox.port)/healthz"]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let body = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        #expect(curl.terminationStatus == 0)
        #expect(body == "ok\n")
        #expect(try String(contentsOfFile: sandbox.path("server.out"), encoding: .utf8).contains("listening on https://"))
    }

    @Test func behindATrustedProxyTheSignInLimitCountsTheForwardedAddress() async throws {
        let (sandbox, _) = try InputTests.plan()
        try sandbox.start(["--trust-forwarded-for"])
        for index in 0..<20 {
            let reply = try await sandbox.request("POST", "/api/v1/session", json: ["user": "user\(index)", "password": "not the password"],
                                                  headers: ["X-Forwarded-For": "203.0.113.7"])
            #expect(reply.status == 401)
        }
        let limited = try await sandbox.request("POST", "/api/v1/session", json: ["user": "admin", "password": "pass-admin-long enough"],
                                                headers: ["X-Forwarded-For": "203.0.113.7"])
        #expect(limited.status == 429, "20 failures from one address")
        let other = try await sandbox.request("POST", "/api/v1/session", json: ["user": "admin", "password": "pass-admin-long enough"],
                                              headers: ["X-Forwarded-For": "198.51.100.9"])
        #expect(other.status == 200, "another client behind the same proxy")
    }

    @Test func sigtermLetsARequestInFlightFinish() async throws {
        let (sandbox, token) = try InputTests.plan()
        try sandbox.start()
        // A change whose body arrives slowly (3 KB at 1 KB/s), still arriving when SIGTERM comes.
        let body = "{\"on\": \"2014-06-20\", \"note\": \"\(String(repeating: "n", count: 3000))\"}"
        try body.write(toFile: sandbox.path("slow.json"), atomically: true, encoding: .utf8)
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--limit-rate", "1k", "-H", "Authorization: Bearer \(token)",
                          "-H", "Content-Type: application/json", "--data-binary", "@" + sandbox.path("slow.json"),
                          "http://127.0.0.1:\(sandbox.port)/api/v1/milestones/rights-1.1/done"]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        try await Task.sleep(for: .milliseconds(1200))
        let stopping = Task.detached { sandbox.stop() }
        let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        #expect(status == "200", "the request in flight was answered")
        #expect(await stopping.value == 0, "then the server exits 0")
        let log = try sandbox.mawp(["log", "--format", "json"]).stdout
        #expect(log.contains("milestone.done"), "and its change was committed")
    }

    @Test func concurrentChangesAreEachCommittedOrRefusedOnTheirOwn() async throws {
        let (sandbox, token) = try InputTests.plan()
        try sandbox.mawp(["indicator", "add", "rights-1", "Downloads", "--target", "1000"])
        try sandbox.start()
        // 60 changes at once: 50 new values, 10 refused (a milestone that does not exist).
        let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<60 {
                group.addTask {
                    let reply = index % 6 == 5
                        ? try await sandbox.request("POST", "/api/v1/milestones/rights-1.9/done", json: [:], token: token)
                        : try await sandbox.request("POST", "/api/v1/indicators/rights-1.i1/values",
                                                    json: ["value": String(index), "on": "2015-0\(1 + index % 9)-01"], token: token)
                    return (index, reply.status)
                }
            }
            var all: [Int: Int] = [:]
            for try await (index, status) in group { all[index] = status }
            return all
        }
        #expect(statuses.filter { $0.key % 6 == 5 }.allSatisfy { $0.value == 404 })
        #expect(statuses.filter { $0.key % 6 != 5 }.allSatisfy { $0.value == 200 })
        let log = try sandbox.mawp(["log", "--format", "json"]).stdout
        #expect(log.components(separatedBy: "\"indicator.recorded\"").count - 1 == 50, "every acknowledged change is in the file")
        #expect(!log.contains("rights-1.9"))
        #expect(try sandbox.mawp(["check"]).status == 0)
    }
}
