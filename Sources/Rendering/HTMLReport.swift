import WorkPlan

/// The progress report as one self-contained HTML page: inline CSS and SVG, no script, no
/// external resource, and a Content-Security-Policy that forbids both. It reads on a phone
/// and prints on A4.
public enum HTMLReport {
    /// The dashboard as one page; with `comparison`, a section on the progress since then.
    public static func render(_ dashboard: Dashboard, comparison: Comparison? = nil) -> String {
        let report = dashboard.report
        let body = sections(dashboard, comparison: comparison)
        return page(title: "\(ReportView.title) — progress as of \(report.asOf)", subject: "Progress", asOf: report.asOf,
                    generatedAt: dashboard.generatedAt, isSample: report.isSample, chair: report.chair, body: body)
    }

    /// The report's sections, for a page of one's own (the server's dashboard).
    /// `linked`: every group, activity and milestone links to its page on the server.
    public static func sections(_ dashboard: Dashboard, comparison: Comparison? = nil, linked: Bool = false) -> String {
        let report = dashboard.report
        var body = groupsSection(report, linked: linked)
        if let comparison { body += ComparisonView.html(comparison, linked: linked) }
        body += burnUpSection(dashboard)
        body += EngagementView.html(report.engagement, asOf: report.asOf, linked: linked)
        body += report.coverage.map { CoverageView.html($0, linked: linked) }.joined()
        body += overdueSection(dashboard, linked: linked)
        return body
    }

    /// The links of a table's columns when `linked`: `groups` hold group codes, `references`
    /// activities, milestones or indicators.
    static func links(_ linked: Bool, groups: [Int] = [], references: [Int] = []) -> [Int: (Int, String) -> String?] {
        guard linked else { return [:] }
        var links: [Int: (Int, String) -> String?] = [:]
        for column in groups { links[column] = { _, code in WebLinks.group(code) } }
        for column in references { links[column] = { _, text in WebLinks.reference(text) } }
        return links
    }

    /// A whole page around `body`: the heading, the date, the chair then, the sample notice and the footer.
    static func page(title: String, subject: String, asOf: Day, generatedAt: String, isSample: Bool, chair: ChairTerm? = nil,
                     body: String) -> String {
        var header = """
            <h1>\(HTML.escape(ReportView.title))</h1>
            <p class="meta">\(subject) as of <strong id="as-of">\(asOf)</strong> · generated \(HTML.escape(generated(generatedAt)))</p>

            """
        if let chair { header += ChairView.html(chair) }
        if isSample {
            header += "<p class=\"sample\" id=\"sample\">\(HTML.escape(ReportView.sampleNotice))</p>\n"
        }
        return document(title: title, stylesheet: stylesheet, header: header, main: body, footer: """
            <footer><p>Made by mawp from the plan's event log. Milestones count as done from the date they were marked done; activities cancelled on or before the report date are left out.</p></footer>

            """)
    }

    /// A whole HTML document that stands alone (a file sent on, a download): no script, no
    /// request anywhere (its Content-Security-Policy allows only its own styles and data: images).
    static func document(title: String, stylesheet: String, header: String, main: String, footer: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="mawp">
        <title>\(HTML.escape(title))</title>
        <style>\(stylesheet)</style>
        </head>
        <body>
        <header>
        \(header)</header>
        <main>
        \(main)</main>
        \(footer)</body>
        </html>

        """
    }

    /// A ``Table`` as an HTML table: every cell escaped, right-aligned columns as numbers.
    /// `links` gives, by column, the page a body cell links to (from its row's index and text).
    static func table(_ table: Table, id: String, links: [Int: (Int, String) -> String?] = [:]) -> String {
        func cells(_ row: [String], header: Bool, line: Int? = nil) -> String {
            zip(table.columns, row).enumerated().map { index, pair in
                let (column, text) = pair
                let tag = header || index == 0 ? "th" : "td"
                let scope = header ? " scope=\"col\"" : index == 0 ? " scope=\"row\"" : ""
                let numeric = column.alignment == .right ? " class=\"num\"" : ""
                let href = line.flatMap { line in links[index].flatMap { $0(line, text) } }
                return "<\(tag)\(scope)\(numeric)>\(WebLinks.anchor(href, text))</\(tag)>"
            }.joined()
        }
        var html = "<div class=\"scroll\"><table id=\"\(HTML.escape(id))\">\n<thead><tr>"
            + cells(table.columns.map(\.title), header: true) + "</tr></thead>\n<tbody>\n"
        html += table.rows.enumerated().map { "<tr>" + cells($0.element, header: false, line: $0.offset) + "</tr>\n" }.joined()
        html += "</tbody>\n"
        if !table.footer.isEmpty {
            html += "<tfoot>\n" + table.footer.map { "<tr>" + cells($0, header: false) + "</tr>\n" }.joined() + "</tfoot>\n"
        }
        return html + "</table></div>"
    }

    static func generated(_ timestamp: String) -> String {
        // 2026-11-23T02:30:00.123Z → 2026-11-23 02:30 UTC
        let parts = timestamp.split(separator: "T")
        guard parts.count == 2 else { return timestamp }
        return "\(parts[0]) \(parts[1].prefix(5)) UTC"
    }

    // MARK: - Progress by group

    static func groupsSection(_ report: Report, linked: Bool = false) -> String {
        // The indicator column shows only for a plan that has indicators.
        let withIndicators = report.indicatorTotals.indicators > 0
        var rows = ""
        for group in report.groups {
            let code = WebLinks.anchor(linked ? WebLinks.group(group.code) : nil, group.code)
            rows += row(label: "<span class=\"code\">\(code)</span><span class=\"name\">\(HTML.escape(group.name))</span>",
                        kind: group.kind.label, progress: group.progress, indicators: withIndicators ? group.indicators : nil,
                        id: "group-\(HTML.escape(group.code))")
        }
        let totals = row(label: "<span class=\"code\">Total</span>", kind: "", progress: report.totals,
                         indicators: withIndicators ? report.indicatorTotals : nil, id: "totals")
        let indicatorHeader = withIndicators ? "<th scope=\"col\" class=\"num\">Indicators to target</th>" : ""
        return """
            <section id="groups">
            <h2>Progress by group</h2>
            <div class="scroll"><table class="groups">
            <thead><tr><th scope="col">Group</th><th scope="col" class="kind">Kind</th><th scope="col" class="num act">Activities</th><th scope="col" class="num">Milestones done</th><th scope="col" class="num">Overdue</th><th scope="col" class="progress">Complete</th>\(indicatorHeader)</tr></thead>
            <tbody>
            \(rows)</tbody>
            <tfoot>
            \(totals)</tfoot>
            </table></div>
            </section>

            """
    }

    static func row(label: String, kind: String, progress: ProgressCounts, indicators: IndicatorTally?, id: String) -> String {
        let percent = Format.percent(progress.percentComplete)
        let width = JSON.format((progress.percentComplete * 10).rounded() / 10)
        let overdue = progress.overdue > 0 ? "<td class=\"num late\">\(progress.overdue)</td>" : "<td class=\"num\">0</td>"
        return """
            <tr id="\(id)"><th scope="row">\(label)</th><td class="kind">\(HTML.escape(kind))</td><td class="num act">\(progress.activities)</td>\
            <td class="num">\(progress.milestonesDone) of \(progress.milestones)</td>\(overdue)\
            <td class="progress"><span class="bar" role="img" aria-label="\(percent) complete"><span style="width:\(width)%"></span></span> <span class="pct">\(percent)</span></td>\(indicators.map { "<td class=\"num\">\(HTML.escape(Format.indicatorProgress($0)))</td>" } ?? "")</tr>

            """
    }

    // MARK: - Burn-up chart

    static func burnUpSection(_ dashboard: Dashboard) -> String {
        let points = dashboard.burnUp
        let width = 720.0, height = 300.0, left = 44.0, right = 16.0, top = 16.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let period = dashboard.period
        let start = period.start.dayNumber, span = Double(max(1, period.end.dayNumber - start))
        let maximum = max(1, points.map { max($0.due, $0.done ?? 0) }.max() ?? 1)
        let scale = niceCeiling(maximum)
        func x(_ day: Day) -> String { JSON.format(((left + Double(day.dayNumber - start) / span * plotWidth) * 10).rounded() / 10) }
        func y(_ value: Int) -> String { JSON.format(((top + plotHeight - Double(value) / Double(scale) * plotHeight) * 10).rounded() / 10) }
        // Step lines: each count holds until the next point.
        func path(_ values: [(Day, Int)]) -> String {
            var commands: [String] = []
            for (index, (day, value)) in values.enumerated() {
                if index == 0 {
                    commands.append("M\(x(day)) \(y(value))")
                } else {
                    commands.append("H\(x(day))")
                    commands.append("V\(y(value))")
                }
            }
            return commands.joined(separator: " ")
        }
        let due = path(points.map { ($0.date, $0.due) })
        let done = path(points.compactMap { point in point.done.map { (point.date, $0) } })
        var grid = ""
        for step in 0...4 {
            let value = scale * step / 4
            grid += "<line class=\"grid\" x1=\"\(JSON.format(left))\" x2=\"\(JSON.format(width - right))\" y1=\"\(y(value))\" y2=\"\(y(value))\"/>"
            grid += "<text class=\"tick\" x=\"\(JSON.format(left - 6))\" y=\"\(y(value))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(value)</text>\n"
        }
        let lastYear = period.end.year + 1
        for year in period.start.year...lastYear {
            guard let day = Day(year: year, month: 1, day: 1) else { continue }
            let position = year == lastYear ? x(period.end) : x(max(day, period.start))
            grid += "<line class=\"axis\" x1=\"\(position)\" x2=\"\(position)\" y1=\"\(JSON.format(top))\" y2=\"\(JSON.format(top + plotHeight))\"/>"
            if year < lastYear, let mid = Day(year: year, month: 7, day: 1) {
                grid += "<text class=\"tick\" x=\"\(x(mid))\" y=\"\(JSON.format(height - 12))\" text-anchor=\"middle\">\(year)</text>\n"
            }
        }
        let asOf = dashboard.report.asOf
        var marker = ""
        if asOf > period.start && asOf < period.end {
            marker = "<line class=\"asof\" x1=\"\(x(asOf))\" x2=\"\(x(asOf))\" y1=\"\(JSON.format(top))\" y2=\"\(JSON.format(top + plotHeight))\"/>"
                + "<text class=\"tick asof-label\" x=\"\(x(asOf))\" y=\"\(JSON.format(top - 4))\" text-anchor=\"middle\">\(asOf)</text>\n"
        }
        let last = points.last { $0.done != nil }
        let summary = "By \(last?.date.description ?? asOf.description): \(counted(last?.done ?? 0, "milestone")) done, \(last?.due ?? 0) due."
        return """
            <section id="burnup">
            <h2>Burn-up over the plan period, \(dashboard.period.start.year)-\(dashboard.period.end.year)</h2>
            <figure>
            <svg viewBox="0 0 \(JSON.format(width)) \(JSON.format(height))" role="img" aria-labelledby="burnup-title burnup-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="burnup-title">Milestones done against milestones due, 2013-2015</title>
            <desc id="burnup-desc">\(HTML.escape(summary))</desc>
            \(grid)\(marker)<path class="due" d="\(due)"/>
            <path class="done" d="\(done)"/>
            </svg>
            <figcaption><span class="key due-key"></span> milestones due (cumulative) <span class="key done-key"></span> milestones done as of each date. \(HTML.escape(summary))</figcaption>
            </figure>
            </section>

            """
    }

    /// The smallest of 4, 8, 20, 40, 80, 200, … (multiples of 4 for even gridlines) at or above `value`.
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [4, 8, 20, 40] where factor * magnitude >= value { return factor * magnitude }
            magnitude *= 10
        }
    }

    // MARK: - Overdue milestones

    static func overdueSection(_ dashboard: Dashboard, linked: Bool = false) -> String {
        let overdue = dashboard.overdue
        // The report counts every overdue milestone; the list may hold the first ones only.
        let count = max(overdue.count, dashboard.report.totals.overdue)
        guard !overdue.isEmpty else {
            return "<section id=\"overdue\">\n<h2>Overdue milestones</h2>\n<p>None as of \(dashboard.report.asOf).</p>\n</section>\n"
        }
        var rows = ""
        for milestone in overdue {
            let ref = WebLinks.anchor(linked ? WebLinks.milestone(milestone.ref) : nil, milestone.ref.description)
            let group = WebLinks.anchor(linked ? WebLinks.group(milestone.ref.activity.group) : nil, milestone.ref.activity.group)
            rows += "<tr><td class=\"ref\">\(ref)</td>"
                + "<td>\(HTML.escape(milestone.title))<span class=\"activity\">\(HTML.escape(milestone.activityTitle))</span></td>"
                + "<td class=\"ref\">\(group)</td><td>\(HTML.escape(milestone.lead ?? "—"))</td>"
                + "<td class=\"date\">\(milestone.due)</td><td class=\"num late\">\(milestone.daysOverdue)</td></tr>\n"
        }
        return """
            <section id="overdue">
            <h2>Overdue milestones (\(count))</h2>
            \(overdue.count < count ? "<p class=\"meta\" id=\"overdue-shown\">The \(overdue.count) longest overdue are shown; "
                + "each group's page counts the overdue milestones of its activities.</p>\n" : "")<div class="scroll"><table class="overdue">
            <thead><tr><th scope="col">Milestone</th><th scope="col">Title</th><th scope="col">Group</th><th scope="col">Lead</th><th scope="col">Due</th><th scope="col" class="num">Days overdue</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table></div>
            </section>

            """
    }

    // MARK: - Style

    public static let stylesheet = """
        :root{--ink:#1d2733;--muted:#5b6877;--line:#d5dbe2;--accent:#1b6ca8;--done:#2e7d32;--late:#b3261e;--gap:#fdf1d6;--bg:#fff}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:60rem;padding:1.5rem 1rem 3rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
        h1{font-size:1.5rem;margin:0 0 .25rem}
        h2{font-size:1.15rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--line)}
        .meta{color:var(--muted);margin:0}
        .sample{margin:.75rem 0 0;padding:.5rem .75rem;background:var(--gap);border-left:4px solid #e0a800;font-weight:600}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%}
        th,td{padding:.4rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        thead th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);border-bottom:2px solid var(--line);white-space:normal}
        tfoot th,tfoot td{font-weight:700;border-top:2px solid var(--ink);border-bottom:0}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        thead .num{white-space:normal}
        .code{display:block;font-weight:700}
        .name{display:block;font-weight:400;color:var(--muted);font-size:.85rem}
        .late{color:var(--late);font-weight:700}
        .progress{min-width:11rem;white-space:nowrap}
        .bar{display:inline-block;vertical-align:middle;width:7rem;height:.8rem;background:#e6ebf0;border-radius:.4rem;overflow:hidden}
        .bar>span{display:block;height:100%;background:var(--accent)}
        .pct{display:inline-block;width:3.5rem;text-align:right;font-variant-numeric:tabular-nums}
        figure{margin:0}
        svg{width:100%;height:auto;display:block}
        .grid{stroke:#e6ebf0;stroke-width:1}
        .axis{stroke:var(--line);stroke-width:1}
        .tick{font-size:11px;fill:var(--muted)}
        .due{fill:none;stroke:var(--muted);stroke-width:2;stroke-dasharray:6 4}
        .done{fill:none;stroke:var(--done);stroke-width:3}
        .asof{stroke:var(--accent);stroke-width:1;stroke-dasharray:2 3}
        .asof-label{fill:var(--accent)}
        figcaption{color:var(--muted);font-size:.85rem;margin-top:.4rem}
        .key{display:inline-block;width:1.5rem;height:0;vertical-align:middle;margin:0 .25rem 0 .5rem}
        .due-key{border-top:2px dashed var(--muted)}
        .done-key{border-top:3px solid var(--done)}
        .matrix td,.matrix th{text-align:center}
        .matrix th[scope=row],.matrix thead th:first-child{text-align:left}
        .covered{background:#e3f1e4}
        .gap{background:var(--gap);color:#8a6100;font-size:.75rem;font-style:italic}
        .points{columns:2;font-size:.85rem;color:var(--muted);padding-left:0;list-style:none}
        .points li{break-inside:avoid;margin-bottom:.3rem}
        .point{font-weight:700;color:var(--ink);display:inline-block;min-width:2rem}
        .activity{display:block;color:var(--muted);font-size:.8rem}
        .ref,.date{white-space:nowrap}
        footer{margin-top:2.5rem;color:var(--muted);font-size:.8rem}
        @media (max-width:40rem){body{padding:1rem .6rem;font-size:14px}.kind,.act,.groups .name{display:none}thead th{font-size:.68rem;letter-spacing:0}.bar{width:2.6rem}.pct{width:3rem}.progress{min-width:0}th,td{padding:.35rem .25rem}.matrix td,.matrix th{padding:.3rem .1rem;font-size:.8rem}.gap{font-size:.62rem}.points{columns:1}}
        @media print{@page{size:A4;margin:14mm}body{max-width:none;padding:0;font-size:9.5pt}h2{margin-top:1.2rem;break-after:avoid}table,figure{break-inside:avoid}.scroll{overflow:visible}.kind{display:none}.groups{table-layout:fixed}.groups thead th:first-child{width:34%}.progress{white-space:normal}.pct{width:auto}.progress{min-width:0}.bar{width:3.5rem}svg{max-height:64mm}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """
}
