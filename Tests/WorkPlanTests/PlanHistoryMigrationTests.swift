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
