import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The CLI and the API are two doors to the same changes (issue: the house §2): every change
/// both make is made through each, on two copies of one plan, and the events they record are
/// compared (kind, date, who, note and details; not the moment of recording).
@Suite struct TwoDoorsTests {
    /// A change as the CLI says it (arguments after `mawp`) and as the API does (method, path, body).
    struct Change {
        let cli: [String]
        let method: String
        let path: String
        let body: [String: Any]
        /// Who makes it (a reviewer does not approve what they submitted).
        var by = "secretariat"
    }

    static var changes: [Change] { [
        Change(cli: ["activity", "add", "rights", "Toolkit", "--lead", "UNICEF", "--partner", "ILO", "--start", "2014-02-01",
                     "--end", "2014-11-30", "--agenda", "1", "--link", "recommendations:G1", "--link", "chair-2014:1",
                     "--description", "For focal points"],
               method: "POST", path: "/api/v1/activities",
               body: ["group": "rights", "title": "Toolkit", "lead": "UNICEF", "partners": ["ILO"], "start": "2014-02-01", "end": "2014-11-30",
                      "agenda": [1], "links": ["recommendations:G1", "chair-2014:1"], "description": "For focal points"]),
        // A link to one framework replaces that framework's links and keeps the others'.
        Change(cli: ["activity", "edit", "rights-2", "--link", "recommendations:G2", "--on", "2014-03-01"],
               method: "PATCH", path: "/api/v1/activities/rights-2", body: ["links": ["recommendations:G2"], "on": "2014-03-01"]),
        // An agenda point named as a link replaces the agenda points only.
        Change(cli: ["activity", "edit", "rights-2", "--link", "agenda:3", "--on", "2014-03-02"],
               method: "PATCH", path: "/api/v1/activities/rights-2", body: ["links": ["agenda:3"], "on": "2014-03-02"]),
        Change(cli: ["activity", "edit", "rights-2", "--title", "Toolkit, revised", "--partner", "UNHCR", "--note", "scope", "--on", "2014-04-01"],
               method: "PATCH", path: "/api/v1/activities/rights-2",
               body: ["title": "Toolkit, revised", "partners": ["UNHCR"], "note": "scope", "on": "2014-04-01"]),
        Change(cli: ["milestone", "add", "rights-2", "Launch", "--due", "2014-12-18"],
               method: "POST", path: "/api/v1/activities/rights-2/milestones", body: ["title": "Launch", "due": "2014-12-18"]),
        Change(cli: ["milestone", "edit", "rights-2.1", "--due", "2015-01-15", "--on", "2014-11-01", "--note", "later"],
               method: "PATCH", path: "/api/v1/milestones/rights-2.1", body: ["due": "2015-01-15", "on": "2014-11-01", "note": "later"]),
        Change(cli: ["milestone", "done", "rights-2.1", "--on", "2015-01-10", "--note", "sent"],
               method: "POST", path: "/api/v1/milestones/rights-2.1/done", body: ["on": "2015-01-10", "note": "sent"]),
        Change(cli: ["milestone", "reopen", "rights-2.1", "--on", "2015-01-12"],
               method: "POST", path: "/api/v1/milestones/rights-2.1/reopen", body: ["on": "2015-01-12"]),
        Change(cli: ["milestone", "drop", "rights-2.1", "--on", "2015-02-01", "--note", "merged"],
               method: "POST", path: "/api/v1/milestones/rights-2.1/drop", body: ["on": "2015-02-01", "note": "merged"]),
        Change(cli: ["indicator", "add", "rights-2", "Downloads", "--baseline", "0", "--target", "500", "--baseline-year", "2013"],
               method: "POST", path: "/api/v1/activities/rights-2/indicators",
               body: ["title": "Downloads", "baseline": 0, "target": 500, "baselineYear": 2013]),
        Change(cli: ["indicator", "record", "rights-2.i1", "120", "--on", "2014-06-30"],
               method: "POST", path: "/api/v1/indicators/rights-2.i1/values", body: ["value": 120, "on": "2014-06-30"]),
        Change(cli: ["activity", "cancel", "rights-2", "--on", "2015-06-30", "--note", "ended"],
               method: "POST", path: "/api/v1/activities/rights-2/cancel", body: ["on": "2015-06-30", "note": "ended"]),
        Change(cli: ["group", "add", "climate", "--name", "Task Force on Climate", "--kind", "task-force", "--lead", "IOM"],
               method: "POST", path: "/api/v1/groups", body: ["code": "climate", "name": "Task Force on Climate", "kind": "task-force", "leads": ["IOM"]]),
        Change(cli: ["group", "edit", "climate", "--lead", "IOM", "--lead", "UNDP"],
               method: "PATCH", path: "/api/v1/groups/climate", body: ["leads": ["IOM", "UNDP"]]),
        Change(cli: ["agency", "add", "ITUC", "--name", "International Trade Union Confederation", "--kind", "workers"],
               method: "POST", path: "/api/v1/agencies", body: ["code": "ITUC", "name": "International Trade Union Confederation", "kind": "workers"]),
        Change(cli: ["agency", "edit", "ITUC", "--name", "ITUC"],
               method: "PATCH", path: "/api/v1/agencies/ITUC", body: ["name": "ITUC"]),
        // The reporting cycle (DESIGN §10).
        Change(cli: ["period", "add", "2014-H1", "--title", "First half of 2014", "--from", "2014-01-01", "--to", "2014-06-30",
                     "--deadline", "2014-07-15"],
               method: "POST", path: "/api/v1/periods",
               body: ["code": "2014-H1", "title": "First half of 2014", "from": "2014-01-01", "to": "2014-06-30", "deadline": "2014-07-15"]),
        Change(cli: ["update", "write", "rights-1", "--period", "2014-H1", "--status", "on-track", "--achievements", "Chapters in.\n\nMore to come."],
               method: "PUT", path: "/api/v1/activities/rights-1/updates/2014-H1",
               body: ["status": "on-track", "achievements": "Chapters in.\n\nMore to come."]),
        Change(cli: ["update", "submit", "rights-1", "--period", "2014-H1"],
               method: "POST", path: "/api/v1/activities/rights-1/updates/2014-H1/submit", body: [:]),
        Change(cli: ["update", "return", "rights-1", "--period", "2014-H1", "--note", "Name the regions"],
               method: "POST", path: "/api/v1/activities/rights-1/updates/2014-H1/return", body: ["note": "Name the regions"], by: "chair"),
        Change(cli: ["update", "write", "rights-1", "--period", "2014-H1", "--next-steps", "Launch", "--challenges", "Late funding"],
               method: "PUT", path: "/api/v1/activities/rights-1/updates/2014-H1", body: ["next-steps": "Launch", "challenges": "Late funding"]),
        Change(cli: ["update", "submit", "rights-1", "--period", "2014-H1"],
               method: "POST", path: "/api/v1/activities/rights-1/updates/2014-H1/submit", body: [:]),
        Change(cli: ["update", "approve", "rights-1", "--period", "2014-H1", "--note", "Thank you"],
               method: "POST", path: "/api/v1/activities/rights-1/updates/2014-H1/approve", body: ["note": "Thank you"], by: "chair"),
        Change(cli: ["update", "reopen", "rights-1", "--period", "2014-H1", "--note", "A correction"],
               method: "POST", path: "/api/v1/activities/rights-1/updates/2014-H1/reopen", body: ["note": "A correction"], by: "chair"),
        Change(cli: ["period", "lock", "2014-H1", "--note", "Sent to the Principals"],
               method: "POST", path: "/api/v1/periods/2014-H1/lock", body: ["note": "Sent to the Principals"]),
        Change(cli: ["period", "unlock", "2014-H1", "--note", "A late correction"],
               method: "POST", path: "/api/v1/periods/2014-H1/unlock", body: ["note": "A late correction"]),
    ] }

    /// The plan's events without the moment each was recorded and its id.
    static func events(_ sandbox: ServerSandbox) throws -> [NSDictionary] {
        let log = try sandbox.mawp(["log", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])
        return (json["events"] as? [[String: Any]] ?? []).map { event in
            var kept = event
            kept["recordedAt"] = nil
            kept["id"] = nil
            return kept as NSDictionary
        }
    }

    @Test func theCLIAndTheAPIRecordTheSameEventsForEveryChangeTheyBothMake() async throws {
        let (cli, api) = (try ServerTests.plan(), try ServerTests.plan())
        for sandbox in [cli, api] {
            try sandbox.user("secretariat", agency: "IOM", role: "admin")
            try sandbox.user("chair", agency: "OHCHR", role: "editor")
        }
        let tokens = ["secretariat": try api.token("secretariat"), "chair": try api.token("chair")]
        try api.start()
        for change in Self.changes {
            let made = try cli.mawp(change.cli + ["--by", change.by])
            #expect(made.status == 0, "mawp \(change.cli.joined(separator: " ")): \(made.stderr)")
            let reply = try await api.request(change.method, change.path, json: change.body, token: tokens[change.by])
            #expect((200...201).contains(reply.status), "\(change.method) \(change.path): \(reply.text)")
            let (byCLI, byAPI) = (try Self.events(cli), try Self.events(api))
            #expect(byCLI.count == byAPI.count, "\(change.cli.joined(separator: " ")): as many events")
            #expect(byCLI.last == byAPI.last, "\(change.cli.joined(separator: " ")):\n CLI \(byCLI.last ?? [:])\n API \(byAPI.last ?? [:])")
        }
        // The links' meaning, once: the chair's link stayed through the edit of the recommendations'.
        let shown = try cli.mawp(["activity", "show", "rights-2", "--format", "json", "--as-of", "2014-03-05"]).stdout
        let activity = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
        let links = (activity["links"] as? [[String: Any]] ?? []).map { "\($0["framework"] ?? ""):\($0["code"] ?? "")" }
        #expect(links.sorted() == ["chair-2014:1", "recommendations:G2"], "\(shown)")
        #expect((activity["agenda"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? Int } == [3], "\(shown)")
        #expect(try cli.mawp(["check"]).status == 0)
        #expect(try api.mawp(["check"]).status == 0)
    }
}
