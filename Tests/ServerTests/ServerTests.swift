import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `mawp-server`, on a random loopback port, over a plan made with the built `mawp`.
@Suite struct ServerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A plan with an activity of each kind of ownership: UNICEF leads rights-1 (ILO partners),
    /// ILO leads decent-work-1 alone, and data-1 is UNDESA's with IOM as partner.
    static func plan() throws -> ServerSandbox {
        let sandbox = try ServerSandbox()
        try sandbox.mawp(["activity", "add", "rights", "Migration and youth", "--lead", "UNICEF", "--partner", "ILO"])
        try sandbox.mawp(["milestone", "add", "rights-1", "Chapters", "--due", "2014-06-30"])
        try sandbox.mawp(["activity", "add", "decent-work", "Recruitment costs", "--lead", "ILO"])
        try sandbox.mawp(["milestone", "add", "decent-work-1", "Review", "--due", "2014-09-30"])
        try sandbox.mawp(["activity", "add", "data", "Indicators", "--lead", "UNDESA", "--partner", "IOM"])
        try sandbox.mawp(["milestone", "add", "data-1", "Retreat", "--due", "2014-01-31"])
        return sandbox
    }

    static func object(_ text: String) -> NSDictionary {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? NSDictionary) ?? [:]
    }

    @Test func itServesHealthAndItsDescriptionAndStopsOnSIGTERM() async throws {
        let sandbox = try ServerSandbox()
        try sandbox.start()
        let health = try await sandbox.request("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.text == "ok\n")
        let document = try await sandbox.request("GET", "/api/v1/openapi.json")
        #expect(document.status == 200)
        #expect(document.header("Content-Type") == "application/json")
        let file = try Data(contentsOf: Self.repository.appendingPathComponent("openapi.json"))
        #expect(document.body == file, "the server serves the repository's openapi.json")
        #expect(sandbox.stop() == 0, "SIGTERM: a clean exit")
        #expect(sandbox.log.contains("GET /healthz 200"), "the access log")
    }

    @Test func readsNeedAUserAndGiveTheSameJSONAsTheCLI() async throws {
        let sandbox = try Self.plan()
        try sandbox.user("viewer", agency: "IOM", role: "viewer")
        let token = try sandbox.token("viewer")
        try sandbox.start()
        let anonymous = try await sandbox.request("GET", "/api/v1/report")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("Content-Type") == "application/problem+json")
        #expect(anonymous.json["status"] as? Int == 401)
        for (path, cli) in [("/api/v1/report?asOf=2014-12-31", ["report", "--format", "json", "--as-of", "2014-12-31"]),
                            ("/api/v1/report?asOf=2014-12-31&group=rights&framework=recommendations",
                             ["report", "--format", "json", "--as-of", "2014-12-31", "--group", "rights", "--framework", "recommendations"]),
                            ("/api/v1/activities?asOf=2014-12-31", ["activity", "list", "--format", "json", "--as-of", "2014-12-31"]),
                            ("/api/v1/activities/rights-1?asOf=2014-12-31", ["activity", "show", "rights-1", "--format", "json", "--as-of", "2014-12-31"]),
                            ("/api/v1/groups", ["group", "list", "--format", "json"]),
                            ("/api/v1/agenda?asOf=2014-12-31", ["agenda", "--format", "json", "--as-of", "2014-12-31"]),
                            ("/api/v1/log", ["log", "--format", "json"]),
                            ("/api/v1/slippage?asOf=2014-12-31", ["slippage", "--format", "json", "--as-of", "2014-12-31"]),
                            ("/api/v1/chairs", ["chair", "list", "--format", "json"])] {
            let reply = try await sandbox.request("GET", path, token: token)
            #expect(reply.status == 200, "\(path): \(reply.text)")
            #expect(Self.object(reply.text) == Self.object(try sandbox.mawp(cli).stdout), "\(path)")
        }
        let csv = try await sandbox.request("GET", "/api/v1/report?asOf=2014-12-31", token: token, headers: ["Accept": "text/csv"])
        #expect(csv.text == (try sandbox.mawp(["report", "--format", "csv", "--as-of", "2014-12-31"]).stdout))
        let html = try await sandbox.request("GET", "/api/v1/report?asOf=2014-12-31", token: token, headers: ["Accept": "text/html"])
        #expect(html.header("Content-Type") == "text/html; charset=utf-8")
        #expect(html.text.contains("<section id=\"framework-recommendations\">"))
        // A spreadsheet, asked for by Accept or by format= (a link cannot set Accept): the CLI's, cell for cell.
        let cli = sandbox.path("cli.xlsx")
        #expect(try sandbox.mawp(["report", "--format", "xlsx", "--as-of", "2014-12-31", "--group", "rights", "--output", cli]).status == 0)
        for (path, accept) in [("/api/v1/report?asOf=2014-12-31&group=rights", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                               ("/api/v1/report?asOf=2014-12-31&group=rights&format=xlsx", "text/html")] {
            let xlsx = try await sandbox.request("GET", path, token: token, headers: ["Accept": accept])
            #expect(xlsx.status == 200)
            #expect(xlsx.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(xlsx.header("Content-Disposition") == "attachment; filename=\"mawp-report-2014-12-31.xlsx\"")
            let served = sandbox.path("served.xlsx")
            try xlsx.body.write(to: URL(fileURLWithPath: served))
            #expect(try Self.sameCells(cli, served), "\(path)")
        }
        let slippage = try await sandbox.request("GET", "/api/v1/slippage?asOf=2014-12-31&format=xlsx", token: token)
        #expect(slippage.status == 200 && slippage.body.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try await sandbox.request("GET", "/api/v1/report?format=pdf", token: token).status == 400)
        let unknown = try await sandbox.request("GET", "/api/v1/activities/rights-9", token: token)
        #expect(unknown.status == 404)
        #expect(unknown.json["detail"] as? String == "unknown activity 'rights-9'")
        #expect(try await sandbox.request("GET", "/api/v1/report?asOf=2014-13-01", token: token).status == 400)
        sandbox.stop()

        // --public-read opens reads, not changes.
        try sandbox.start(["--public-read"])
        #expect(try await sandbox.request("GET", "/api/v1/report").status == 200)
        #expect(try await sandbox.request("POST", "/api/v1/milestones/data-1.1/done", json: [:]).status == 401)
    }

    /// Whether two workbooks have the same sheets with the same values and number formats
    /// (openpyxl; the document properties, with the moment each was made, may differ).
    static func sameCells(_ first: String, _ second: String) throws -> Bool {
        let script = """
            import sys, openpyxl
            def cells(path):
                book = openpyxl.load_workbook(path)
                return [(sheet.title, [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]) for sheet in book]
            sys.exit(0 if cells(sys.argv[1]) == cells(sys.argv[2]) else 1)
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, first, second]
        try python.run()
        python.waitUntilExit()
        return python.terminationStatus == 0
    }

    @Test func aChangeIsTheSignedInUsersAndAnsweredOnceCommitted() async throws {
        let sandbox = try Self.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        let token = try sandbox.token("amina")
        try sandbox.start()
        let done = try await sandbox.request("POST", "/api/v1/milestones/rights-1.1/done", json: ["on": "2014-06-20", "note": "sent"], token: token)
        #expect(done.status == 200, "\(done.text)")
        #expect(done.json["changed"] as? Bool == true)
        let again = try await sandbox.request("POST", "/api/v1/milestones/rights-1.1/done", json: ["on": "2014-06-20"], token: token)
        #expect(again.json["changed"] as? Bool == false)
        let log = try sandbox.mawp(["log", "--format", "json"]).stdout
        let events = (Self.object(log)["events"] as? [NSDictionary]) ?? []
        let event = events.first { $0["kind"] as? String == "milestone.done" }
        #expect(event?["by"] as? String == "amina", "the event names the authenticated user")
        #expect(event?["note"] as? String == "sent")
        let added = try await sandbox.request("POST", "/api/v1/activities", json: [
            "group": "rights", "title": "Child migrants", "lead": "UNICEF", "partners": ["IOM"], "agenda": [1], "links": ["recommendations:P4"],
        ], token: token)
        #expect(added.status == 201, "\(added.text)")
        #expect(added.header("Location") == "/api/v1/activities/rights-2")
        let milestone = try await sandbox.request("POST", "/api/v1/activities/rights-2/milestones", json: ["title": "Study", "due": "2015-03-31"], token: token)
        #expect(milestone.status == 201)
        #expect(milestone.header("Location") == "/api/v1/milestones/rights-2.1")
        let shown = try sandbox.mawp(["activity", "show", "rights-2", "--format", "json"]).stdout
        #expect(shown.contains("\"Child migrants\""))
        #expect(try sandbox.mawp(["check"]).status == 0)
    }

    @Test func aReportFollowsEveryChangeMadeThroughTheServerOrTheCLI() async throws {
        let sandbox = try Self.plan()
        try sandbox.user("admin", agency: "IOM", role: "admin")
        let token = try sandbox.token("admin")
        try sandbox.start()
        func done() async throws -> Int? {
            let report = try await sandbox.request("GET", "/api/v1/report?asOf=2014-12-31", token: token)
            return (report.json["totals"] as? [String: Any])?["milestonesDone"] as? Int
        }
        #expect(try await done() == 0)
        #expect(try await done() == 0, "the same answer again (kept for this version of the plan)")
        #expect(try await sandbox.request("POST", "/api/v1/milestones/rights-1.1/done", json: ["on": "2014-06-20"], token: token).status == 200)
        #expect(try await done() == 1, "a change through the server")
        try sandbox.mawp(["milestone", "done", "data-1.1", "--on", "2014-01-21"])
        #expect(try await done() == 2, "a change by the CLI on the same file")
        let csv = try await sandbox.request("GET", "/api/v1/report?asOf=2014-12-31", token: token, headers: ["Accept": "text/csv"])
        #expect(csv.text == (try sandbox.mawp(["report", "--format", "csv", "--as-of", "2014-12-31"]).stdout))
    }
}
