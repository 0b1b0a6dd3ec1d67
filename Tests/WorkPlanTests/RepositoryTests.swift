import Foundation
import Testing
@testable import SQLite
@testable import WorkPlan

/// A new plan in its own temporary folder, removed when the test ends.
final class TemporaryPlan {
    let folder: URL
    let path: String
    let store: PlanStore
    let author = PlanStore.Author(name: "tester", today: Day("2014-12-31") ?? .today())

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mawp-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("plan.sqlite").path
        store = try PlanStore.open(path: path, policy: .createIfMissing(createFolders: false)).0
    }

    func count(_ sql: String) throws -> Int { try store.db.scalarInt(sql) ?? -1 }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

func day(_ text: String) -> Day { Day(text) ?? .today() }

@Suite struct RepositoryTests {
    @Test func aNewPlanHoldsTheGMGReferenceData() throws {
        let plan = try TemporaryPlan()
        let groups = try plan.store.groups(asOf: day("2014-01-01"))
        #expect(groups.map(\.group.code) == ["mainstreaming", "data", "rights", "capacity", "decent-work"])
        #expect(groups[2].group.leads.map(\.agency) == ["OHCHR", "UNWOMEN", "UNICEF"])
        #expect(groups[2].group.leads.allSatisfy { $0.role == .coChair })
        #expect(groups[3].group.kind == .taskForce)
        #expect(groups[3].group.leads.map(\.agency) == ["UNITAR", "IOM"])
        #expect(groups[3].group.leads.allSatisfy { $0.role == .coConvener })
        let agencies = try plan.store.agencies(asOf: day("2014-01-01"))
        #expect(agencies.count == 16)
        #expect(agencies.first { $0.agency.code == "UNWOMEN" }?.agency.name == "UN Women")
        let agenda = try plan.store.agenda(asOf: day("2014-01-01"))
        #expect(agenda.map(\.point.number) == Array(1...8))
        #expect(agenda.first?.point.title == "Protect the human rights of all migrants")
        #expect(agenda.last?.point.title == "Enhance migration partnerships and cooperation")
        #expect(try plan.count("SELECT count(*) FROM event") == 0)
        #expect(try plan.store.schemaVersion() == PlanStore.migrator.latestVersion)
    }

    @Test func activitiesAreNumberedPerGroupAndNeverReused() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        #expect(try store.addActivity(.init(group: "data", title: "One"), by: plan.author).description == "data-1")
        #expect(try store.addActivity(.init(group: "data", title: "Two"), by: plan.author).description == "data-2")
        #expect(try store.addActivity(.init(group: "decent-work", title: "One"), by: plan.author).description == "decent-work-1")
        _ = try store.cancelActivity(ActivityRef(group: "data", number: 2), on: day("2014-05-01"), note: nil, by: plan.author)
        #expect(try store.addActivity(.init(group: "data", title: "Three"), by: plan.author).description == "data-3")
    }

    @Test func aFailedAddLeavesNothingBehind() throws {
        let plan = try TemporaryPlan()
        let new = PlanStore.NewActivity(group: "data", title: "Retreat", lead: "UNDESA", partners: ["IOM", "NOSUCH"])
        let error = try #require(throws: PlanError.self) { try plan.store.addActivity(new, by: plan.author) }
        #expect(error == .unknownAgency("NOSUCH"))
        #expect(try plan.count("SELECT count(*) FROM activity") == 0)
        #expect(try plan.count("SELECT count(*) FROM version_partner") == 0)
        #expect(try plan.count("SELECT count(*) FROM activity_version") == 0)
        #expect(try plan.count("SELECT count(*) FROM event") == 0)
    }

    @Test func unknownReferencesAreTypedErrorsThatSayWhatExists() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        let group = try #require(throws: PlanError.self) { try store.addActivity(.init(group: "nosuch", title: "x"), by: plan.author) }
        #expect(group == .unknownGroup("nosuch", known: ["mainstreaming", "data", "rights", "capacity", "decent-work"]))
        let activity = try #require(throws: PlanError.self) {
            try store.addMilestone(to: ActivityRef(group: "data", number: 4), title: "x", due: nil, by: plan.author)
        }
        #expect(activity == .unknownActivity(ActivityRef(group: "data", number: 4), last: nil))
        #expect(activity.description == "unknown activity 'data-4'")
        _ = try store.addActivity(.init(group: "data", title: "x"), by: plan.author)
        let milestone = try #require(throws: PlanError.self) {
            try store.setMilestone(MilestoneRef(activity: ActivityRef(group: "data", number: 1), number: 2), done: true,
                                   on: day("2014-01-01"), note: nil, by: plan.author)
        }
        #expect(milestone == .unknownMilestone(MilestoneRef(activity: ActivityRef(group: "data", number: 1), number: 2), last: nil))
        let range = try #require(throws: PlanError.self) {
            try store.addActivity(.init(group: "data", title: "x", start: day("2014-06-01"), end: day("2014-01-01")), by: plan.author)
        }
        #expect(range == .invalidDateRange(start: day("2014-06-01"), end: day("2014-01-01"), from: nil))
    }

    @Test func everyChangeWritesOneEventWithItsAuthorAndDate() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        _ = try store.addAgency(code: "UNHABITAT", name: "UN-Habitat", by: plan.author)
        _ = try store.addGroup(code: "youth", name: "Task Force on Youth", kind: .taskForce, leads: ["UNICEF", "UNFPA"], by: plan.author)
        let ref = try store.addActivity(.init(group: "youth", title: "Report", lead: "UNICEF"), by: plan.author)
        let milestone = try store.addMilestone(to: ref, title: "Draft", due: day("2014-11-30"), by: plan.author)
        #expect(try store.setMilestone(milestone, done: true, on: day("2014-12-18"), note: "released", by: plan.author) == .changed)
        #expect(try store.setMilestone(milestone, done: true, on: day("2014-12-20"), note: nil, by: plan.author)
                == .unchanged("youth-1.1 is already done (since 2014-12-18); nothing changed"))
        #expect(try store.setMilestone(milestone, done: false, on: day("2015-01-05"), note: nil, by: plan.author) == .changed)
        _ = try store.cancelActivity(ref, on: day("2015-02-01"), note: "merged", by: plan.author)
        let kinds = try store.db.prepare("SELECT kind, effective_on, actor FROM event ORDER BY id").map { "\($0.string(0)) \($0.string(1)) \($0.string(2))" }
        #expect(kinds == [
            "agency.added 2014-12-31 tester", "group.added 2014-12-31 tester", "activity.added 2014-12-31 tester",
            "milestone.added 2014-12-31 tester", "milestone.done 2014-12-18 tester", "milestone.reopened 2015-01-05 tester",
            "activity.cancelled 2015-02-01 tester",
        ])
        #expect(try plan.count("SELECT count(*) FROM event WHERE note = 'released'") == 1)
    }

    /// An import writes the events that made its milestones in one statement (SQLite's
    /// json_object) and projects them in another: the events read as `milestone add` writes
    /// them, and the rows as replaying the log makes them, whatever the titles hold.
    @Test func anImportsMilestoneEventsAreThoseACommandWrites() throws {
        let titles = ["Plain", "A \"quoted\" back\\slash", "Café — naïve 😀", "Line\u{2028}and\u{2029}paragraph", "Tab-free / slash"]
        let milestones = titles.enumerated().map { index, title in
            JSON.object([JSON.Member("ref", .string("data-1.\(index + 1)")), JSON.Member("title", .string(title)),
                         JSON.Member("due", index == 0 ? .null : .string("2014-0\(index + 1)-15"))])
        }
        let activity = JSON.object([JSON.Member("ref", .string("data-1")), JSON.Member("title", .string("Imported")),
                                    JSON.Member("lead", .string("IOM")), JSON.Member("milestones", .array(milestones))])
        let file = "{\"format\": \"mawp\", \"version\": 1, \"activities\": [\n" + activity.serialized() + "\n]}\n"
        let plan = try TemporaryPlan()
        let result = try withFile(Array(file.utf8)) { fd in try plan.store.importPlan(from: fd, format: .json, dryRun: false, by: plan.author) }
        #expect(result.problems.isEmpty, "\(result.problems)")
        let stored = try plan.store.db.prepare("SELECT details FROM event WHERE kind = 'milestone.added' ORDER BY milestone_id").map { $0.string(0) }
        let expected = titles.enumerated().map { index, title in
            PlanStore.milestoneAddedDetails(MilestoneRef(activity: ActivityRef(group: "data", number: 1), number: index + 1), title: title,
                                            due: index == 0 ? nil : Day("2014-0\(index + 1)-15"), addedOn: nil).serialized()
        }
        #expect(stored == expected)
        let rows = try plan.store.db.prepare("SELECT title, baseline_due, due_on, added_on, dropped_on FROM milestone ORDER BY number")
            .map { [$0.string(0), $0.optionalString(1) ?? "-", $0.optionalString(2) ?? "-", $0.optionalString(3) ?? "-", $0.optionalString(4) ?? "-"] }
        #expect(rows.map { $0[0] } == titles)
        #expect(rows.map { $0[1] } == ["-", "2014-02-15", "2014-03-15", "2014-04-15", "2014-05-15"])
        #expect(rows.map { $0[2] } == rows.map { $0[1] })
        #expect(try plan.store.check().isEmpty)
    }

    @Test func theEventLogIsAppendOnly() throws {
        let plan = try TemporaryPlan()
        _ = try plan.store.addActivity(.init(group: "data", title: "x"), by: plan.author)
        #expect(throws: SQLiteError.self) { try plan.store.db.execute("UPDATE event SET actor = 'someone else'") }
        #expect(throws: SQLiteError.self) { try plan.store.db.execute("DELETE FROM event") }
        #expect(try plan.count("SELECT count(*) FROM event WHERE actor = 'tester'") == 1)
    }

    @Test func theReportFollowsTheProgressRules() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        let a = try store.addActivity(.init(group: "data", title: "Retreats", start: day("2014-01-01")), by: plan.author)
        let b = try store.addActivity(.init(group: "data", title: "Indicator set"), by: plan.author)
        let a1 = try store.addMilestone(to: a, title: "January retreat", due: day("2014-01-31"), by: plan.author)
        let a2 = try store.addMilestone(to: a, title: "October retreat", due: day("2014-10-31"), by: plan.author)
        let b1 = try store.addMilestone(to: b, title: "Side event", due: day("2015-03-04"), by: plan.author)
        _ = try store.setMilestone(a1, done: true, on: day("2014-01-21"), note: nil, by: plan.author)
        _ = try store.setMilestone(a2, done: true, on: day("2014-10-17"), note: nil, by: plan.author)
        _ = try store.setMilestone(a2, done: false, on: day("2014-11-01"), note: nil, by: plan.author)
        _ = try store.setMilestone(b1, done: true, on: day("2015-03-04"), note: nil, by: plan.author)

        func data(_ date: String) throws -> ProgressCounts { try store.report(asOf: day(date), group: "data").groups[0].progress }
        #expect(try data("2014-01-20") == ProgressCounts(activities: 2, milestones: 3, milestonesDone: 0, overdue: 0))
        #expect(try data("2014-01-21") == ProgressCounts(activities: 2, milestones: 3, milestonesDone: 1, overdue: 0))
        #expect(try data("2014-10-31") == ProgressCounts(activities: 2, milestones: 3, milestonesDone: 2, overdue: 0))
        #expect(try data("2014-11-01") == ProgressCounts(activities: 2, milestones: 3, milestonesDone: 1, overdue: 1))
        #expect(try data("2015-03-05") == ProgressCounts(activities: 2, milestones: 3, milestonesDone: 2, overdue: 1))

        let statuses = try store.activities(.init(), asOf: day("2015-03-05")).map(\.status)
        #expect(statuses == [.inProgress, .completed])
        #expect(try store.activities(.init(), asOf: day("2013-12-31")).map(\.status) == [.planned, .planned])

        _ = try store.cancelActivity(b, on: day("2015-01-01"), note: nil, by: plan.author)
        #expect(try data("2014-12-31") == ProgressCounts(activities: 2, milestones: 3, milestonesDone: 1, overdue: 1))
        #expect(try data("2015-01-01") == ProgressCounts(activities: 1, milestones: 2, milestonesDone: 1, overdue: 1))
        let report = try store.report(asOf: day("2015-01-01"))
        #expect(report.groups.count == 5)
        #expect(report.totals == ProgressCounts(activities: 1, milestones: 2, milestonesDone: 1, overdue: 1))
        #expect(report.totals.percentComplete == 50)
    }

    /// The report's SQL and the repository's replay of the event log must agree on every
    /// milestone's state, whatever the order and dates of its done/reopened events.
    /// Random histories of done, reopen and reschedule, against a model of the rules kept here:
    /// the store answers as the rules say on every date, from the row or from the events.
    @Test func theRulesHoldOnRandomHistoriesOfDoneReopenAndReschedule() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        var generator = SplitMix(seed: 2014)
        func randomDay() -> Day { Day(dayNumber: 16_000 + Int(generator.next() % 400)) ?? .today() }
        let ref = try store.addActivity(.init(group: "rights", title: "Random"), by: plan.author)
        // The model: per milestone its baseline due date, its reschedules and done/reopen events
        // (effective date, order of recording, value).
        var baseline: [Day] = []
        var schedule: [[(on: Day, order: Int, due: Day)]] = []
        var status: [[(on: Day, order: Int, done: Bool)]] = []
        let milestones = try (0..<40).map { index -> MilestoneRef in
            baseline.append(randomDay())
            schedule.append([])
            status.append([])
            return try store.addMilestone(to: ref, title: "m\(index)", due: baseline[index], by: plan.author)
        }
        func done(_ index: Int, asOf date: Day) -> Bool {
            status[index].filter { $0.on <= date }.max { ($0.on, $0.order) < ($1.on, $1.order) }?.done ?? false
        }
        func due(_ index: Int, asOf date: Day) -> Day {
            schedule[index].filter { $0.on <= date }.max { ($0.on, $0.order) < ($1.on, $1.order) }?.due ?? baseline[index]
        }
        for order in 0..<400 {
            let index = Int(generator.next() % UInt64(milestones.count))
            let date = randomDay()
            if generator.next() % 4 == 0 {
                let new = randomDay()
                if try store.editMilestone(milestones[index], title: nil, due: new, on: date, note: nil, by: plan.author) == .changed {
                    schedule[index].append((date, order, new))
                }
            } else {
                let value = generator.next() % 2 == 0
                if try store.setMilestone(milestones[index], done: value, on: date, note: nil, by: plan.author) == .changed {
                    status[index].append((date, order, value))
                }
                #expect(done(index, asOf: date) == value, "the store and the model agree on what changed")
            }
        }
        for offset in stride(from: -5, through: 405, by: 7) {
            let asOf = Day(dayNumber: 16_000 + offset) ?? .today()
            let states = try store.activity(ref, asOf: asOf).milestones
            for (index, state) in states.enumerated() {
                #expect(state.done == done(index, asOf: asOf), "\(state.ref) done as of \(asOf)")
                #expect(state.due == due(index, asOf: asOf), "\(state.ref) due as of \(asOf)")
            }
            let reported = try store.report(asOf: asOf, group: "rights").groups[0].progress
            #expect(reported.milestonesDone == (0..<40).filter { done($0, asOf: asOf) }.count, "as of \(asOf)")
            #expect(reported.overdue == (0..<40).filter { !done($0, asOf: asOf) && due($0, asOf: asOf) < asOf }.count, "as of \(asOf)")
        }
        #expect(try store.check().isEmpty)
    }

    @Test func openingRefusesMissingAndForeignFiles() throws {
        let plan = try TemporaryPlan()
        let missing = plan.folder.appendingPathComponent("missing.sqlite").path
        #expect(throws: StorageError.noDatabase(path: missing)) { try PlanStore.open(path: missing, policy: .existing) }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let foreign = plan.folder.appendingPathComponent("foreign.sqlite").path
        try Connection(path: foreign, mode: .readWriteCreate).execute("CREATE TABLE notes (text)")
        // The library says what it found; each front end words it (the CLI: "not a mawp database").
        #expect(throws: StorageError.foreignDatabase(path: foreign, applicationID: 0)) {
            try PlanStore.open(path: foreign, policy: .createIfMissing(createFolders: false))
        }
    }
}

/// A small deterministic generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct DashboardTests {
    @Test func theBurnUpCountsDueAndDoneMilestonesAtEachMonthEnd() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        let a = try store.addActivity(.init(group: "data", title: "A", agenda: [7, 6]), by: plan.author)
        let m1 = try store.addMilestone(to: a, title: "One", due: day("2013-03-15"), by: plan.author)
        let m2 = try store.addMilestone(to: a, title: "Two", due: day("2014-01-31"), by: plan.author)
        _ = try store.addMilestone(to: a, title: "Three", due: day("2015-06-30"), by: plan.author)
        _ = try store.setMilestone(m1, done: true, on: day("2013-02-10"), note: nil, by: plan.author)
        _ = try store.setMilestone(m2, done: true, on: day("2013-05-05"), note: nil, by: plan.author)
        _ = try store.setMilestone(m2, done: false, on: day("2013-08-01"), note: nil, by: plan.author)
        _ = try store.setMilestone(m2, done: true, on: day("2014-02-03"), note: nil, by: plan.author)

        let dashboard = try store.dashboard(asOf: day("2014-06-30"), frameworks: ["agenda"])
        func point(_ date: String) -> BurnUpPoint? { dashboard.burnUp.first { $0.date == day(date) } }
        #expect(dashboard.burnUp.first?.date == day("2013-01-01"))
        #expect(dashboard.burnUp.last?.date == day("2015-12-31"))
        #expect(point("2013-01-31") == BurnUpPoint(date: day("2013-01-31"), due: 0, done: 0))
        #expect(point("2013-02-28") == BurnUpPoint(date: day("2013-02-28"), due: 0, done: 1))
        #expect(point("2013-03-31") == BurnUpPoint(date: day("2013-03-31"), due: 1, done: 1))
        #expect(point("2013-05-31")?.done == 2)
        #expect(point("2013-08-31")?.done == 1)
        #expect(point("2014-01-31") == BurnUpPoint(date: day("2014-01-31"), due: 2, done: 1))
        #expect(point("2014-02-28")?.done == 2)
        #expect(point("2014-06-30") == BurnUpPoint(date: day("2014-06-30"), due: 2, done: 2))
        #expect(point("2014-07-31") == BurnUpPoint(date: day("2014-07-31"), due: 2, done: nil), "nothing is known after the date")
        #expect(point("2015-12-31")?.due == 3)
        let agenda = try #require(dashboard.report.coverage.first)
        #expect(agenda.matrix["data"] == ["6": 1, "7": 1])
        #expect(agenda.gaps.map(\.point.ref.code).contains("6") == false)
        #expect(dashboard.overdue.isEmpty)

        let later = try store.dashboard(asOf: day("2015-08-01"))
        #expect(later.overdue.map(\.ref.description) == ["data-1.3"])
        #expect(later.overdue.first?.daysOverdue == 32)
        #expect(!later.burnUp.contains { $0.date > day("2015-08-01") && $0.done != nil })
    }

    /// The burn-up counts milestones without a history from their dates and evaluates the rules
    /// at each date for the others: both ways give the same points, for the whole plan and for
    /// one group, on dates before, within and after the histories.
    @Test func theBurnUpFromDatesAgreesWithTheRulesAtEachDate() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        let a = try store.addActivity(.init(group: "data", title: "Plain"), by: plan.author)
        let b = try store.addActivity(.init(group: "data", title: "Added later", addedOn: day("2013-09-01")), by: plan.author)
        let c = try store.addActivity(.init(group: "rights", title: "Cancelled"), by: plan.author)
        var plain: [MilestoneRef] = []
        for (n, due) in ["2013-02-10", "2013-06-30", "2014-01-31", "2014-11-15", "2015-12-31"].enumerated() {
            plain.append(try store.addMilestone(to: a, title: "Plain \(n)", due: day(due), by: plan.author))
        }
        _ = try store.addMilestone(to: a, title: "No date", due: nil, by: plan.author)
        _ = try store.setMilestone(plain[0], done: true, on: day("2013-02-01"), note: nil, by: plan.author)
        _ = try store.setMilestone(plain[1], done: true, on: day("2013-07-15"), note: nil, by: plan.author)
        let reopened = try store.addMilestone(to: a, title: "Reopened", due: day("2013-04-30"), by: plan.author)
        _ = try store.setMilestone(reopened, done: true, on: day("2013-04-01"), note: nil, by: plan.author)
        _ = try store.setMilestone(reopened, done: false, on: day("2013-10-01"), note: nil, by: plan.author)
        let moved = try store.addMilestone(to: a, title: "Rescheduled twice", due: day("2013-05-31"), by: plan.author)
        _ = try store.editMilestone(moved, title: nil, due: day("2014-03-31"), on: day("2013-05-01"), note: nil, by: plan.author)
        _ = try store.editMilestone(moved, title: nil, due: day("2014-09-30"), on: day("2014-02-01"), note: nil, by: plan.author)
        let once = try store.addMilestone(to: a, title: "Rescheduled once", due: day("2013-08-31"), by: plan.author)
        _ = try store.editMilestone(once, title: nil, due: day("2013-12-31"), on: day("2013-08-01"), note: nil, by: plan.author)
        let dropped = try store.addMilestone(to: a, title: "Dropped", due: day("2014-04-30"), by: plan.author)
        _ = try store.dropMilestone(dropped, on: day("2014-03-01"), note: nil, by: plan.author)
        _ = try store.addMilestone(to: a, title: "Added on a date", due: day("2014-02-28"), addedOn: day("2013-11-01"), by: plan.author)
        let late = try store.addMilestone(to: b, title: "Of an activity added later", due: day("2013-10-31"), by: plan.author)
        _ = try store.setMilestone(late, done: true, on: day("2013-10-15"), note: nil, by: plan.author)
        for due in ["2013-03-31", "2014-06-30"] {
            _ = try store.addMilestone(to: c, title: "Of a cancelled activity", due: day(due), by: plan.author)
        }
        _ = try store.cancelActivity(c, on: day("2014-05-01"), note: nil, by: plan.author)

        let groups: [Int64?] = [nil] + (try ["data", "rights"].map { try store.groupRow($0).id })
        for asOf in ["2013-01-15", "2013-09-15", "2014-02-14", "2014-12-31", "2016-01-01"].map(day) {
            for group in groups {
                let fromDates = try store.read { try store.burnUp(asOf: asOf, groupID: group) }
                let byTheRules = try store.read { try store.burnUp(asOf: asOf, groupID: group, byTheRules: true) }
                #expect(fromDates == byTheRules, "as of \(asOf), group \(group.map(String.init) ?? "all")")
                if group == nil {
                    #expect(fromDates.contains { ($0.done ?? 0) > 0 } == (asOf > day("2013-02-01")), "the plan has points to compare")
                    #expect(fromDates.last?.due == 10 || asOf < day("2015-12-31"), "dropped, undated and cancelled milestones are not counted")
                }
            }
        }
    }
}

/// The updates waiting for a review are those `may(_, .reviewUpdate)` allows, for every kind of
/// caller, found from the groups the caller may review rather than by asking for each update.
@Suite struct ReviewListTests {
    static func caller(_ name: String, _ agency: String, _ role: Role, readOnly: Bool = false, disabled: Bool = false) -> Authenticated {
        Authenticated(account: Account(id: 0, name: name, agency: agency, role: role, isDisabled: disabled, hasPassword: true,
                                       createdAt: "2014-01-01T00:00:00Z", email: nil, reminders: .off),
                      readOnly: readOnly, tokenID: nil)
    }

    @Test func theListHoldsWhatTheRuleAllowsForEveryCaller() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        _ = try store.addPeriod(ReportingPeriod(code: "2014-H1", title: "First half", from: day("2014-01-01"), to: day("2014-06-30"),
                                                deadline: day("2014-07-15"), locked: false), by: plan.author)
        var refs: [ActivityRef] = []
        for (group, lead) in [("rights", "UNICEF"), ("rights", "ILO"), ("data", "IOM"), ("decent-work", "ILO"), ("capacity", "UNITAR")] {
            let ref = try store.addActivity(.init(group: group, title: "Of \(group) led by \(lead)", lead: lead), by: plan.author)
            let author = PlanStore.Author(name: lead == "UNICEF" ? "amina" : "writer", today: day("2014-07-01"))
            _ = try store.writeUpdate(ref, period: "2014-H1", UpdateText(status: .onTrack, achievements: "Done"), by: author)
            if group != "capacity" { _ = try store.moveUpdate(ref, period: "2014-H1", .submit, note: nil, by: author) }
            refs.append(ref)
        }
        let callers = [
            Self.caller("admin", "DCO", .admin), Self.caller("amina", "UNICEF", .editor), Self.caller("ohchr", "OHCHR", .editor),
            Self.caller("iom", "IOM", .editor), Self.caller("ilo", "ILO", .editor), Self.caller("undp", "UNDP", .editor),
            Self.caller("viewer", "IOM", .viewer), Self.caller("reader", "IOM", .editor, readOnly: true),
            Self.caller("gone", "IOM", .editor, disabled: true),
        ]
        for who in callers {
            let listed = try store.updatesAwaitingReview(by: who).map(\.activity)
            let allowed = try refs.enumerated().filter { index, ref in
                try index != 4 && !(who.account.name == "amina" && index == 0) && store.may(who, .reviewUpdate(ref))
            }.map(\.element)
            #expect(Set(listed) == Set(allowed) && listed.count == allowed.count, "\(who.account.name)")
        }
        #expect(try store.updatesAwaitingReview(by: callers[0]).count == 4, "an admin reviews every submitted update")
        #expect(try store.updatesAwaitingReview(by: callers[1]).map(\.activity.description) == ["rights-2"], "not one's own submission")
        #expect(try store.updatesAwaitingReview(by: callers[1]).map(\.title) == ["Of rights led by ILO"], "the activity's title, not the period's")
        #expect(try store.updatesAwaitingReview(by: callers[3]).map(\.activity.description) == ["data-1", "decent-work-1"])
        _ = try store.setPeriod("2014-H1", locked: true, note: nil, by: plan.author)
        #expect(try store.updatesAwaitingReview(by: callers[0]).isEmpty, "a locked period's updates wait for nobody")
    }
}
