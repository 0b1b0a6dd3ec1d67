import Foundation
import SQLite
import Testing

/// Hostile text and hostile files: stored verbatim or refused cleanly, never a crash.
@Suite struct HostileInputTests {
    static let texts: [String] = [
        "'); DROP TABLE activity;--",
        "100% of _all_ %s %n %x",
        "back\\slash \\\\ and \\n not a newline",
        "\"double\" 'single' `back`",
        "emoji 👩🏽‍💼🇺🇳 and a ZWJ",
        "right-to-left مهاجرون \u{202E}reversed\u{202C}",
        "caf\u{00E9} (NFC)",
        "cafe\u{0301} (NFD)",
    ]

    /// Texts with control characters: refused in titles (DESIGN §8), not stored.
    static let refused: [String] = [
        "ANSI \u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{07} bell\u{07}",
        "line\nbreak\ttab\rreturn",
    ]

    @Test func hostileTextIsStoredAndExportedVerbatim() throws {
        let sandbox = try Sandbox()
        for text in Self.refused {
            try expectFailure(sandbox, ["activity", "add", "data", text, "--description", text], status: 65, message: "control character")
        }
        for (index, text) in Self.texts.enumerated() {
            let added = try sandbox.mawp("activity", "add", "data", "\(index): \(text)", "--description", text)
            #expect(added.stdout == "data-\(index + 1)\n", "\(text)")
            try sandbox.mawp("milestone", "add", "data-\(index + 1)", text)
        }
        let db = try Connection(path: sandbox.db, mode: .readOnly)
        let stored = try db.prepare("SELECT title, description FROM activity ORDER BY number").map { ($0.data(0), $0.data(1)) }
        for (index, text) in Self.texts.enumerated() {
            // Byte for byte: NFC and NFD stay distinct.
            #expect(stored[index].0 == Data("\(index): \(text)".utf8))
            #expect(stored[index].1 == Data(text.utf8))
        }
        #expect(Data(Self.texts[6].utf8) != Data(Self.texts[7].utf8))
        let export = try sandbox.mawp("export").stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(export.utf8)) as? [String: Any])
        let activities = try #require(json["activities"] as? [[String: Any]])
        for (index, text) in Self.texts.enumerated() {
            let title = try #require(activities[index]["title"] as? String)
            #expect(Data(title.utf8) == Data("\(index): \(text)".utf8))
        }
        for args in [["activity", "list"], ["report", "--group", "data"], ["activity", "show", "data-8"], ["log"], ["group", "show", "data"]] {
            let result = try sandbox.run(args + ["--db", sandbox.db])
            #expect(result.status == 0, "\(args): \(result.stderr)")
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E },
                    "\(args) printed control characters raw")
        }
    }

    @Test func aOneMegabyteTitleIsStoredAndExportedVerbatim() throws {
        let sandbox = try Sandbox()
        let title = String(repeating: "Migration and development 🌍 ", count: 1 << 20 / 29)
        let file = sandbox.path("big.json")
        let plan: [String: Any] = ["format": "mawp", "version": 1,
                                   "activities": [["ref": "data-1", "title": title, "milestones": [], "indicators": []]]]
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: file))
        let imported = try sandbox.mawp("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        let json = try sandbox.json("activity", "show", "data-1", "--format", "json")
        #expect(json["title"] as? String == title)
        #expect((json["title"] as? String)?.utf8.count ?? 0 > 1_000_000)
    }

    @Test func aBadDateOnRow5003IsReportedWithItsLine() throws {
        let sandbox = try Sandbox()
        var csv = "activity,activityTitle,milestone,milestoneTitle,due\r\n"
        for row in 2...6000 {
            let activity = (row - 2) / 10 + 1, milestone = (row - 2) % 10 + 1
            let due = row == 5003 ? "2014-02-30" : "2014-03-01"
            csv += "data-\(activity),Activity \(activity),data-\(activity).\(milestone),Step \(milestone),\(due)\r\n"
        }
        let file = sandbox.path("rows.csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        try expectFailure(sandbox, ["import", file], status: 65, message: "\(file):5003: due: '2014-02-30' is not a date")
    }

    @Test func aHundredMegabyteLineIsRefusedWithoutReadingItWhole() throws {
        let sandbox = try Sandbox()
        let file = sandbox.path("long.json")
        FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.write(contentsOf: Data("{\"format\": \"mawp\", \"activities\": [{\"ref\": \"data-1\", \"title\": \"".utf8))
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<100 { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data("\"}]}".utf8))
        try handle.close()
        let before = try sandbox.bytes()
        let result = try sandbox.run(["-c", "ulimit -v 400000; exec \"$0\" \"$@\"", Sandbox.binary.path, "import", file, "--db", sandbox.db],
                                     executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("\(file):1: a string longer than 4 MiB"))
        #expect(try sandbox.bytes() == before)
        try? FileManager.default.removeItem(atPath: file)
    }

    @Test func deeplyNestedJSONIsRefused() throws {
        let sandbox = try Sandbox()
        let file = sandbox.path("deep.json")
        try ("{\"format\": \"mawp\", \"activities\": [{\"ref\": \"data-1\", \"title\": \"x\", \"description\": "
             + String(repeating: "[", count: 1_000_000)).write(toFile: file, atomically: true, encoding: .utf8)
        try expectFailure(sandbox, ["import", file], status: 65, message: "nesting deeper than 64 levels")
    }

    @Test func aDamagedPageIsFoundByCheckAndNoCommandCrashes() throws {
        let sandbox = try Sandbox()
        for index in 1...40 {
            try sandbox.mawp("activity", "add", "data", "Activity \(index) " + String(repeating: "padding ", count: 40))
            try sandbox.mawp("milestone", "add", "data-\(index)", "Milestone " + String(repeating: "text ", count: 40))
        }
        #expect(try sandbox.mawp("check").status == 0)
        // Overwrite the activity table's root page, past its header.
        let db = try Connection(path: sandbox.db, mode: .readOnly)
        let page = try #require(try db.scalarInt("SELECT rootpage FROM sqlite_schema WHERE name = 'activity'"))
        let pageSize = try #require(try db.scalarInt("PRAGMA page_size"))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: sandbox.db))
        try handle.seek(toOffset: UInt64((page - 1) * pageSize + 8))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize - 16))
        try handle.close()
        let check = try sandbox.mawp("check")
        #expect(check.status == 65)
        #expect(check.stdout.isEmpty)
        #expect(check.stderr.contains("integrity"))
        for args in [["report"], ["activity", "list"], ["activity", "show", "data-1"], ["milestone", "add", "data-1", "x"],
                     ["export"], ["log"], ["agenda"]] {
            let result = try sandbox.run(args + ["--db", sandbox.db])
            #expect(result.status == 0 || (64...77).contains(result.status), "\(args) exited \(result.status): \(result.stderr)")
            if result.status != 0 { #expect(result.stderr.hasPrefix("Error: ")) }
        }
    }
}
