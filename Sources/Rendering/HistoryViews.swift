import WorkPlan

/// A recorded change in words: "rescheduled", "due 2014-06-30 → 2014-10-31".
public enum ChangeText {
    /// What kind of change, in a word or two.
    public static func label(_ kind: EventKind, new: JSON?) -> String {
        switch kind {
        case .milestoneEdited: return new?["due"] != nil ? "rescheduled" : "renamed"
        case .milestoneAdded: return "milestone added"
        case .milestoneDone: return "done"
        case .milestoneReopened: return "reopened"
        case .milestoneDropped: return "dropped"
        case .activityAdded: return "activity added"
        case .activityEdited: return "activity edited"
        case .activityCancelled: return "cancelled"
        case .indicatorAdded: return "indicator added"
        case .indicatorRecorded: return "value recorded"
        default: return kind.rawValue
        }
    }

    /// Each field an edit changed, "field old → new", joined by "; " (a recorded value: "value 12").
    public static func detail(old: JSON?, new: JSON?) -> String {
        guard case .object(let members)? = new else { return "" }
        return members.map { member in
            old == nil ? "\(member.key) \(value(member.value))" : "\(member.key) \(value(old?[member.key])) → \(value(member.value))"
        }.joined(separator: "; ")
    }

    /// What changed and the note, in one line.
    public static func detail(_ change: PlanChange) -> String {
        [detail(old: change.old, new: change.new), change.note.map { "note: \($0)" } ?? ""].filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// A change for scripts: when, what, who, about what, and the values.
    public static func json(_ change: PlanChange) -> JSON {
        .object([
            "recordedAt": .string(change.recordedAt), "kind": .string(change.kind.rawValue), "on": .day(change.on),
            "by": .string(change.by), "ref": .string(change.ref), "title": .string(change.title),
            "old": change.old ?? .null, "new": change.new ?? .null, "note": .string(change.note),
        ])
    }

    static func value(_ json: JSON?) -> String {
        switch json {
        case nil, .null?: return "none"
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)?: return JSON.format(number)
        case .bool(let flag)?: return flag ? "yes" : "no"
        case .array(let items)?: return items.isEmpty ? "none" : items.map { value($0) }.joined(separator: ", ")
        default: return json?.serialized() ?? ""
        }
    }
}

/// `mawp slippage`: milestones against their baseline due dates, by group.
public enum SlippageView {
    static func groupCells(_ group: GroupSlippage, label: String) -> [String] {
        [label, String(group.milestones.count), String(group.rescheduled), signed(group.daysSlipped),
         String(group.doneAgainstBaseline), String(group.doneOnTime), group.onTimeRate.map(Format.percent) ?? "—"]
    }

    static let groupColumns: [Table.Column] = [
        .init("Group"), .init("Milestones", .right), .init("Rescheduled", .right), .init("Days slipped", .right),
        .init("Done", .right), .init("On time", .right), .init("On-time rate", .right),
    ]

    static func groupTable(_ report: SlippageReport) -> Table {
        Table(columns: groupColumns, rows: report.groups.map { groupCells($0, label: $0.code) },
              footer: report.groups.count > 1 ? [groupCells(report.totals, label: "Total")] : [])
    }

    static func rescheduledTable(_ report: SlippageReport) -> Table {
        Table(
            columns: [.init("Milestone"), .init("Baseline due"), .init("Due"), .init("Days slipped", .right),
                      .init("Reschedules", .right), .init("Done on"), .init("Lead"), .init("Title")],
            rows: report.totals.milestones.filter(\.isRescheduled).map { m in
                [m.ref.description, Format.day(m.baselineDue), Format.day(m.due), m.daysSlipped.map(signed) ?? "",
                 String(m.reschedules), Format.day(m.doneOn), m.lead ?? "", m.title]
            })
    }

    static func signed(_ days: Int) -> String { days > 0 ? "+\(days)" : String(days) }

    static func heading(_ report: SlippageReport) -> String { "\(ReportView.title) — slippage as of \(report.asOf)" }

    public static func text(_ report: SlippageReport, style: Style) -> String {
        var out = style.bold(heading(report)) + "\n"
        if let chair = report.chair { out += Terminal.safe(ChairView.line(chair)) + "\n" }
        if report.isSample { out += style.yellow(ReportView.sampleNotice) + "\n" }
        out += "\n" + groupTable(report).text(style: style)
        let rescheduled = rescheduledTable(report)
        out += "\n" + style.bold("Rescheduled milestones") + "\n"
        out += rescheduled.rows.isEmpty ? "None: every milestone is due on its baseline date.\n" : rescheduled.text(style: style)
        return out
    }

    public static func markdown(_ report: SlippageReport) -> String {
        var out = "## \(ReportView.title): slippage as of \(report.asOf)\n\n"
        if let chair = report.chair { out += Markdown.text(ChairView.line(chair)) + "\n\n" }
        if report.isSample { out += "> \(Markdown.text(ReportView.sampleNotice))\n\n" }
        out += groupTable(report).markdown()
        let rescheduled = rescheduledTable(report)
        out += "\n### Rescheduled milestones\n\n"
        out += rescheduled.rows.isEmpty ? "None: every milestone is due on its baseline date.\n" : rescheduled.markdown()
        return out
    }

    /// One row per milestone in the plan as of the date (RFC 4180).
    public static func csv(_ report: SlippageReport) -> String { csvTable(report).csv() }

    static func csvTable(_ report: SlippageReport) -> Table {
        Table(
            columns: ["asOf", "group", "milestone", "title", "lead", "baselineDue", "due", "daysSlipped", "reschedules",
                      "done", "doneOn", "onTime", "sample"].map { Table.Column($0) },
            rows: report.groups.flatMap { group in
                group.milestones.map { m in
                    [report.asOf.description, group.code, m.ref.description, m.title, m.lead ?? "", Format.day(m.baselineDue),
                     Format.day(m.due), m.daysSlipped.map(String.init) ?? "", String(m.reschedules), m.done ? "true" : "false",
                     Format.day(m.doneOn), m.onTime.map { $0 ? "true" : "false" } ?? "", report.isSample ? "true" : "false"]
                }
            })
    }

    static func groupJSON(_ group: GroupSlippage) -> [JSON.Member] {
        [.init("milestones", .int(group.milestones.count)), .init("rescheduled", .int(group.rescheduled)),
         .init("daysSlipped", .int(group.daysSlipped)), .init("done", .int(group.doneAgainstBaseline)),
         .init("doneOnTime", .int(group.doneOnTime)), .init("onTimeRate", group.onTimeRate.map { .double($0) } ?? .null)]
    }

    /// `asOf`, `groups` (every group), `totals`, `chair` (as of the date, or null), and
    /// `milestones` with each one's dates.
    public static func json(_ report: SlippageReport) -> JSON {
        var members: [JSON.Member] = [
            .init("asOf", .string(report.asOf.description)),
            .init("groups", .array(report.groups.map { group in
                .object([.init("code", .string(group.code)), .init("name", .string(group.name))] + groupJSON(group))
            })),
            .init("totals", .object(groupJSON(report.totals))),
            .init("chair", report.chair.map(ChairView.json) ?? .null),
            .init("milestones", .array(report.groups.flatMap { group in
                group.milestones.map { m in
                    JSON.object([
                        "ref": .string(m.ref.description), "group": .string(group.code), "title": .string(m.title),
                        "lead": .string(m.lead), "baselineDue": .day(m.baselineDue), "due": .day(m.due),
                        "daysSlipped": m.daysSlipped.map { .int($0) } ?? .null, "reschedules": .int(m.reschedules),
                        "done": .bool(m.done), "doneOn": .day(m.doneOn), "onTime": m.onTime.map { .bool($0) } ?? .null,
                    ])
                }
            })),
        ]
        if report.isSample { members.append(.init("sample", .bool(true))) }
        return .object(members)
    }

    /// A self-contained page, styled as the HTML report.
    public static func html(_ report: SlippageReport, generatedAt: String) -> String {
        HTMLReport.page(title: heading(report), subject: "Slippage", asOf: report.asOf, generatedAt: generatedAt,
                        isSample: report.isSample, chair: report.chair, body: sections(report))
    }

    /// The slippage's sections, for a page of one's own (the server's).
    /// `linked`: groups and milestones link to their pages on the server.
    public static func sections(_ report: SlippageReport, linked: Bool = false) -> String {
        let rescheduled = rescheduledTable(report)
        return """
            <section id="slippage">
            <h2>Slippage by group</h2>
            \(HTMLReport.table(groupTable(report), id: "slippage-groups", links: HTMLReport.links(linked, groups: [0])))
            </section>
            <section id="rescheduled">
            <h2>Rescheduled milestones (\(rescheduled.rows.count))</h2>
            \(rescheduled.rows.isEmpty ? "<p>None: every milestone is due on its baseline date.</p>"
                : HTMLReport.table(rescheduled, id: "rescheduled-milestones", links: HTMLReport.links(linked, references: [0])))
            </section>

            """
    }
}

/// `mawp report --compare-to`: the report as recorded then beside now, and what changed between.
public enum ComparisonView {
    static func label(_ comparison: Comparison) -> String {
        comparison.baseline.map { "baseline '\($0)' (\(comparison.at))" } ?? "what was recorded at \(comparison.at)"
    }

    /// Then and now per group (every group of either), totals last.
    static func table(_ comparison: Comparison) -> Table {
        var codes = comparison.now.groups.map(\.code)
        codes += comparison.then.groups.map(\.code).filter { !codes.contains($0) }
        func progress(_ report: Report, _ code: String) -> ProgressCounts {
            report.groups.first { $0.code == code }?.progress ?? ProgressCounts()
        }
        func cells(_ label: String, _ then: ProgressCounts, _ now: ProgressCounts) -> [String] {
            let change = now.percentComplete - then.percentComplete
            return [label, Format.fraction(then), Format.fraction(now), Format.percent(then.percentComplete),
                    Format.percent(now.percentComplete), (change > 0 ? "+" : change < 0 ? "−" : "") + Format.percent(abs(change)),
                    String(then.overdue), String(now.overdue)]
        }
        return Table(
            columns: [.init("Group"), .init("Done then", .right), .init("Done now", .right), .init("Complete then", .right),
                      .init("Complete now", .right), .init("Change", .right), .init("Overdue then", .right), .init("Overdue now", .right)],
            rows: codes.map { cells($0, progress(comparison.then, $0), progress(comparison.now, $0)) },
            footer: codes.count > 1 ? [cells("Total", comparison.then.totals, comparison.now.totals)] : [])
    }

    static func changesTable(_ comparison: Comparison) -> Table {
        Table(
            columns: [.init("Recorded"), .init("Effective"), .init("Change"), .init("Ref"), .init("Title"), .init("Detail")],
            rows: comparison.changes.map { change in
                [HTMLReport.generated(change.recordedAt), change.on.description, ChangeText.label(change.kind, new: change.new),
                 change.ref, change.title, ChangeText.detail(change)]
            })
    }

    static func heading(_ comparison: Comparison) -> String {
        "Compared with \(label(comparison)), as of \(comparison.then.asOf)"
    }

    static let noChanges = "No change to activities or milestones was recorded since then."

    public static func text(_ comparison: Comparison, style: Style) -> String {
        var out = "\n" + style.bold(heading(comparison)) + "\n" + table(comparison).text(style: style)
        out += "\n" + style.bold("Changes recorded since \(comparison.at)") + "\n"
        out += comparison.changes.isEmpty ? noChanges + "\n" : changesTable(comparison).text(style: style)
        return out
    }

    public static func markdown(_ comparison: Comparison) -> String {
        var out = "\n### \(Markdown.text(heading(comparison)))\n\n" + table(comparison).markdown()
        out += "\n### Changes recorded since \(comparison.at)\n\n"
        out += comparison.changes.isEmpty ? noChanges + "\n" : changesTable(comparison).markdown()
        return out
    }

    /// The report's CSV columns then the same counts as recorded then (`then…`).
    public static func csv(_ comparison: Comparison) -> String { csvTable(comparison).csv() }

    static func csvTable(_ comparison: Comparison) -> Table {
        let now = comparison.now
        func row(_ code: String, _ name: String, _ kind: String, _ p: ProgressCounts, _ t: ProgressCounts) -> [String] {
            [now.asOf.description, code, name, kind, String(p.activities), String(p.milestones), String(p.milestonesDone),
             String(p.overdue), JSON.format(p.percentComplete), comparison.at.value, comparison.then.asOf.description,
             String(t.activities), String(t.milestones), String(t.milestonesDone), String(t.overdue), JSON.format(t.percentComplete)]
        }
        func then(_ code: String) -> ProgressCounts { comparison.then.groups.first { $0.code == code }?.progress ?? ProgressCounts() }
        return Table(
            columns: ["asOf", "code", "name", "kind", "activities", "milestones", "milestonesDone", "overdue", "percentComplete",
                      "comparedTo", "thenAsOf", "thenActivities", "thenMilestones", "thenMilestonesDone", "thenOverdue",
                      "thenPercentComplete"].map { Table.Column($0) },
            rows: now.groups.map { row($0.code, $0.name, $0.kind.rawValue, $0.progress, then($0.code)) },
            footer: [row("total", "All groups", "", now.totals, comparison.then.totals)])
    }

    /// The report's JSON with `comparison`: the moment, the baseline, the report as recorded
    /// then, and the changes since.
    public static func json(_ comparison: Comparison) -> JSON {
        guard case .object(var members) = ReportView.json(comparison.now) else { return ReportView.json(comparison.now) }
        members.append(.init("comparison", .object([
            "at": .string(comparison.at.value), "baseline": .string(comparison.baseline),
            "report": ReportView.json(comparison.then),
            "changes": .array(comparison.changes.map(ChangeText.json)),
        ])))
        return .object(members)
    }

    /// The HTML report's section "Progress since …".
    static func html(_ comparison: Comparison, linked: Bool = false) -> String {
        """
        <section id="comparison">
        <h2>\(HTML.escape(heading(comparison)))</h2>
        \(HTMLReport.table(table(comparison), id: "comparison-groups", links: HTMLReport.links(linked, groups: [0])))
        <h3>Changes recorded since \(HTML.escape(comparison.at.value))</h3>
        \(comparison.changes.isEmpty ? "<p>\(noChanges)</p>"
            : HTMLReport.table(changesTable(comparison), id: "changes", links: HTMLReport.links(linked, references: [3])))
        </section>

        """
    }
}

/// `mawp baseline list`.
public enum BaselinesView {
    public static func table(_ baselines: [Baseline]) -> Table {
        Table(columns: [.init("Name"), .init("Moment"), .init("By"), .init("Named")],
              rows: baselines.map { [$0.name, $0.at.value, $0.by, HTMLReport.generated($0.recordedAt)] })
    }

    public static func csvTable(_ baselines: [Baseline]) -> Table {
        Table(columns: ["name", "at", "by", "recordedAt"].map { Table.Column($0) },
              rows: baselines.map { [$0.name, $0.at.value, $0.by, $0.recordedAt] })
    }

    public static func json(_ baselines: [Baseline]) -> JSON {
        .object(["baselines": .array(baselines.map {
            .object(["name": .string($0.name), "at": .string($0.at.value), "by": .string($0.by), "recordedAt": .string($0.recordedAt)])
        })])
    }
}
