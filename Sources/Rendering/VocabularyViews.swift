import WorkPlan

/// A framework's groups × points matrix, as a section of the report in each format.
public enum CoverageView {
    /// "Key Recommendations (recommendations): activities by group".
    static func heading(_ coverage: FrameworkCoverage) -> String {
        "\(coverage.framework.title) (\(coverage.framework.name)): activities by group"
    }

    /// One row per group, a point per column, the activities on it; the totals row says "gap"
    /// where no group works on a point.
    public static func table(_ coverage: FrameworkCoverage) -> Table {
        let codes = coverage.points.map(\.point.ref.code)
        return Table(
            columns: [.init("Group")] + codes.map { .init($0, .right) },
            rows: coverage.groups.map { group in [group] + codes.map { String(coverage.count(group: group, point: $0)) } },
            footer: [["All groups"] + coverage.points.map { $0.isGap ? "gap" : String($0.activities) }])
    }

    /// The points no activity works on, each with its title.
    static func gapLines(_ coverage: FrameworkCoverage) -> [String] {
        coverage.gaps.map { "\($0.point.ref.code): \($0.point.title)" }
    }

    public static func text(_ coverage: FrameworkCoverage, style: Style) -> String {
        var out = style.bold(heading(coverage)) + "\n" + table(coverage).text(style: style) { row, column, padded in
            row == coverage.groups.count && column > 0 && coverage.points[column - 1].isGap ? style.yellow(padded) : padded
        }
        let gaps = coverage.gaps
        guard !gaps.isEmpty else { return out + "No gaps: every point has an activity.\n" }
        out += "Gaps: \(gaps.count) of \(coverage.points.count) points have no activity.\n"
        let width = gaps.map(\.point.ref.code.count).max() ?? 1
        for gap in gaps {
            let code = gap.point.ref.code
            let lines = FrameworksView.wrap(Terminal.safe(gap.point.title), width: 74 - width)
            out += lines.enumerated().map { index, line in
                "  " + (index == 0 ? code + String(repeating: " ", count: width - code.count) : String(repeating: " ", count: width))
                    + "  " + line + "\n"
            }.joined()
        }
        return out
    }

    public static func markdown(_ coverage: FrameworkCoverage) -> String {
        var out = "### \(Markdown.text(heading(coverage)))\n\n" + table(coverage).markdown()
        let gaps = gapLines(coverage)
        out += gaps.isEmpty ? "\nNo gaps: every point has an activity.\n"
            : "\nGaps:\n\n" + gaps.map { "- \(Markdown.text($0))\n" }.joined()
        return out
    }

    /// `{framework, title, points: [{code, title, activities, gap}], groups: [{code, points: {CODE: n}}]}`.
    public static func json(_ coverage: FrameworkCoverage) -> JSON {
        .object([
            .init("framework", .string(coverage.framework.name)),
            .init("title", .string(coverage.framework.title)),
            .init("points", .array(coverage.points.map {
                .object(["code": .string($0.point.ref.code), "title": .string($0.point.title), "activities": .int($0.activities),
                         "gap": .bool($0.isGap)])
            })),
            .init("groups", .array(coverage.groups.map { group in
                .object(["code": .string(group), "points": .object(coverage.points.map {
                    JSON.Member($0.point.ref.code, .int(coverage.count(group: group, point: $0.point.ref.code)))
                })])
            })),
        ])
    }

    /// The CSV columns a framework adds to the report's group rows: `NAME:CODE`.
    static func csvColumns(_ coverage: FrameworkCoverage) -> [String] {
        coverage.points.map { $0.point.ref.description }
    }

    static func csvCells(_ coverage: FrameworkCoverage, group: String?) -> [String] {
        coverage.points.map { point in
            String(group.map { coverage.count(group: $0, point: point.point.ref.code) } ?? point.activities)
        }
    }

    /// A section of the HTML report: the matrix, gaps marked, and the points' titles.
    static func html(_ coverage: FrameworkCoverage, linked: Bool = false) -> String {
        let id = coverage.framework.name == "agenda" ? "agenda" : "framework-\(coverage.framework.name)"
        var head = "<tr><th scope=\"col\">Group</th>"
        for point in coverage.points {
            head += "<th scope=\"col\" class=\"num\" title=\"\(HTML.escape(point.point.title))\">\(HTML.escape(point.point.ref.code))</th>"
        }
        head += "</tr>"
        var body = ""
        for group in coverage.groups {
            body += "<tr><th scope=\"row\">\(WebLinks.anchor(linked ? WebLinks.group(group) : nil, group))</th>"
            for point in coverage.points {
                let count = coverage.count(group: group, point: point.point.ref.code)
                body += count == 0
                    ? "<td class=\"num gap\" title=\"gap: no activity\">gap</td>"
                    : "<td class=\"num covered\">\(count)</td>"
            }
            body += "</tr>\n"
        }
        var totals = "<tr><th scope=\"row\">All groups</th>"
        for point in coverage.points {
            totals += point.isGap ? "<td class=\"num gap\">gap</td>" : "<td class=\"num\">\(point.activities)</td>"
        }
        totals += "</tr>"
        let legend = coverage.points.map {
            "<li><span class=\"point\">\(HTML.escape($0.point.ref.code))</span> \(HTML.escape($0.point.title))</li>"
        }.joined(separator: "\n")
        let gaps = coverage.gaps.count
        return """
            <section id="\(HTML.escape(id))">
            <h2>\(HTML.escape(coverage.framework.title)): activities by group</h2>
            <p class="meta">\(gaps == 0 ? "Every point has an activity." : "\(gaps) of \(coverage.points.count) points have no activity.")</p>
            <div class="scroll"><table class="matrix">
            <thead>\(head)</thead>
            <tbody>
            \(body)</tbody>
            <tfoot>\(totals)</tfoot>
            </table></div>
            <ul class="points">
            \(legend)
            </ul>
            </section>

            """
    }
}

/// "Multi-stakeholder engagement": per group, the activities with stakeholders beyond the GMG.
public enum EngagementView {
    static let heading = "Multi-stakeholder engagement"

    static func cells(_ label: String, activities: Int, engaged: Int, count: (StakeholderGroup) -> Int) -> [String] {
        [label, String(activities), String(engaged)] + StakeholderGroup.allCases.map { String(count($0)) }
    }

    public static func table(_ engagement: Engagement) -> Table {
        Table(
            columns: [.init("Group"), .init("Activities", .right), .init("With stakeholders", .right)]
                + StakeholderGroup.allCases.map { .init($0.label, .right) },
            rows: engagement.groups.map { group in
                cells(group.code, activities: group.activities, engaged: group.engaged.count, count: group.count)
            },
            footer: engagement.groups.count > 1
                ? [cells("Total", activities: engagement.activities, engaged: engagement.engaged, count: engagement.count)] : [])
    }

    /// "ITUC (workers), Government of Mexico (government)".
    static func stakeholders(_ activity: EngagedActivity) -> String {
        activity.stakeholders.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
    }

    static func activityTable(_ engagement: Engagement) -> Table {
        Table(columns: [.init("Activity"), .init("Title"), .init("Stakeholders beyond the GMG")],
              rows: engagement.groups.flatMap { $0.engaged.map { [$0.ref.description, $0.title, stakeholders($0)] } })
    }

    /// The counts, and with `activities` the activities themselves.
    public static func text(_ engagement: Engagement, activities: Bool, style: Style) -> String {
        var out = style.bold(heading) + "\n" + table(engagement).text(style: style)
        if activities && !engagement.isEmpty { out += "\n" + activityTable(engagement).text(style: style) }
        return out
    }

    public static func markdown(_ engagement: Engagement, activities: Bool) -> String {
        var out = "### \(heading)\n\n" + table(engagement).markdown()
        if activities && !engagement.isEmpty { out += "\n" + activityTable(engagement).markdown() }
        return out
    }

    public static func json(_ engagement: Engagement) -> JSON {
        func counts(activities: Int, engaged: Int, count: (StakeholderGroup) -> Int) -> [JSON.Member] {
            [.init("activities", .int(activities)), .init("withStakeholders", .int(engaged)),
             .init("government", .int(count(.government))), .init("socialPartners", .int(count(.socialPartners))),
             .init("civilSociety", .int(count(.civilSociety))), .init("otherStakeholders", .int(count(.other)))]
        }
        return .object([
            .init("groups", .array(engagement.groups.map { group in
                .object([.init("code", .string(group.code))]
                    + counts(activities: group.activities, engaged: group.engaged.count, count: group.count)
                    + [.init("engaged", .array(group.engaged.map { activity in
                        .object(["ref": .string(activity.ref.description), "title": .string(activity.title),
                                 "stakeholders": .array(activity.stakeholders.map {
                                     .object(["code": .string($0.code), "name": .string($0.name), "kind": .string($0.kind.rawValue)])
                                 })])
                    }))])
            })),
            .init("totals", .object(counts(activities: engagement.activities, engaged: engagement.engaged, count: engagement.count))),
        ])
    }

    static let csvColumns = ["withStakeholders", "government", "socialPartners", "civilSociety", "otherStakeholders"]

    static func csvCells(_ engagement: Engagement, group: String?) -> [String] {
        if let group, let row = engagement.groups.first(where: { $0.code == group }) {
            return [String(row.engaged.count)] + StakeholderGroup.allCases.map { String(row.count($0)) }
        }
        return [String(engagement.engaged)] + StakeholderGroup.allCases.map { String(engagement.count($0)) }
    }

    static func html(_ engagement: Engagement, asOf: Day, linked: Bool = false) -> String {
        var html = "<section id=\"engagement\">\n<h2>\(heading)</h2>\n"
        html += "<p class=\"meta\">Activities whose lead or partners as of \(asOf) include governments, social partners "
            + "(employers' and workers' organizations), civil society or other stakeholders beyond the GMG.</p>\n"
        html += HTMLReport.table(table(engagement), id: "engagement-groups", links: HTMLReport.links(linked, groups: [0]))
        if !engagement.isEmpty {
            html += "\n" + HTMLReport.table(activityTable(engagement), id: "engagement-activities", links: HTMLReport.links(linked, references: [0]))
        }
        return html + "\n</section>\n"
    }
}
