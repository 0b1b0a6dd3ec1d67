import WorkPlan

/// Groups, agencies and the agenda.
public enum GroupsView {
    public static func table(_ groups: [GroupSummary]) -> Table {
        Table(
            columns: [.init("Code"), .init("Kind"), .init("Leads"), .init("Activities", .right), .init("Name")],
            rows: groups.map { [$0.group.code, $0.group.kind.label, Format.leads($0.group.leads), String($0.activities), $0.group.name] }
        )
    }

    public static func csvTable(_ groups: [GroupSummary]) -> Table {
        Table(
            columns: ["code", "kind", "name", "leads", "activities"].map { Table.Column($0) },
            rows: groups.map { [$0.group.code, $0.group.kind.rawValue, $0.group.name,
                                $0.group.leads.map(\.agency).joined(separator: ";"), String($0.activities)] }
        )
    }

    public static func json(_ groups: [GroupSummary]) -> JSON {
        .object(["groups": .array(groups.map(groupJSON))])
    }

    static func groupJSON(_ summary: GroupSummary) -> JSON {
        .object([
            "code": .string(summary.group.code), "name": .string(summary.group.name), "kind": .string(summary.group.kind.rawValue),
            "leads": .array(summary.group.leads.map { .object(["agency": .string($0.agency), "role": .string($0.role.rawValue)]) }),
            "activities": .int(summary.activities),
        ])
    }

    /// `group show`: the group, its leads and its activities.
    public static func text(_ summary: GroupSummary, activities: [ActivitySummary], asOf: Day, style: Style) -> String {
        let group = summary.group
        var out = style.bold("\(group.code)  \(Terminal.safe(group.name))") + "\n"
        out += "Kind:        \(group.kind.label)\n"
        out += "Leads:       " + (group.leads.isEmpty ? "—" : group.leads.map { "\($0.agency) (\($0.role.rawValue))" }.joined(separator: ", ")) + "\n"
        out += "Activities:  \(summary.activities) as of \(asOf)\n\n"
        out += ActivitiesView.breakdown(activities, style: style)
        return out
    }

    public static func json(_ summary: GroupSummary, activities: [ActivitySummary], asOf: Day) -> JSON {
        guard case .object(var members) = groupJSON(summary) else { return .null }
        members.append(.init("asOf", .string(asOf.description)))
        members.append(.init("activityList", .array(activities.map(ActivitiesView.summaryJSON))))
        return .object(members)
    }
}

public enum AgenciesView {
    public static func table(_ agencies: [AgencySummary]) -> Table {
        Table(
            columns: [.init("Code"), .init("Kind"), .init("Leads groups"), .init("Leads", .right), .init("Partner in", .right), .init("Name")],
            rows: agencies.map { [$0.agency.code, $0.agency.kind.rawValue, $0.groupsLed.joined(separator: ", "), String($0.activitiesLed),
                                  String($0.activitiesAsPartner), $0.agency.name] }
        )
    }

    public static func csvTable(_ agencies: [AgencySummary]) -> Table {
        Table(
            columns: ["code", "name", "groupsLed", "activitiesLed", "activitiesAsPartner", "kind"].map { Table.Column($0) },
            rows: agencies.map { [$0.agency.code, $0.agency.name, $0.groupsLed.joined(separator: ";"),
                                  String($0.activitiesLed), String($0.activitiesAsPartner), $0.agency.kind.rawValue] }
        )
    }

    public static func json(_ agencies: [AgencySummary]) -> JSON {
        .object(["agencies": .array(agencies.map { agency in
            .object([
                "code": .string(agency.agency.code), "name": .string(agency.agency.name), "kind": .string(agency.agency.kind.rawValue),
                "groupsLed": .array(agency.groupsLed.map { .string($0) }),
                "activitiesLed": .int(agency.activitiesLed), "activitiesAsPartner": .int(agency.activitiesAsPartner),
            ])
        })])
    }
}

public enum AgendaView {
    public static func table(_ points: [AgendaCoverage]) -> Table {
        Table(
            columns: [.init("#", .right), .init("Agenda point"), .init("Activities", .right), .init("Groups"), .init("Agencies")],
            rows: points.map { [String($0.point.number), $0.point.title, String($0.activities),
                                $0.groups.isEmpty ? "— gap" : $0.groups.joined(separator: ", "),
                                $0.agencies.joined(separator: ", ")] }
        )
    }

    public static func csvTable(_ points: [AgendaCoverage]) -> Table {
        Table(
            columns: ["number", "title", "activities", "groups", "agencies", "gap"].map { Table.Column($0) },
            rows: points.map { [String($0.point.number), $0.point.title, String($0.activities), $0.groups.joined(separator: ";"),
                                $0.agencies.joined(separator: ";"), $0.activities == 0 ? "true" : "false"] }
        )
    }

    public static func json(_ points: [AgendaCoverage], asOf: Day) -> JSON {
        .object([
            "asOf": .string(asOf.description),
            "points": .array(points.map { point in
                .object([
                    "number": .int(point.point.number), "title": .string(point.point.title),
                    "activities": .int(point.activities), "groups": .array(point.groups.map { .string($0) }),
                    "agencies": .array(point.agencies.map { .string($0) }), "gap": .bool(point.activities == 0),
                ])
            }),
        ])
    }

    public static func text(_ points: [AgendaCoverage], asOf: Day, style: Style) -> String {
        style.bold("The Secretary-General's eight-point agenda — activities as of \(asOf)") + "\n\n"
            + table(points).text(style: style) { row, column, padded in
                column == 3 && points[row].activities == 0 ? style.yellow(padded) : padded
            }
    }
}

/// `mawp framework list` and `mawp framework show`.
public enum FrameworksView {
    public static func listTable(_ frameworks: [Framework]) -> Table {
        Table(columns: [.init("Name"), .init("Points", .right), .init("Title")],
              rows: frameworks.map { [$0.name, String($0.points), $0.title] })
    }

    public static func listCSV(_ frameworks: [Framework]) -> Table {
        Table(columns: ["name", "title", "points", "vocabularyUri"].map { Table.Column($0) },
              rows: frameworks.map { [$0.name, $0.title, String($0.points), $0.vocabularyURI ?? ""] })
    }

    public static func listJSON(_ frameworks: [Framework]) -> JSON {
        .object(["frameworks": .array(frameworks.map {
            .object(["name": .string($0.name), "title": .string($0.title), "description": .string($0.description),
                     "vocabularyUri": .string($0.vocabularyURI), "points": .int($0.points)])
        })])
    }

    /// Each point with its activities, groups and agencies; a point nobody works on is a gap.
    public static func table(_ points: [PointCoverage]) -> Table {
        Table(
            columns: [.init("Code"), .init("Point"), .init("Activities", .right), .init("Groups"), .init("Agencies")],
            rows: points.map { [$0.point.ref.code, $0.point.title, String($0.activities),
                                $0.isGap ? "— gap" : $0.groups.joined(separator: ", "), $0.agencies.joined(separator: ", ")] })
    }

    public static func csv(_ points: [PointCoverage], asOf: Day) -> Table {
        Table(
            columns: ["asOf", "framework", "code", "section", "title", "activities", "groups", "agencies", "gap"].map { Table.Column($0) },
            rows: points.map { [asOf.description, $0.point.ref.framework, $0.point.ref.code, $0.point.section ?? "", $0.point.title,
                                String($0.activities), $0.groups.joined(separator: ";"), $0.agencies.joined(separator: ";"),
                                $0.isGap ? "true" : "false"] })
    }

    public static func json(_ framework: Framework, _ points: [PointCoverage], asOf: Day) -> JSON {
        .object([
            "asOf": .string(asOf.description), "name": .string(framework.name), "title": .string(framework.title),
            "description": .string(framework.description), "vocabularyUri": .string(framework.vocabularyURI),
            "points": .array(points.map { point in
                .object([
                    "code": .string(point.point.ref.code), "title": .string(point.point.title),
                    "description": .string(point.point.description), "section": .string(point.point.section),
                    "activities": .int(point.activities), "groups": .array(point.groups.map { .string($0) }),
                    "agencies": .array(point.agencies.map { .string($0) }), "gap": .bool(point.isGap),
                ])
            }),
            "gaps": .int(points.filter(\.isGap).count),
        ])
    }

    /// The points under their sections: each point's counts on one line, its title wrapped
    /// below (the recommendations are sentences), gaps in yellow; how many there are last.
    public static func text(_ framework: Framework, _ points: [PointCoverage], asOf: Day, style: Style) -> String {
        var out = style.bold("\(framework.name): \(Terminal.safe(framework.title)) — activities as of \(asOf)") + "\n"
        let codeWidth = points.map(\.point.ref.code.count).max() ?? 1
        var section: String?
        for point in points {
            if point.point.section != section || point.point.ref == points.first?.point.ref {
                section = point.point.section
                out += "\n" + (section.map { style.bold(Terminal.safe($0)) + "\n" } ?? "")
            }
            let code = point.point.ref.code + String(repeating: " ", count: max(0, codeWidth - point.point.ref.code.count))
            let work = point.isGap
                ? style.yellow("— gap")
                : "\(point.activities) \(point.activities == 1 ? "activity" : "activities"): \(point.groups.joined(separator: ", "))"
                    + (point.agencies.isEmpty ? "" : " (\(point.agencies.joined(separator: ", ")))")
            out += style.bold(code) + "  " + work + "\n"
            let indent = String(repeating: " ", count: codeWidth + 2)
            out += wrap(Terminal.safe(point.point.title), width: 76 - indent.count).map { indent + $0 }.joined(separator: "\n") + "\n"
        }
        let gaps = points.filter(\.isGap).count
        out += "\n\(points.count) points, \(gaps) with no activity\(gaps == 1 ? "" : " (gaps)").\n"
        return out
    }

    /// Words in lines of at most `width` characters (a longer word stands alone).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

/// The chair's terms, and the chair as named in report headers.
public enum ChairView {
    public static func table(_ terms: [ChairTerm]) -> Table {
        Table(columns: [.init("Agency"), .init("Name"), .init("From"), .init("To")],
              rows: terms.map { [$0.agency, $0.agencyName, $0.from.description, $0.until?.description ?? "(no end yet)"] })
    }

    public static func csvTable(_ terms: [ChairTerm]) -> Table {
        Table(columns: ["agency", "name", "from", "until"].map { Table.Column($0) },
              rows: terms.map { [$0.agency, $0.agencyName, $0.from.description, $0.until?.description ?? ""] })
    }

    public static func json(_ terms: [ChairTerm]) -> JSON {
        .object(["chairs": .array(terms.map(json))])
    }

    public static func json(_ term: ChairTerm) -> JSON {
        .object(["agency": .string(term.agency), "name": .string(term.agencyName), "from": .day(term.from), "until": .day(term.until)])
    }

    /// "GMG chair: International Labour Organization (ILO)".
    public static func line(_ term: ChairTerm) -> String { "GMG chair: \(term.agencyName) (\(term.agency))" }

    /// The same line in a page's header.
    static func html(_ term: ChairTerm) -> String {
        "<p class=\"meta\" id=\"chair\">GMG chair: <strong>\(HTML.escape(term.agencyName))</strong> (\(HTML.escape(term.agency)))</p>\n"
    }
}

/// The users and tokens of `mawp-server` (never a secret).
public enum AccountsView {
    public static func state(_ account: Account) -> String {
        account.isDisabled ? "disabled" : account.hasPassword ? "active" : "set-up code pending"
    }

    public static func table(_ users: [Account]) -> Table {
        Table(columns: [.init("User"), .init("Agency"), .init("Role"), .init("State"), .init("E-mail"), .init("Reminders"), .init("Added")],
              rows: users.map { [$0.name, $0.agency, $0.role.rawValue, state($0), $0.email ?? "", $0.reminders.rawValue, HTMLReport.generated($0.createdAt)] })
    }

    public static func csvTable(_ users: [Account]) -> Table {
        Table(columns: ["name", "agency", "role", "state", "email", "reminders", "createdAt"].map { Table.Column($0) },
              rows: users.map { [$0.name, $0.agency, $0.role.rawValue, state($0), $0.email ?? "", $0.reminders.rawValue, $0.createdAt] })
    }

    public static func json(_ account: Account) -> JSON {
        .object(["name": .string(account.name), "agency": .string(account.agency), "role": .string(account.role.rawValue),
                 "state": .string(state(account)), "email": .string(account.email), "reminders": .string(account.reminders.rawValue),
                 "createdAt": .string(account.createdAt)])
    }

    public static func json(_ users: [Account]) -> JSON {
        .object(["users": .array(users.map(json))])
    }

    /// What a token opens: the API (read-only or read-write), or a calendar of a group or of
    /// its user's agency.
    public static func access(_ token: TokenInfo) -> String {
        switch token.kind {
        case .api: return token.readOnly ? "read-only" : "read-write"
        case .calendar: return token.group.map { "calendar of \($0)" } ?? "calendar of the user's agency"
        }
    }

    public static func tokenTable(_ tokens: [TokenInfo], today: Day) -> Table {
        Table(columns: [.init("Token", .right), .init("User"), .init("Access"), .init("State"), .init("Refused from"), .init("Made")],
              rows: tokens.map { [String($0.id), $0.user, access($0), $0.state(on: today).rawValue,
                                  $0.expiresOn?.description ?? "", HTMLReport.generated($0.createdAt)] })
    }

    public static func tokenCSV(_ tokens: [TokenInfo], today: Day) -> Table {
        Table(columns: ["id", "user", "kind", "group", "readOnly", "state", "expiresOn", "createdAt", "revokedAt"].map { Table.Column($0) },
              rows: tokens.map { [String($0.id), $0.user, $0.kind.rawValue, $0.group ?? "", $0.readOnly ? "true" : "false", $0.state(on: today).rawValue,
                                  $0.expiresOn?.description ?? "", $0.createdAt, $0.revokedAt ?? ""] })
    }

    public static func tokenJSON(_ tokens: [TokenInfo], today: Day) -> JSON {
        .object(["tokens": .array(tokens.map {
            .object(["id": .int(Int($0.id)), "user": .string($0.user), "kind": .string($0.kind.rawValue), "group": .string($0.group),
                     "readOnly": .bool($0.readOnly),
                     "state": .string($0.state(on: today).rawValue), "expiresOn": .day($0.expiresOn), "createdAt": .string($0.createdAt),
                     "revokedAt": .string($0.revokedAt)])
        })])
    }
}
