import Foundation
import Testing
@testable import SQLite
@testable import WorkPlan

/// Migration 0005 (plan history) on a plan written by the schema before it.
@Suite struct PlanHistoryMigrationTests {
    @Test func aVersionFourPlanKeepsEveryRowAndGainsTheEventsItLacked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mawp-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        do {
            let db = try Connection(path: path, mode: .readWriteCreate)
            let old = Migrator(applicationID: PlanStore.applicationID, migrations: EmbeddedMigrations.all.filter { $0.version <= 4 })
            try old.migrate(db)
            // As version 4 stored a CSV import: rows, with done and cancelled events but no "added" ones.
            try db.execute("""
                INSERT INTO activity (id, group_id, number, title, description, lead_agency_id, start_on, end_on, cancelled_on)
                VALUES (1, 2, 1, 'Retreats', NULL, (SELECT id FROM agency WHERE code = 'UNDESA'), '2014-01-01', '2014-12-31', NULL),
                       (2, 2, 2, 'Atlas', 'A map', NULL, NULL, NULL, '2014-05-01');
                INSERT INTO activity_partner (activity_id, agency_id) SELECT 1, id FROM agency WHERE code IN ('IOM', 'WORLDBANK');
                INSERT INTO activity_agenda (activity_id, point) VALUES (1, 7), (1, 8);
                INSERT INTO milestone (id, activity_id, number, title, due_on, done_on, status_changes)
                VALUES (1, 1, 1, 'First', '2014-01-31', '2014-01-21', 1), (2, 1, 2, 'Second', '2014-10-31', NULL, 0);
                INSERT INTO event (kind, effective_on, recorded_at, actor, group_id, activity_id, milestone_id, details)
                VALUES ('milestone.done', '2014-01-21', '2014-01-22T10:00:00.000Z', 'csv', 2, 1, 1, '{"ref":"data-1.1"}');
                """)
        }
        let (store, outcome) = try PlanStore.open(path: path, policy: .existing)
        #expect(outcome == .upgraded(from: 4, to: PlanStore.migrator.latestVersion))
        #expect(try store.check().isEmpty)

        let detail = try store.activity(ActivityRef(group: "data", number: 1), asOf: day("2014-06-30"))
        #expect(detail.summary.lead == "UNDESA")
        #expect(detail.partners == ["IOM", "WORLDBANK"])
        #expect(detail.agenda.map(\.number) == [7, 8])
        #expect(detail.summary.start == day("2014-01-01"))
        #expect(detail.milestones.map(\.done) == [true, false])
        let report = try store.report(asOf: day("2014-06-30"), group: "data")
        #expect(report.totals == ProgressCounts(activities: 1, milestones: 2, milestonesDone: 1, overdue: 0))
        let kinds = try store.db.prepare("SELECT kind FROM event ORDER BY id").map { $0.string(0) }
        #expect(kinds == ["milestone.done", "activity.added", "activity.added", "milestone.added", "milestone.added", "activity.cancelled"])
        // And it takes plan changes like a new plan.
        let author = PlanStore.Author(name: "tester", today: day("2014-12-31"))
        _ = try store.editMilestone(MilestoneRef(activity: ActivityRef(group: "data", number: 1), number: 2), title: nil,
                                    due: day("2015-03-31"), on: day("2014-09-01"), note: nil, by: author)
        #expect(try store.check().isEmpty)
    }
}

/// `--as-recorded`: the live plan less what was recorded later equals the log replayed from
/// the start, at every moment of a random history with changes of every kind.
@Suite struct AsRecordedTests {
    @Test func takingLaterEventsOutEqualsReplayingTheLogUpToThen() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        var generator = SplitMix(seed: 9)
        func pick(_ count: Int) -> Int { Int(generator.next() % UInt64(count)) }
        func randomDay() -> Day { Day(dayNumber: 15_800 + pick(900)) ?? .today() }
        let author = plan.author
        _ = try store.addAgency(code: "KNOMAD", name: "KNOMAD", by: author)
        var activities: [ActivityRef] = []
        var milestones: [MilestoneRef] = []
        for step in 0..<160 {
            switch step < 10 ? 0 : pick(10) {
            case 0:
                activities.append(try store.addActivity(.init(group: ["data", "rights", "capacity"][pick(3)], title: "a\(step)",
                                                              lead: "IOM", partners: ["ILO"], start: randomDay(), agenda: [pick(8) + 1],
                                                              addedOn: pick(3) == 0 ? randomDay() : nil), by: author))
            case 1, 2:
                // A cancelled activity takes no milestone (refused, nothing recorded).
                if let added = try? store.addMilestone(to: activities[pick(activities.count)], title: "m\(step)", due: randomDay(),
                                                       addedOn: pick(4) == 0 ? randomDay() : nil, by: author) {
                    milestones.append(added)
                }
            case 3, 4:
                guard !milestones.isEmpty else { continue }
                _ = try? store.setMilestone(milestones[pick(milestones.count)], done: pick(3) != 0, on: randomDay(), note: nil, by: author)
            case 5:
                guard !milestones.isEmpty else { continue }
                _ = try? store.editMilestone(milestones[pick(milestones.count)], title: pick(2) == 0 ? "t\(step)" : nil,
                                             due: randomDay(), on: randomDay(), note: nil, by: author)
            case 6:
                guard !milestones.isEmpty else { continue }
                _ = try store.dropMilestone(milestones[pick(milestones.count)], on: randomDay(), note: nil, by: author)
            case 7:
                _ = try? store.editActivity(activities[pick(activities.count)],
                                            .init(title: "e\(step)", lead: ["UNDP", "IOM", "KNOMAD"][pick(3)],
                                                  partners: [["UNFPA"], ["ILO", "WHO"], []][pick(3)], agenda: [pick(8) + 1]),
                                            on: randomDay(), note: nil, by: author)
            case 8:
                if pick(2) == 0 {
                    _ = try store.editAgency(code: ["IOM", "KNOMAD"][pick(2)], name: "renamed \(step)", by: author)
                } else {
                    _ = try store.editGroup(code: "data", name: "WG \(step)", leads: pick(2) == 0 ? ["UNDESA", "UNFPA"] : nil, by: author)
                }
            default:
                _ = try store.cancelActivity(activities[pick(activities.count)], on: randomDay(), note: nil, by: author)
            }
        }
        let moments = try store.db.prepare("SELECT DISTINCT recorded_at FROM event ORDER BY 1").map { $0.string(0) }
        #expect(moments.count > 10)
        for moment in moments.enumerated().filter({ $0.offset % 7 == 0 }).map(\.element) + ["2000-01-01T00:00:00.000Z"] {
            let time = try #require(RecordedTime(moment))
            let fast = try store.asRecorded(at: time), full = try store.replayed(upTo: time)
            for date in ["2013-06-30", "2014-06-30", "2015-06-30", "2016-06-30"].map(day) {
                #expect(try fast.report(asOf: date) == full.report(asOf: date), "report as of \(date) as recorded at \(moment)")
                #expect(try fast.activities(.init(), asOf: date) == full.activities(.init(), asOf: date), "\(moment) \(date)")
                #expect(try fast.agencies(asOf: date) == full.agencies(asOf: date), "\(moment) \(date)")
                #expect(try fast.groups(asOf: date) == full.groups(asOf: date), "\(moment) \(date)")
                #expect(try fast.slippage(asOf: date) == full.slippage(asOf: date), "\(moment) \(date)")
                #expect(try fast.agenda(asOf: date) == full.agenda(asOf: date), "\(moment) \(date)")
            }
            for ref in activities.prefix(8) where (try? full.activity(ref, asOf: day("2015-01-01"))) != nil {
                #expect(try fast.activity(ref, asOf: day("2015-01-01")) == full.activity(ref, asOf: day("2015-01-01")), "\(ref) at \(moment)")
            }
        }
    }
}
