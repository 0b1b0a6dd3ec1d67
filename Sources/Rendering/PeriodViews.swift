import WorkPlan

/// The reporting cycle as people and programs read it (DESIGN §10): the periods, an update with
/// its facts, who owes what, and the compiled report. User text is data in every format.
public enum PeriodViews {
    // MARK: - Periods

    public static func table(_ periods: [ReportingPeriod]) -> Table {
        Table(columns: [Table.Column("Code"), Table.Column("Title", wraps: true), Table.Column("From"), Table.Column("To"),
                        Table.Column("Deadline"), Table.Column("State")],
              rows: periods.map { [$0.code, $0.title, $0.from.description, $0.to.description, $0.deadline.description, $0.locked ? "locked" : "open"] })
    }

    public static func json(_ period: ReportingPeriod) -> JSON {
        .object(["code": .string(period.code), "title": .string(period.title), "from": .day(period.from), "to": .day(period.to),
                 "deadline": .day(period.deadline), "locked": .bool(period.locked)])
    }

    public static func json(_ periods: [ReportingPeriod]) -> JSON { .object(["periods": .array(periods.map(json))]) }

    // MARK: - One update

    public static func json(_ update: ProgressUpdate) -> [JSON.Member] {
        [JSON.Member("state", .string(update.state.rawValue)), JSON.Member("status", .string(update.status?.rawValue)),
         JSON.Member("achievements", .string(update.achievements)), JSON.Member("challenges", .string(update.challenges)),
         JSON.Member("nextSteps", .string(update.nextSteps)), JSON.Member("writtenBy", .string(update.writtenBy)),
         JSON.Member("submittedBy", .string(update.submittedBy)), JSON.Member("reviewedBy", .string(update.reviewedBy)),
         JSON.Member("reviewNote", .string(update.reviewNote)), JSON.Member("version", .int(update.changes))]
    }

    static let factLine = JSON.LineShape(["ref", "title", "due", "on"])
    static let valueLine = JSON.LineShape(["ref", "title", "value", "on"])

    public static func json(_ facts: PeriodFacts) -> JSON {
        var members = PeriodFacts.Kind.allCases.map { kind in
            JSON.Member(kind.rawValue, .array(facts[kind].map { fact in
                factLine.line([fact.ref.description, fact.title, fact.due?.description, fact.on?.description])
            }))
        }
        members.append(JSON.Member("values", .array(facts.values.map { value in
            valueLine.line([value.indicator.description, value.title, value.value, value.on.description])
        })))
        return .object(members)
    }

    public static func json(_ shown: UpdateWithFacts) -> JSON {
        .object([JSON.Member("activity", .string(shown.update.activity.description)), JSON.Member("title", .string(shown.activityTitle)),
                 JSON.Member("group", .string(shown.group)), JSON.Member("lead", .string(shown.lead)),
                 JSON.Member("period", json(shown.period))] + json(shown.update) + [JSON.Member("facts", json(shown.facts))])
    }

    public static func text(_ shown: UpdateWithFacts, style: Style = .plain) -> String {
        let update = shown.update
        var out = style.bold("\(update.activity)  \(Terminal.safe(shown.activityTitle))") + "\n"
        out += "Period: \(shown.period.code) (\(shown.period.from) to \(shown.period.to)), deadline \(shown.period.deadline)"
            + (shown.period.locked ? ", locked" : "") + "\n"
        out += "State: \(update.state.label)" + (update.status.map { "; status: \($0.label)" } ?? "") + "\n"
        if let writer = update.writtenBy { out += "Written by \(Terminal.safe(writer))" + (update.submittedBy.map { "; submitted by \(Terminal.safe($0))" } ?? "") + "\n" }
        if let reviewer = update.reviewedBy {
            out += "Last reviewed by \(Terminal.safe(reviewer))" + (update.reviewNote.map { ": \(Terminal.safe($0))" } ?? "") + "\n"
        }
        for (label, text) in [("Achievements", update.achievements), ("Challenges", update.challenges), ("Next steps", update.nextSteps)] {
            out += "\n" + style.bold(label) + "\n" + (text.isEmpty ? "(none written)" : Terminal.safe(text, keepNewlines: true)) + "\n"
        }
        return out + "\n" + factsText(shown.facts, style: style)
    }

    static func factsText(_ facts: PeriodFacts, style: Style) -> String {
        var out = style.bold("Facts of the period") + "\n"
        for kind in PeriodFacts.Kind.allCases {
            let items = facts[kind]
            out += "\(kind.label): \(items.count)\n"
            for fact in items {
                out += "  \(fact.ref)  \(Terminal.safe(fact.title))" + (fact.due.map { "  due \($0)" } ?? "") + (fact.on.map { "  on \($0)" } ?? "") + "\n"
            }
        }
        out += "Indicator values recorded: \(facts.values.count)\n"
        for value in facts.values { out += "  \(value.indicator)  \(Terminal.safe(value.title)): \(Terminal.safe(value.value)) on \(value.on)\n" }
        return out
    }

    // MARK: - Status

    public static func statusTable(_ status: PeriodStatus) -> Table {
        let days = status.period.daysToDeadline(from: status.today)
        let due = days >= 0 ? "\(days) days to the deadline" : "\(-days) days past the deadline"
        return Table(columns: [Table.Column("Activity"), Table.Column("Title", wraps: true), Table.Column("Lead"), Table.Column("State"),
                               Table.Column("Status"), Table.Column("Deadline")],
                     rows: status.rows.map { row in
                         [row.activity.description, row.title, row.lead ?? "", row.state.rawValue, row.status?.rawValue ?? "",
                          row.state.isOwed ? due : ""]
                     },
                     footer: status.totals.map { ["", "", "", $0.state.rawValue, String($0.count), ""] })
    }

    public static func statusText(_ status: PeriodStatus, style: Style = .plain, width: Int? = nil) -> String {
        let period = status.period
        let days = period.daysToDeadline(from: status.today)
        return style.bold("\(period.code)  \(Terminal.safe(period.title))") + "\n"
            + "\(period.from) to \(period.to); updates due by \(period.deadline) ("
            + (days >= 0 ? "\(days) days to go" : "\(-days) days past") + " on \(status.today))" + (period.locked ? "; locked" : "") + "\n\n"
            + statusTable(status).text(style: style, width: width) + "\n"
    }

    public static func statusJSON(_ status: PeriodStatus) -> JSON {
        .object(["period": json(status.period), "today": .day(status.today),
                 "daysToDeadline": .int(status.period.daysToDeadline(from: status.today)),
                 "activities": .array(status.rows.map { row in
                     .object(["activity": .string(row.activity.description), "title": .string(row.title), "lead": .string(row.lead),
                              "state": .string(row.state.rawValue), "status": .string(row.status?.rawValue), "owed": .bool(row.state.isOwed)])
                 }),
                 "totals": .object(status.totals.map { JSON.Member($0.state.rawValue, .int($0.count)) }),
                 "owed": .int(status.rows.filter { $0.state.isOwed }.count)])
    }

    public static func statusCSV(_ status: PeriodStatus) -> String {
        Table(columns: ["activity", "title", "lead", "state", "status", "deadline", "daysToDeadline"].map { Table.Column($0) },
              rows: status.rows.map { row in
                  [row.activity.description, row.title, row.lead ?? "", row.state.rawValue, row.status?.rawValue ?? "",
                   status.period.deadline.description, String(status.period.daysToDeadline(from: status.today))]
              }).csv()
    }
}

/// The compiled report of a period (`period report`): per group, its numbers for the period,
/// then each activity with its update and facts; activities without one listed as such.
public enum PeriodReportView {
    /// A group's numbers for the period, as the reports label them.
    static let numberLabels = ["Activities", "Updates approved", "Milestones due", "Milestones done", "Overdue at the end", "Rescheduled",
                               "Dropped", "Indicator values recorded"]

    static func numbers(_ part: PeriodReport.GroupPart) -> [(String, Int)] {
        Array(zip(numberLabels, [part.entries.count, part.approved, part.milestonesDue, part.milestonesDone, part.overdue, part.rescheduled,
                                 part.dropped, part.values]))
    }

    /// What stands in place of an update that is not shown.
    static func absent(_ entry: PeriodReport.Entry) -> String {
        entry.state == .missing ? "No update was written." : "No approved update (the update is \(entry.state.label))."
    }

    static func mark(_ entry: PeriodReport.Entry, _ report: PeriodReport) -> String {
        guard let update = entry.update, update.state != .approved else { return "" }
        return " [pending: \(update.state.label)]"
    }

    public static func text(_ report: PeriodReport, style: Style = .plain) -> String {
        let period = report.period
        var out = style.bold("Progress report: \(Terminal.safe(period.title)) (\(period.code))") + "\n"
            + "\(period.from) to \(period.to)" + (report.includePending ? "; pending updates included and marked" : "") + "\n"
        if report.isSample { out += "Sample data: illustrative, not the GMG's record.\n" }
        for part in report.groups {
            out += "\n" + style.bold("\(part.code)  \(Terminal.safe(part.name))") + "\n"
            out += numbers(part).map { "\($0.0): \($0.1)" }.joined(separator: "; ") + "\n"
            for entry in part.entries {
                out += "\n  " + style.bold("\(entry.activity)  \(Terminal.safe(entry.title))") + mark(entry, report) + "\n"
                out += "  Lead: \(entry.lead ?? "none")\n"
                if let update = entry.update {
                    out += "  Status: \(update.status?.label ?? "not given")\n"
                    for (label, text) in [("Achievements", update.achievements), ("Challenges", update.challenges), ("Next steps", update.nextSteps)]
                    where !text.isEmpty {
                        out += "  \(label):\n" + Terminal.safe(text, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false)
                            .map { "    " + $0 }.joined(separator: "\n") + "\n"
                    }
                } else {
                    out += "  " + absent(entry) + "\n"
                }
                out += "  " + PeriodFacts.Kind.allCases.map { "\($0.label.lowercased()) \(entry.facts[$0].count)" }.joined(separator: ", ")
                    + ", values \(entry.facts.values.count)\n"
            }
        }
        return out
    }

    public static func markdown(_ report: PeriodReport) -> String {
        let period = report.period
        var out = "# Progress report: \(Markdown.text(period.title)) (\(period.code))\n\n\(period.from) to \(period.to)"
            + (report.includePending ? "; pending updates included and marked." : ".") + "\n"
        if report.isSample { out += "\n*Sample data: illustrative, not the GMG's record.*\n" }
        for part in report.groups {
            out += "\n## \(Markdown.text(part.name)) (\(part.code))\n\n| | |\n| --- | ---: |\n"
            out += numbers(part).map { "| \($0.0) | \($0.1) |\n" }.joined()
            for entry in part.entries {
                out += "\n### \(entry.activity): \(Markdown.text(entry.title))\(Markdown.text(mark(entry, report)))\n\nLead: \(Markdown.text(entry.lead ?? "none"))\n"
                if let update = entry.update {
                    out += "\nStatus: \(update.status?.label ?? "not given")\n"
                    for (label, text) in [("Achievements", update.achievements), ("Challenges", update.challenges), ("Next steps", update.nextSteps)]
                    where !text.isEmpty {
                        out += "\n**\(label)**\n\n" + Markdown.paragraphs(text)
                    }
                } else {
                    out += "\n" + absent(entry) + "\n"
                }
                let facts = PeriodFacts.Kind.allCases.compactMap { kind in
                    entry.facts[kind].isEmpty ? nil : "\(kind.label): " + entry.facts[kind].map { "\($0.ref) \(Markdown.text($0.title))" }.joined(separator: "; ")
                } + (entry.facts.values.isEmpty ? [] : ["Indicator values: " + entry.facts.values.map {
                    "\($0.indicator) \(Markdown.text($0.value)) on \($0.on)"
                }.joined(separator: "; ")])
                if !facts.isEmpty { out += "\n" + facts.map { "- \($0)\n" }.joined() }
            }
        }
        return out
    }

    public static func json(_ report: PeriodReport) -> JSON {
        .object(["period": PeriodViews.json(report.period), "includePending": .bool(report.includePending), "sample": .bool(report.isSample),
                 "groups": .array(report.groups.map { part in
                     .object(["code": .string(part.code), "name": .string(part.name), "kind": .string(part.kind.rawValue),
                              "numbers": .object([
                                "activities": .int(part.entries.count), "approved": .int(part.approved), "milestonesDue": .int(part.milestonesDue),
                                "milestonesDone": .int(part.milestonesDone), "overdue": .int(part.overdue), "rescheduled": .int(part.rescheduled),
                                "dropped": .int(part.dropped), "values": .int(part.values)]),
                              "activities": .array(part.entries.map { entry in
                                  .object([JSON.Member("activity", .string(entry.activity.description)), JSON.Member("title", .string(entry.title)),
                                           JSON.Member("lead", .string(entry.lead)), JSON.Member("state", .string(entry.state.rawValue)),
                                           JSON.Member("update", entry.update.map { .object(PeriodViews.json($0)) } ?? .null),
                                           JSON.Member("facts", PeriodViews.json(entry.facts))])
                              })])
                 })])
    }
}

extension Answers {
    /// The formats the compiled report comes in.
    public static let periodReportFormats: [AnswerFormat] = [.text, .markdown, .html, .json, .xlsx, .docx]

    /// The compiled report of period `code` from `store` (already as recorded, when asked).
    public static func periodReport(_ store: PlanStore, period code: String, group: String?, includePending: Bool, format: AnswerFormat,
                                    style: Style = .plain) throws -> Rendered {
        let report = try store.periodReport(code, group: group, includePending: includePending)
        switch format {
        case .json: return .text(PeriodReportView.json(report).serialized(pretty: true) + "\n")
        case .markdown: return .text(PeriodReportView.markdown(report))
        case .html: return .text(PeriodReportView.html(report))
        case .xlsx: return .workbook(PeriodReportView.workbook(report))
        case .docx: return .document(PeriodReportView.word(report))
        case .csv: throw FormatNotOffered(format: format)
        case .text: return .text(PeriodReportView.text(report, style: style))
        }
    }
}
