import WorkPlan

/// The per-group progress report, in each format. Every format is a view of one ``Report``.
public enum ReportView {
    /// DESIGN §5: `asOf`, `groups` (every group, also one with no activities), `totals`.
    public static func json(_ report: Report) -> JSON {
        .object([
            "asOf": .string(report.asOf.description),
            "groups": .array(report.groups.map { group in
                .object([
                    .init("code", .string(group.code)),
                    .init("name", .string(group.name)),
                    .init("kind", .string(group.kind.rawValue)),
                ] + JSON.progress(group.progress))
            }),
            "totals": .object(JSON.progress(report.totals)),
        ])
    }

    /// One line per group with a bar, totals last; with `activities`, the breakdown of one group.
    public static func text(_ report: Report, activities: [ActivitySummary]? = nil, style: Style) -> String {
        var out = style.bold("GMG Multi-Annual Work Plan 2013-2015 — progress as of \(report.asOf)") + "\n\n"
        out += table(report).text(style: style) { row, column, padded in
            let progress = row < report.groups.count ? report.groups[row].progress : report.totals
            switch column {
            case 4 where progress.overdue > 0: return style.red(padded)
            case 5 where progress.milestones > 0 && progress.milestonesDone == progress.milestones: return style.green(padded)
            default: return padded
            }
        }
        if let activities {
            out += "\n" + ActivitiesView.breakdown(activities, style: style)
        }
        return out
    }

    static func table(_ report: Report) -> Table {
        func cells(_ label: String, _ kind: String, _ progress: ProgressCounts) -> [String] {
            [label, kind, String(progress.activities), String(progress.milestones), String(progress.milestonesDone),
             String(progress.overdue), Format.percent(progress.percentComplete), Terminal.bar(percent: progress.percentComplete)]
        }
        return Table(
            columns: [.init("Group"), .init("Kind"), .init("Activities", .right), .init("Milestones", .right),
                      .init("Done", .right), .init("Overdue", .right), .init("Complete", .right), .init("")],
            rows: report.groups.map { cells($0.code, $0.kind.label, $0.progress) },
            footer: report.groups.count > 1 ? [cells("Total", "", report.totals)] : []
        )
    }
}
