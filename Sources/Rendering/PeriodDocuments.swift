import OpenXML
import WorkPlan

/// The compiled report of a period as documents: an HTML page that prints on A4, a workbook
/// (a sheet of the groups' numbers, a sheet of the updates), and a Word document a secretariat
/// edits before sending it on (Heading 1 per group, Heading 2 per activity, a table of the
/// group's numbers). Each holds what the JSON holds; none says when it was made, so that the
/// report printed as recorded at a moment is the same bytes every time.
extension PeriodReportView {
    static func heading(_ report: PeriodReport) -> String { "Progress report: \(report.period.title) (\(report.period.code))" }

    static func dates(_ report: PeriodReport) -> String {
        "\(report.period.from) to \(report.period.to)" + (report.includePending ? "; pending updates included and marked" : "")
    }

    static func texts(_ update: ProgressUpdate) -> [(String, String)] {
        [("Achievements", update.achievements), ("Challenges", update.challenges), ("Next steps", update.nextSteps)].filter { !$0.1.isEmpty }
    }

    static func factLines(_ facts: PeriodFacts) -> [String] {
        PeriodFacts.Kind.allCases.compactMap { kind in
            facts[kind].isEmpty ? nil : "\(kind.label): " + facts[kind].map { "\($0.ref) \($0.title)" }.joined(separator: "; ")
        } + (facts.values.isEmpty ? [] : ["Indicator values: " + facts.values.map { "\($0.indicator) \($0.value) on \($0.on)" }.joined(separator: "; ")])
    }

    // MARK: - HTML

    public static func html(_ report: PeriodReport) -> String {
        var body = ""
        for part in report.groups {
            body += "<section class=\"group\" id=\"group-\(HTML.escape(part.code))\">\n<h2>\(HTML.escape(part.name)) <span class=\"code\">(\(HTML.escape(part.code)))</span></h2>\n"
            body += "<table class=\"numbers\"><tbody>\n" + numbers(part).map { "<tr><th scope=\"row\">\($0.0)</th><td class=\"num\">\($0.1)</td></tr>\n" }.joined()
                + "</tbody></table>\n"
            for entry in part.entries {
                body += "<article class=\"activity\" id=\"activity-\(entry.activity)\">\n<h3>\(entry.activity): \(HTML.escape(entry.title))"
                    + (mark(entry, report).isEmpty ? "" : " <span class=\"pending\">\(HTML.escape(mark(entry, report)))</span>") + "</h3>\n"
                body += "<p class=\"lead\">Lead: \(HTML.escape(entry.lead ?? "none"))</p>\n"
                if let update = entry.update {
                    body += "<p class=\"status\">Status: <strong>\(update.status?.label ?? "not given")</strong></p>\n"
                    for (label, text) in texts(update) {
                        body += "<h4>\(label)</h4>\n" + paragraphs(text)
                    }
                } else {
                    body += "<p class=\"absent\">\(HTML.escape(absent(entry)))</p>\n"
                }
                let facts = factLines(entry.facts)
                if !facts.isEmpty { body += "<ul class=\"facts\">\n" + facts.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n" }
                body += "</article>\n"
            }
            body += "</section>\n"
        }
        return HTMLReport.document(title: heading(report), stylesheet: stylesheet, header: """
            <h1>\(HTML.escape(heading(report)))</h1>
            <p class="meta">\(HTML.escape(dates(report)))</p>
            \(report.isSample ? "<p class=\"sample\">\(HTML.escape(ReportView.sampleNotice))</p>\n" : "")
            """, main: body)
    }

    /// A long text as paragraphs: a blank line parts them; a line break inside one is kept.
    static func paragraphs(_ text: String) -> String {
        text.replacing("\r\n", with: "\n").split(separator: "\n\n", omittingEmptySubsequences: true).map { paragraph in
            "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { HTML.escape(String($0)) }.joined(separator: "<br>") + "</p>\n"
        }.joined()
    }

    static let stylesheet = """
        body{font-family:system-ui,sans-serif;line-height:1.45;margin:2rem auto;max-width:48rem;padding:0 1rem;color:#1b1b1b}\
        h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:2px solid #1b1b1b;padding-bottom:.2rem;margin-top:2rem}\
        h3{font-size:1.1rem;margin-bottom:.2rem}h4{font-size:1rem;margin:.8rem 0 .2rem}.code{font-weight:normal;color:#555}\
        .meta,.lead{color:#444}.sample{background:#fff3cd;padding:.4rem .6rem}.pending{color:#8a4b00;font-weight:normal}\
        .absent{font-style:italic}table.numbers{border-collapse:collapse;margin:.5rem 0}\
        table.numbers th,table.numbers td{border:1px solid #999;padding:.15rem .5rem;text-align:left}.num{text-align:right}\
        .facts{color:#333;font-size:.95rem}\
        @page{size:A4 portrait;margin:2cm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}h3,h4{break-after:avoid}\
        article{break-inside:avoid-page}}
        """

    // MARK: - Workbook

    public static func workbook(_ report: PeriodReport) -> Workbook {
        let title = heading(report)
        var about: [[Cell]] = [[.text(title)], [.text("From"), day(report.period.from)], [.text("To"), day(report.period.to)],
                               [.text("Deadline"), day(report.period.deadline)], [.text("Pending included"), .boolean(report.includePending)],
                               [.text("Sample data"), .boolean(report.isSample)]]
        if report.isSample { about.append([.text(ReportView.sampleNotice)]) }
        let groups = Sheet(name: "Groups", about: about,
                           header: ["group", "name"] + numberLabels,
                           rows: report.groups.map { part in [.text(part.code), .text(part.name)] + numbers(part).map { .integer($0.1) } })
        let updates = Sheet(name: "Updates", about: about,
                            header: ["group", "activity", "title", "lead", "state", "status", "achievements", "challenges", "nextSteps",
                                     "milestonesDue", "milestonesDone", "overdue", "rescheduled", "dropped", "values", "facts"],
                            rows: report.groups.flatMap { part in
                                part.entries.map { entry -> [Cell] in
                                    let update = entry.update
                                    return [.text(part.code), .text(entry.activity.description), .text(entry.title), text(entry.lead),
                                            .text(entry.state.rawValue), text(update?.status?.rawValue), text(update?.achievements),
                                            text(update?.challenges), text(update?.nextSteps), .integer(entry.facts.due.count),
                                            .integer(entry.facts.done.count), .integer(entry.facts.overdue.count),
                                            .integer(entry.facts.rescheduled.count), .integer(entry.facts.dropped.count),
                                            .integer(entry.facts.values.count), text(factLines(entry.facts).joined(separator: "\n"))]
                                }
                            })
        return Workbook(title: title, sheets: [groups, updates])
    }

    private static func day(_ day: Day) -> Cell { .date(year: day.year, month: day.month, day: day.day) }
    private static func text(_ value: String?) -> Cell { value.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }

    // MARK: - Word

    public static func word(_ report: PeriodReport) -> WordDocument {
        var blocks: [WordDocument.Block] = [.title(heading(report)), .paragraph(dates(report))]
        if report.isSample { blocks.append(.paragraph(ReportView.sampleNotice, emphasis: true)) }
        for part in report.groups {
            blocks.append(.heading(1, "\(part.name) (\(part.code))"))
            blocks.append(.table(header: ["In the period", "Number"], rows: numbers(part).map { [$0.0, String($0.1)] }))
            for entry in part.entries {
                blocks.append(.heading(2, "\(entry.activity): \(entry.title)" + mark(entry, report)))
                blocks.append(.labelled("Lead", entry.lead ?? "none"))
                if let update = entry.update {
                    blocks.append(.labelled("Status", update.status?.label ?? "not given"))
                    for (label, text) in texts(update) {
                        blocks.append(.heading(3, label))
                        blocks += text.replacing("\r\n", with: "\n").split(separator: "\n\n").map { .paragraph(String($0)) }
                    }
                } else {
                    blocks.append(.paragraph(absent(entry), emphasis: true))
                }
                blocks += factLines(entry.facts).map { .paragraph($0) }
            }
        }
        return WordDocument(title: heading(report), blocks: blocks)
    }
}
