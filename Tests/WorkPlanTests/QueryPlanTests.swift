import Foundation
import Testing
@testable import SQLite
@testable import WorkPlan

/// The report must stay fast on large plans: its queries use their indexes (timings themselves
/// are measured by the benchmark, never asserted here).
@Suite struct QueryPlanTests {
    func plan(_ sql: String, in store: PlanStore) throws -> [String] {
        try store.db.prepare("EXPLAIN QUERY PLAN " + sql).map { $0.string(3) }
    }

    @Test func theReportQueriesUseTheirIndexes() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        let milestones = try self.plan(PlanStore.reportMilestonesSQL, in: store)
        #expect(milestones.contains { $0.hasPrefix("SEARCH m USING COVERING INDEX milestone_progress (activity_id=?)") }, "\(milestones)")
        #expect(milestones.contains { $0.contains("SEARCH d USING COVERING INDEX event_milestone_status (milestone_id=? AND effective_on<?)") },
                "\(milestones)")
        #expect(milestones.contains { $0.contains("SEARCH r USING COVERING INDEX event_milestone_status (milestone_id=?") },
                "\(milestones)")
        #expect(milestones.contains { $0.contains("SEARCH e USING INDEX event_milestone_due (milestone_id=? AND effective_on<?)") },
                "\(milestones)")
        // Activities are read in full (the report covers all of them); milestones and events never.
        #expect(!milestones.contains { ["SCAN m", "SCAN d", "SCAN r", "SCAN e"].contains(where: $0.hasPrefix) || $0.contains("TEMP B-TREE") },
                "\(milestones)")
        // One group's report reads that group's activities only, by index.
        for sql in [PlanStore.reportActivitiesOfGroupSQL, PlanStore.reportMilestonesOfGroupSQL] {
            #expect(sql.contains("AND a.group_id = ?2") && !sql.contains("?2 IS NULL"))
            let steps = try self.plan(sql, in: store)
            #expect(steps.contains { $0.hasPrefix("SEARCH a USING") && $0.contains("group_id=?") }, "\(steps)")
        }
        let activities = try self.plan(PlanStore.reportActivitiesSQL, in: store)
        #expect(!activities.contains { $0.contains("TEMP B-TREE") }, "\(activities)")
        let indicators = try self.plan(PlanStore.indicatorStatesSQL, in: store)
        #expect(indicators.contains { $0.contains("SEARCH r USING INDEX event_indicator") }, "\(indicators)")
        #expect(indicators.contains { $0.contains("SEARCH a USING INTEGER PRIMARY KEY") }, "\(indicators)")
        // The engagement goes from the few agencies beyond the GMG to their versions, never through every partner.
        let engagement = try self.plan(PlanStore.engagementSQL, in: store)
        #expect(engagement.contains { $0.contains("SEARCH p USING COVERING INDEX version_partner_agency (agency_id=?)") }, "\(engagement)")
        #expect(engagement.contains { $0.contains("SEARCH v USING COVERING INDEX activity_version_lead (lead_agency_id=?)") }, "\(engagement)")
        #expect(!engagement.contains { $0.hasPrefix("SCAN p") || $0.hasPrefix("SCAN v") || $0.hasPrefix("SCAN a") }, "\(engagement)")
    }

    @Test func theActivityListAndOverdueQueriesUseTheMilestoneIndex() throws {
        let plan = try TemporaryPlan()
        let overdue = try self.plan("""
            SELECT ms.id FROM activity a JOIN \(PlanStore.milestonesAsOfSQL) ms ON ms.activity_id = a.id
            WHERE \(PlanStore.activeAsOfSQL) AND ms.due_on < ?1 AND NOT ms.done
            """, in: plan.store)
        #expect(!overdue.contains { ["SCAN d", "SCAN r", "SCAN e"].contains(where: $0.hasPrefix) }, "\(overdue)")
        #expect(overdue.contains { $0.contains("USING COVERING INDEX milestone_progress") }, "\(overdue)")
    }

    /// `bench/report.sql`, the floor's SQL, is exactly what the report runs.
    @Test func theBenchmarkFloorRunsTheReportsOwnSQL() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/report.sql")
        let expected = "-- The statements of `mawp report`, in order (generated from PlanStore.reportSQL; a test keeps them equal).\n"
            + "-- ?1 is the report date, ?2 a group id or NULL, ?3 NULL: bench/run.py sets them with .parameter.\n"
            + PlanStore.reportSQL.map { $0 + ";\n" }.joined()
        if ProcessInfo.processInfo.environment["MAWP_WRITE_BENCH_SQL"] == "1" {
            try expected.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == expected,
                "bench/report.sql differs from the report's SQL: rerun with MAWP_WRITE_BENCH_SQL=1 swift test --filter QueryPlanTests")
    }

    /// `bench/period-report.sql`, the floor of `period report`, is exactly what the compiled report runs.
    @Test func theBenchmarkFloorRunsThePeriodReportsOwnSQL() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/period-report.sql")
        let expected = "-- The statements of `mawp period report`, in order (generated from PlanStore.periodReportSQL; a test keeps them equal).\n"
            + "-- ?1 is the period's last day, ?2 NULL (a group id), ?3 its first day, ?4 NULL (an activity id), ?5 its id, ?6 NULL\n"
            + "-- (a lead's code): bench/period.py sets them with .parameter.\n"
            + PlanStore.periodReportSQL.map { $0 + ";\n" }.joined()
        if ProcessInfo.processInfo.environment["MAWP_WRITE_BENCH_SQL"] == "1" {
            try expected.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == expected,
                "bench/period-report.sql differs from the compiled report's SQL: rerun with MAWP_WRITE_BENCH_SQL=1 swift test --filter QueryPlanTests")
    }
}
