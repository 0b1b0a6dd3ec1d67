import Foundation
import Testing

/// An agency with more activities and overdue milestones than a page shows: `/my-agency` pages
/// its activities and shows the first items of each attention list under the number in all,
/// and the dashboard the longest overdue milestones under theirs. A file's report lists all.
@Suite struct LongListTests {
    /// 130 activities of `rights` led by UNICEF, each with one milestone due in 2014 and never
    /// done (overdue today); activity N's milestone is due on day N of 2014.
    static func largeAgency() throws -> ServerSandbox {
        let sandbox = try ServerSandbox()
        var csv = "group,activity,activityTitle,lead,milestone,milestoneTitle,due\r\n"
        for n in 1...130 {
            let due = Calendar(identifier: .gregorian).date(byAdding: .day, value: n - 1, to: DateComponents(
                calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2014, month: 1, day: 1).date!)!
            let text = ISO8601DateFormatter.string(from: due, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
            csv += "rights,rights-\(n),Activity \(n),UNICEF,rights-\(n).1,Milestone of \(n),\(text)\r\n"
        }
        let file = sandbox.path("plan.csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try sandbox.mawp(["import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        return sandbox
    }

    static func refs(_ page: String, in id: String) -> [String] {
        guard let table = page.firstMatch(of: try! Regex("<(?:table|ul) id=\"\(id)\"(?s:.*?)</(?:table|ul)>")) else { return [] }
        return String(page[table.range]).matches(of: /<a href="\/activities\/(rights-\d+)(?:#m-[^"]*)?">/).map { String($0.1) }
    }

    @Test func myAgencyPagesItsActivitiesAndCountsWhatItDoesNotShow() async throws {
        let sandbox = try Self.largeAgency()
        try sandbox.start()
        let (session, _) = try await WebTests.signIn(sandbox, "amina")

        let first = try await sandbox.request("GET", "/my-agency", cookie: session)
        #expect(first.status == 200)
        #expect(first.text.contains("<h2>Its activities (130)</h2>"))
        #expect(first.text.contains("Showing 1–100 of 130 activities, page 1 of 2."))
        let onFirst = Self.refs(first.text, in: "my-activities")
        #expect(onFirst.count == 100)
        #expect(onFirst.first == "rights-1", "the longest overdue first")
        #expect(first.text.contains("<a href=\"/my-agency?page=2\" rel=\"next\">Next</a>"))
        #expect(!first.text.contains("rel=\"prev\""))
        // Needs attention: the 25 most overdue of 130.
        #expect(first.text.contains("<h3>Overdue (130)</h3>"))
        #expect(first.text.contains("The first 25 of 130, most overdue first"))
        #expect(Self.refs(first.text, in: "attention-overdue") == (1...25).map { "rights-\($0)" })

        let second = try await sandbox.request("GET", "/my-agency?page=2", cookie: session)
        let onSecond = Self.refs(second.text, in: "my-activities")
        #expect(onSecond.count == 30)
        #expect(Set(onFirst + onSecond) == Set((1...130).map { "rights-\($0)" }), "every activity on one of the pages")
        #expect(second.text.contains("<a href=\"/my-agency?page=1\" rel=\"prev\">Previous</a>"))
        #expect(second.text.contains("Showing 101–130 of 130 activities, page 2 of 2."))
        // A page past the last shows the last; a page that is not a number is refused.
        #expect(Self.refs(try await sandbox.request("GET", "/my-agency?page=99", cookie: session).text, in: "my-activities") == onSecond)
        for wrong in ["0", "-1", "two", "1e3", "99999999999999999999"] {
            let refused = try await sandbox.request("GET", "/my-agency?page=\(wrong)", cookie: session)
            #expect(refused.status == 400, "page=\(wrong)")
            #expect(refused.text.contains("is not a page number"), "page=\(wrong): \(refused.text.prefix(300))")
        }
    }

    @Test func theLogPageShowsAPageOfTheLogTheNewestFirst() async throws {
        let sandbox = try Self.largeAgency()
        let total = Int(try sandbox.runBeside("/usr/bin/sqlite3", [sandbox.db, "SELECT count(*) FROM event"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(total > 200 && total <= 400, "two pages of 200: \(total)")
        try sandbox.start()
        let (session, _) = try await WebTests.signIn(sandbox, "amina")
        func rows(_ page: String) -> Int {
            guard let table = page.firstMatch(of: /<table id="log">(?s:.*?)<\/table>/) else { return 0 }
            return String(page[table.range]).components(separatedBy: "<tr>").count - 2  // less the header's row
        }
        let newest = try await sandbox.request("GET", "/log", cookie: session)
        #expect(newest.status == 200)
        #expect(rows(newest.text) == total - 200, "the last page by default")
        #expect(newest.text.contains("Showing 201–\(total) of \(total) events, page 2 of 2."))
        #expect(newest.text.contains("<a href=\"/log?page=1\" rel=\"prev\">Previous</a>"))
        let first = try await sandbox.request("GET", "/log?page=1", cookie: session)
        #expect(rows(first.text) == 200)
        #expect(try await sandbox.request("GET", "/log?page=x", cookie: session).status == 400)
    }

    @Test func theDashboardShowsTheLongestOverdueAndAFileListsThemAll() async throws {
        let sandbox = try Self.largeAgency()
        try sandbox.start()
        let (session, _) = try await WebTests.signIn(sandbox, "amina")
        let dashboard = try await sandbox.request("GET", "/", cookie: session)
        #expect(dashboard.text.contains("<h2>Overdue milestones (130)</h2>"))
        #expect(dashboard.text.contains("The 100 longest overdue are shown"))
        let overdue = try #require(dashboard.text.firstMatch(of: /<table class="overdue">(?s:.*?)<\/table>/))
        let shown = String(dashboard.text[overdue.range]).matches(of: /<a href="\/activities\/rights-\d+#m-(rights-\d+\.1)">/).map { String($0.1) }
        #expect(shown == (1...100).map { "rights-\($0).1" })
        let file = try sandbox.mawp(["report", "--format", "html"]).stdout
        #expect(file.contains("<h2>Overdue milestones (130)</h2>"))
        #expect(!file.contains("longest overdue are shown"))
        #expect(file.components(separatedBy: "<td class=\"ref\">rights-").count - 1 == 130)
    }
}

/// Reads wait for a reader in a bounded queue: past it a read is answered 503 with
/// `Retry-After` at once, and a request's credentials are looked up on a connection of their
/// own, so that a change still goes through while the readers are busy.
@Suite struct ReadQueueTests {
    @Test func aReadPastTheQueueIsRefusedAtOnceAndChangesStillPass() async throws {
        let sandbox = try LongListTests.largeAgency()
        let token = try sandbox.token("amina")
        try sandbox.start(["--readers", "1", "--max-waiting-reads", "0"])
        // Six clients at once, each reading the whole report as HTML ten times over.
        let replies = try await withThrowingTaskGroup(of: [ServerSandbox.Reply].self) { group in
            for _ in 0..<6 {
                group.addTask {
                    var replies: [ServerSandbox.Reply] = []
                    for _ in 0..<10 {
                        replies.append(try await sandbox.request("GET", "/api/v1/report", token: token, headers: ["Accept": "text/html"]))
                    }
                    return replies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let statuses = Set(replies.map(\.status))
        #expect(statuses.isSubset(of: [200, 503]), "\(statuses)")
        #expect(replies.contains { $0.status == 200 })
        let refused = try #require(replies.first { $0.status == 503 }, "one reader and no queue: six clients at once are refused some reads")
        #expect(refused.header("Retry-After") == "1")
        #expect(refused.text.contains("the server is busy with other requests; try again shortly"))
        // A change signs in on the credentials' connection, beside the reads.
        let done = try await sandbox.request("POST", "/api/v1/milestones/rights-7.1/done", json: ["on": "2014-12-01"], token: token)
        #expect(done.status == 200, "\(done.text)")
        #expect(try await sandbox.request("GET", "/healthz").status == 200)
    }

    @Test func theServerRefusesQueueSettingsOutOfRange() throws {
        let sandbox = try ServerSandbox()
        for arguments in [["--readers", "0"], ["--readers", "65"], ["--max-waiting-reads", "-1"], ["--max-waiting-reads", "100001"]] {
            let outcome = try sandbox.runBeside(ServerSandbox.binaries.appendingPathComponent("mawp-server").path, ["--db", sandbox.db, "--port", "0"] + arguments)
            #expect(outcome.status == 64, "\(arguments): \(outcome.output)")
        }
    }
}
