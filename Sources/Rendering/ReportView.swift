import WorkPlan

/// The per-group progress report, in each format. Every format is a view of one ``Report``.
public enum ReportView {
    static let title = "GMG Multi-Annual Work Plan 2013-2015"
    static let sampleNotice = "Sample plan: illustrative data made by mawp init --sample, not the GMG's records."

    /// DESIGN §5: `asOf`, `groups` (every group, also one with no activities), `totals`;
    /// each group and the totals add `indicators` and `indicatorProgress`; then `chair` (or
    /// null), `engagement` and `coverage` (the frameworks asked for); `sample: true` is added
    /// for the sample plan.
    public static func json(_ report: Report) -> JSON {
        var members: [JSON.Member] = [
            .init("asOf", .string(report.asOf.description)),
            .init("groups", .array(report.groups.map { group in
                .object([
                    .init("code", .string(group.code)),
                    .init("name", .string(group.name)),
                    .init("kind", .string(group.kind.rawValue)),
                ] + JSON.progress(group.progress) + JSON.indicators(group.indicators))
            })),
            .init("totals", .object(JSON.progress(report.totals) + JSON.indicators(report.indicatorTotals))),
            .init("chair", report.chair.map(ChairView.json) ?? .null),
            .init("engagement", EngagementView.json(report.engagement)),
            .init("coverage", .array(report.coverage.map(CoverageView.json))),
        ]
        if report.isSample { members.append(.init("sample", .bool(true))) }
        return .object(members)
    }

    // MARK: - Text

    /// One line per group with a bar, totals last; with `activities`, one group's breakdown
    /// and its overdue milestones.
    public static func text(_ report: Report, activities: [ActivitySummary]? = nil, overdue: [OverdueMilestone] = [],
                            style: Style) -> String {
        var out = style.bold("\(title) — progress as of \(report.asOf)") + "\n"
        if let chair = report.chair { out += Terminal.safe(ChairView.line(chair)) + "\n" }
        if report.isSample { out += style.yellow(sampleNotice) + "\n" }
        out += "\n" + table(report).text(style: style) { row, column, padded in
            let progress = row < report.groups.count ? report.groups[row].progress : report.totals
            switch column {
            case 5 where progress.overdue > 0: return style.red(padded)
            case 6 where progress.milestones > 0 && progress.milestonesDone == progress.milestones: return style.green(padded)
            default: return padded
            }
        }
        if let activities {
            out += "\n" + ActivitiesView.breakdown(activities, style: style)
            if !overdue.isEmpty {
                out += "\n" + style.bold("Overdue milestones") + "\n" + overdueTable(overdue).text(style: style)
            }
        }
        // Shown when some activity works with stakeholders beyond the GMG (the activities, for one group).
        if !report.engagement.isEmpty {
            out += "\n" + EngagementView.text(report.engagement, activities: activities != nil, style: style)
        }
        for coverage in report.coverage { out += "\n" + CoverageView.text(coverage, style: style) }
        return out
    }

    /// The text table; an "Indicators" column (mean progress towards target) is added when
    /// the plan has indicators.
    static func table(_ report: Report) -> Table {
        let withIndicators = report.indicatorTotals.indicators > 0
        func cells(_ label: String, _ kind: String, _ progress: ProgressCounts, _ indicators: IndicatorTally) -> [String] {
            [label, kind, String(progress.activities), String(progress.milestones), String(progress.milestonesDone),
             String(progress.overdue), Format.percent(progress.percentComplete), Terminal.bar(percent: progress.percentComplete)]
                + (withIndicators ? [Format.indicatorProgress(indicators)] : [])
        }
        return Table(
            columns: [.init("Group"), .init("Kind"), .init("Activities", .right), .init("Milestones", .right),
                      .init("Done", .right), .init("Overdue", .right), .init("Complete", .right), .init("")]
                + (withIndicators ? [.init("Indicators", .right)] : []),
            rows: report.groups.map { cells($0.code, $0.kind.label, $0.progress, $0.indicators) },
            footer: report.groups.count > 1 ? [cells("Total", "", report.totals, report.indicatorTotals)] : []
        )
    }

    static func overdueTable(_ overdue: [OverdueMilestone]) -> Table {
        Table(
            columns: [.init("Milestone"), .init("Due"), .init("Days overdue", .right), .init("Lead"), .init("Title")],
            rows: overdue.map { [$0.ref.description, $0.due.description, String($0.daysOverdue), $0.lead ?? "", $0.title] }
        )
    }

    // MARK: - Markdown

    /// A table for a meeting note: one row per group, totals last, the date stated.
    public static func markdown(_ report: Report, activities: [ActivitySummary]? = nil, overdue: [OverdueMilestone] = []) -> String {
        var out = "## \(title): progress as of \(report.asOf)\n\n"
        if let chair = report.chair { out += Markdown.text(ChairView.line(chair)) + "\n\n" }
        if report.isSample { out += "> \(Markdown.text(sampleNotice))\n\n" }
        let withIndicators = report.indicatorTotals.indicators > 0
        func cells(_ code: String, _ name: String, _ progress: ProgressCounts, _ indicators: IndicatorTally) -> [String] {
            [code, name, String(progress.activities), "\(progress.milestonesDone) of \(progress.milestones)",
             Format.percent(progress.percentComplete), String(progress.overdue)]
                + (withIndicators ? [Format.indicatorProgress(indicators)] : [])
        }
        let table = Table(
            columns: [.init("Group"), .init("Name"), .init("Activities", .right), .init("Milestones done", .right),
                      .init("Complete", .right), .init("Overdue", .right)]
                + (withIndicators ? [.init("Indicators", .right)] : []),
            rows: report.groups.map { cells($0.code, $0.name, $0.progress, $0.indicators) },
            footer: report.groups.count > 1 ? [cells("Total", "", report.totals, report.indicatorTotals)] : [])
        out += table.markdown()
        if let activities {
            out += "\n### Activities\n\n"
            out += activities.isEmpty ? "No activities yet.\n" : ActivitiesView.table(activities).markdown()
            if !overdue.isEmpty {
                out += "\n### Overdue milestones\n\n" + overdueTable(overdue).markdown()
            }
        }
        if !report.engagement.isEmpty {
            out += "\n" + EngagementView.markdown(report.engagement, activities: activities != nil)
        }
        for coverage in report.coverage { out += "\n" + CoverageView.markdown(coverage) }
        return out
    }

    // MARK: - CSV

    /// RFC 4180: a header row, one row per group, a totals row (code `total`). The `sample`
    /// column says whether the plan is the illustrative sample; `chair` is the chair's code as
    /// of the date; the engagement columns count the activities with stakeholders beyond the
    /// GMG; each framework asked for adds a column per point (`recommendations:G1`) with the
    /// activities on it.
    public static func csv(_ report: Report) -> String { csvTable(report).csv() }

    /// The CSV's rows, which the spreadsheet's sheet also shows.
    static func csvTable(_ report: Report) -> Table {
        func cells(_ code: String, _ name: String, _ kind: String, _ progress: ProgressCounts, _ indicators: IndicatorTally,
                   group: String?) -> [String] {
            [report.asOf.description, code, name, kind, String(progress.activities), String(progress.milestones),
             String(progress.milestonesDone), String(progress.overdue), JSON.format(progress.percentComplete),
             String(indicators.indicators), indicators.meanPercent.map(JSON.format) ?? "", report.isSample ? "true" : "false",
             report.chair?.agency ?? ""]
                + EngagementView.csvCells(report.engagement, group: group)
                + report.coverage.flatMap { CoverageView.csvCells($0, group: group) }
        }
        return Table(
            columns: (["asOf", "code", "name", "kind", "activities", "milestones", "milestonesDone", "overdue",
                       "percentComplete", "indicators", "indicatorProgress", "sample", "chair"] + EngagementView.csvColumns
                      + report.coverage.flatMap(CoverageView.csvColumns)).map { Table.Column($0) },
            rows: report.groups.map { cells($0.code, $0.name, $0.kind.rawValue, $0.progress, $0.indicators, group: $0.code) },
            footer: [cells("total", "All groups", "", report.totals, report.indicatorTotals, group: nil)]
        )
    }
}
