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
            ("POST", "/api/v1/activities", Data("{\"group\": \"rights\", \"title\": \"   \"}".utf8), [:], 422, "title: give a title, not an empty one"),
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

    /// DESIGN §8 "Values": numbers as JSON numbers within ±1e12, booleans as JSON booleans,
    /// dates in 1900-2100, text valid UTF-8 without control characters; anything else is
    /// refused with the field named and nothing changed.
    @Test func valuesHaveTheirJSONTypesAndTheirRangesAndNothingElseIsTaken() async throws {
        let (sandbox, token) = try Self.plan()
        try sandbox.mawp(["indicator", "add", "rights-1", "Downloads", "--baseline", "0", "--target", "10"])
        try sandbox.mawp(["indicator", "add", "rights-1", "Guidance", "--measure", "qualitative"])
        try sandbox.start()
        let indicators = "/api/v1/activities/rights-1/indicators", values = "/api/v1/indicators/rights-1.i1/values"
        let cases: [(String, String, String, Int, String, String?)] = [
            (indicators, #"{"title": "x", "baseline": "10"}"#, "POST", 422, "baseline: expected a number for a unit indicator", "baseline"),
            (indicators, #"{"title": "x", "baseline": 1e18}"#, "POST", 422, "baseline: 1e+18 is out of range", "baseline"),
            (indicators, #"{"title": "x", "target": -1e308}"#, "POST", 422, "target: -1e+308 is out of range", "target"),
            // A number beyond a double's range is not one JSON can carry here (RFC 8259 §6).
            (indicators, #"{"title": "x", "target": 1e400}"#, "POST", 400, "not valid JSON", nil),
            (indicators, #"{"title": "x", "target": 100000000000000000000000}"#, "POST", 422, "out of range", "target"),
            (indicators, #"{"title": "x", "descending": "yes"}"#, "POST", 422, "descending: expected true or false", "descending"),
            (indicators, #"{"title": "x", "descending": "true"}"#, "POST", 422, "descending: expected true or false", "descending"),
            (indicators, #"{"title": "x", "baselineYear": "2013"}"#, "POST", 422, "baselineYear: expected a whole number", "baselineYear"),
            (indicators, #"{"title": "x", "baselineYear": 1066}"#, "POST", 422, "1066 is not a year", nil),
            (indicators, #"{"title": "x", "measure": "qualitative", "target": 5}"#, "POST", 422, "target: expected text", "target"),
            (indicators, #"{"title": "x", "periodEnd": "9999-12-31"}"#, "POST", 422, "periodEnd: 9999-12-31 is out of range", "periodEnd"),
            (indicators, "{\"title\": \"bell\\u0007\"}", "POST", 422, "title: the text holds a control character (U+0007)", "title"),
            (values, #"{"value": "0x10"}"#, "POST", 422, "is a unit indicator: '0x10' is not a number", nil),
            (values, #"{"value": 1e18}"#, "POST", 422, "value: 1e+18 is out of range", "value"),
            (values, #"{"value": 1e17}"#, "POST", 422, "value: 1e+17 is out of range", "value"),
            (values, #"{"value": -1e308, "on": "2014-01-01"}"#, "POST", 422, "out of range", "value"),
            (values, #"{"value": 5, "on": "0001-01-01"}"#, "POST", 422, "on: 0001-01-01 is out of range", "on"),
            (values, #"{"value": 5, "note": "nul\u0000"}"#, "POST", 422, "note: the text holds a control character (U+0000)", "note"),
            (values, #"{"value": true}"#, "POST", 422, "value: expected a number", "value"),
            ("/api/v1/indicators/rights-1.i2/values", #"{"value": 5}"#, "POST", 422, "is a qualitative indicator", nil),
            ("/api/v1/activities", #"{"group": "rights", "title": "a\u001b[31mb"}"#, "POST", 422, "title: the text holds a control character", "title"),
            ("/api/v1/activities", #"{"group": "rights", "title": "tab\tin a title"}"#, "POST", 422, "title: the text holds", "title"),
            ("/api/v1/activities", #"{"group": "rights", "title": "x", "start": "9999-12-31"}"#, "POST", 422, "start: 9999-12-31 is out of range", "start"),
            ("/api/v1/activities/rights-1", #"{"description": "bell\u0007"}"#, "PATCH", 422, "description: the text holds", "description"),
            ("/api/v1/milestones/rights-1.1/done", #"{"on": "2101-01-01"}"#, "POST", 422, "on: 2101-01-01 is out of range", "on"),
            ("/api/v1/report?asOf=9999-12-31", "", "GET", 400, "asOf: 9999-12-31 is out of range", "asOf"),
            ("/api/v1/report?asRecorded=0001-01-01T00:00", "", "GET", 400, "asRecorded: 0001-01-01 is out of range", "asRecorded"),
        ]
        for (path, body, method, status, detail, field) in cases {
            let before = try sandbox.bytes()
            let reply = try await sandbox.request(method, path, body: method == "GET" ? nil : Data(body.utf8), token: token,
                                                  headers: method == "GET" ? [:] : ["Content-Type": "application/json"])
            #expect(reply.status == status, "\(path) \(body): \(reply.status) \(reply.text)")
            #expect((reply.json["detail"] as? String ?? "").contains(detail), "\(path) \(body): \(reply.text)")
            #expect(reply.json["field"] as? String == field, "\(path) \(body): \(reply.text)")
            #expect(try sandbox.bytes() == before, "\(path) \(body): the database changed")
        }
        // Bytes that are not UTF-8 are refused, not turned into U+FFFD.
        let before = try sandbox.bytes()
        var latin1 = Data(#"{"group": "rights", "title": "caf"#.utf8)
        latin1.append(0xE9)
        latin1.append(contentsOf: Data(#""}"#.utf8))
        let invalid = try await sandbox.request("POST", "/api/v1/activities", body: latin1, token: token, headers: ["Content-Type": "application/json"])
        #expect(invalid.status == 400, "\(invalid.text)")
        #expect((invalid.json["detail"] as? String ?? "").contains("not valid UTF-8"))
        #expect(try sandbox.bytes() == before)

        // What is right is taken: JSON numbers and booleans, long texts with tab and newline.
        let added = try await sandbox.request("POST", indicators, json: ["title": "Reach", "descending": true, "baseline": -0.0,
                                                                         "baselineYear": 2013, "target": 1e12], token: token)
        #expect(added.status == 201, "\(added.text)")
        let recorded = try await sandbox.request("POST", values, json: ["value": 12.5, "on": "2014-03-01", "note": "line\nand\ttab"], token: token)
        #expect(recorded.status == 200, "\(recorded.text)")
        let text = try await sandbox.request("POST", "/api/v1/indicators/rights-1.i2/values", json: ["value": "adopted"], token: token)
        #expect(text.status == 200, "\(text.text)")
        let shown = try await sandbox.request("GET", "/api/v1/activities/rights-1", token: token)
        let list = try #require(shown.json["indicatorList"] as? [[String: Any]])
        #expect(list[2]["ascending"] as? Bool == false)
        #expect(list[2]["baselineYear"] as? Int == 2013)
        #expect(list[0]["actual"] as? Double == 12.5)
        #expect(try sandbox.mawp(["check"]).status == 0)
    }

    /// A database holding values stored before they were checked (1e18 against a target of 10,
    /// an overflow to infinity): the activity's page, its JSON and every report still answer.
    @Test func storedExtremeValuesNeverStopTheServer() async throws {
        let (sandbox, token) = try Self.plan()
        try sandbox.mawp(["indicator", "add", "rights-1", "Downloads", "--baseline", "0", "--target", "10"])
        try sandbox.mawp(["indicator", "record", "rights-1.i1", "5", "--on", "2014-01-01"])
        try sandbox.mawp(["indicator", "add", "rights-1", "Overflow", "--baseline=-5", "--target=-1"])
        try sandbox.mawp(["indicator", "record", "rights-1.i2", "-1", "--on", "2014-01-01"])
        let sql = Process()
        sql.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sql.arguments = [sandbox.db, """
            INSERT INTO event (kind, effective_on, recorded_at, actor, group_id, activity_id, indicator_id, details)
              SELECT kind, '2014-06-01', recorded_at, actor, group_id, activity_id, indicator_id, json_set(details, '$.value', 1e18)
              FROM event WHERE json_extract(details, '$.ref') = 'rights-1.i1' AND kind = 'indicator.recorded';
            INSERT INTO event (kind, effective_on, recorded_at, actor, group_id, activity_id, indicator_id, details)
              SELECT kind, '2014-06-01', recorded_at, actor, group_id, activity_id, indicator_id, json_set(details, '$.value', -1e308)
              FROM event WHERE json_extract(details, '$.ref') = 'rights-1.i2' AND kind = 'indicator.recorded';
            UPDATE indicator SET target = -1e308 WHERE number = 2;
            """]
        try sql.run()
        sql.waitUntilExit()
        #expect(sql.terminationStatus == 0)
        try sandbox.start()
        let session = try await sandbox.request("POST", "/api/v1/session", json: ["user": "admin", "password": "pass-admin-long enough"])
        let cookie = String(try #require(session.header("Set-Cookie")).split(separator: ";").first ?? "")
        for (path, accept) in [("/activities/rights-1", "text/html"), ("/", "text/html"), ("/groups/rights", "text/html"),
                               ("/api/v1/activities/rights-1", "application/json"), ("/api/v1/report", "application/json"),
                               ("/api/v1/report", "text/html"), ("/api/v1/report", "text/csv"), ("/api/v1/report", "text/markdown")] {
            let reply = try await sandbox.request("GET", path, token: path.hasPrefix("/api") ? token : nil,
                                                  cookie: path.hasPrefix("/api") ? nil : cookie, headers: ["Accept": accept])
            #expect(reply.status == 200, "\(path) \(accept): \(reply.status)")
        }
        let page = try await sandbox.request("GET", "/activities/rights-1", cookie: cookie)
        #expect(page.text.contains("1e+18"))
        #expect(try await sandbox.request("GET", "/healthz").status == 200, "the server is still up")
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
                                                    json: ["value": index, "on": "2015-0\(1 + index % 9)-01"], token: token)
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
