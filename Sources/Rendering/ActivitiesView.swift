import WorkPlan

/// Activities: the list, one activity in full, and a group's breakdown.
public enum ActivitiesView {
    /// With `partners`, the list's columns: partners (a stakeholder beyond the GMG with its
    /// kind) and links; without, a group report's breakdown.
    public static func table(_ activities: [ActivitySummary], partners: Bool = false) -> Table {
        Table(
            columns: [.init("Ref"), .init("Status"), .init("Lead")] + (partners ? [.init("Partners")] : [])
                + [.init("Done", .right), .init("Overdue", .right), .init("Next due")] + (partners ? [.init("Links")] : [])
                + [.init("Title")],
            rows: activities.map { activity in
                [activity.ref.description, activity.status.rawValue, activity.lead ?? ""]
                    + (partners ? [partnerList(activity.partners)] : [])
                    + [Format.fraction(activity.progress), String(activity.progress.overdue), Format.day(activity.nextDue)]
                    + (partners ? [activity.links.map(\.description).joined(separator: " ")] : [])
                    + [activity.title]
            }
        )
    }

    /// "IOM, WORLDBANK, EMPLOYERSORG (employers)": codes, a stakeholder beyond the GMG with its kind.
    static func partnerList(_ partners: [Agency]) -> String {
        partners.map { $0.kind == .gmgMember ? $0.code : "\($0.code) (\($0.kind.rawValue))" }.joined(separator: ", ")
    }

    /// The machine-readable columns, shared by CSV (`--format csv`) and the JSON keys.
    public static func csvTable(_ activities: [ActivitySummary]) -> Table {
        Table(
            columns: ["ref", "group", "title", "status", "lead", "start", "end", "cancelledOn", "milestones",
                      "milestonesDone", "overdue", "nextDue", "partners", "partnerKinds", "links"].map { Table.Column($0) },
            rows: activities.map { activity in
                [activity.ref.description, activity.ref.group, activity.title, activity.status.rawValue, activity.lead ?? "",
                 Format.day(activity.start), Format.day(activity.end), Format.day(activity.cancelledOn),
                 String(activity.progress.milestones), String(activity.progress.milestonesDone),
                 String(activity.progress.overdue), Format.day(activity.nextDue),
                 activity.partners.map(\.code).joined(separator: ";"), activity.partners.map(\.kind.rawValue).joined(separator: ";"),
                 activity.links.map(\.description).joined(separator: ";")]
            }
        )
    }

    public static func json(_ activities: [ActivitySummary], asOf: Day) -> JSON {
        .object(["asOf": .string(asOf.description), "activities": .array(activities.map(summaryJSON))])
    }

    static func summaryJSON(_ activity: ActivitySummary) -> JSON {
        .object([
            "ref": .string(activity.ref.description), "group": .string(activity.ref.group), "title": .string(activity.title),
            "status": .string(activity.status.rawValue), "lead": .string(activity.lead), "start": .day(activity.start),
            "end": .day(activity.end), "cancelledOn": .day(activity.cancelledOn),
            "milestones": .int(activity.progress.milestones), "milestonesDone": .int(activity.progress.milestonesDone),
            "overdue": .int(activity.progress.overdue), "nextDue": .day(activity.nextDue),
            "partners": .array(activity.partners.map { .string($0.code) }),
            "partnerKinds": .object(activity.partners.map { JSON.Member($0.code, .string($0.kind.rawValue)) }),
            "links": .array(activity.links.map { .string($0.description) }),
        ])
    }

    /// Per-activity lines under a group's report: status, milestones done, next due, overdue.
    static func breakdown(_ activities: [ActivitySummary], style: Style) -> String {
        guard !activities.isEmpty else { return "No activities yet.\n" }
        return table(activities).text(style: style) { row, column, padded in
            let activity = activities[row]
            switch column {
            case 1 where activity.status == .completed: return style.green(padded)
            case 1 where activity.status == .cancelled: return style.dim(padded)
            case 4 where activity.progress.overdue > 0: return style.red(padded)
            default: return padded
            }
        }
    }

    // MARK: - One activity

    public static func text(_ detail: ActivityDetail, asOf: Day, style: Style) -> String {
        let activity = detail.summary
        var out = style.bold("\(activity.ref)  \(Terminal.safe(activity.title))") + "\n"
        var fields: [(String, String)] = [
            ("Group", "\(activity.ref.group) (\(Terminal.safe(detail.groupName)))"),
            ("Status", "\(activity.status.rawValue) as of \(asOf)"),
            ("Lead", activity.lead ?? "—"),
            ("Partners", activity.partners.isEmpty ? "—" : partnerList(activity.partners)),
            ("Planned", planned(activity)),
        ]
        if let cancelledOn = activity.cancelledOn {
            fields.append(("Cancelled", cancelledOn.description + (detail.cancellationNote.map { " — \(Terminal.safe($0))" } ?? "")))
        }
        fields.append(("Agenda", detail.agenda.isEmpty ? "—" : detail.agenda.map { "\($0.number). \($0.title)" }.joined(separator: "\n")))
        if !detail.links.isEmpty {
            fields.append(("Links", detail.links.map { "\($0.ref) \(Terminal.safe($0.title))" }.joined(separator: "\n")))
        }
        if activity.status != .cancelled {
            let progress = activity.progress
            fields.append(("Progress", "\(progress.milestonesDone) of \(counted(progress.milestones, "milestone")) done "
                           + "(\(Format.percent(progress.percentComplete))), \(progress.overdue) overdue"))
        }
        let labelWidth = fields.map(\.0.count).max() ?? 0
        for (label, value) in fields {
            let indent = String(repeating: " ", count: labelWidth + 3)
            let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
            out += label + ":" + String(repeating: " ", count: labelWidth - label.count + 2) + lines.joined(separator: "\n" + indent) + "\n"
        }
        if let description = detail.description, !description.isEmpty {
            out += "\n" + style.bold("Description") + "\n"
            out += Terminal.safe(description, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        out += "\n" + style.bold("Milestones") + "\n"
        if detail.milestones.isEmpty {
            out += "  none yet: add one with mawp milestone add \(activity.ref) TITLE --due DATE\n"
        } else {
            let table = Table(
                columns: [.init("Ref"), .init("State"), .init("Done on"), .init("Due"), .init("Title")],
                rows: detail.milestones.map { milestone in
                    [milestone.ref.description, state(milestone), Format.day(milestone.doneOn), Format.day(milestone.due), milestone.title]
                })
            out += table.text(style: style) { row, column, padded in
                guard column == 1 else { return padded }
                let milestone = detail.milestones[row]
                return milestone.done ? style.green(padded) : milestone.overdue ? style.red(padded) : padded
            }.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        if !detail.indicators.isEmpty {
            out += "\n" + style.bold("Indicators") + "\n"
            out += IndicatorsView.table(detail.indicators).text(style: style)
                .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        if !detail.history.isEmpty {
            out += "\n" + style.bold("History") + "\n"
            let table = Table(
                columns: [.init("Recorded"), .init("Effective"), .init("Change"), .init("Ref"), .init("By"), .init("Detail")],
                rows: detail.history.map { change in
                    [HTMLReport.generated(change.recordedAt), change.on.description, ChangeText.label(change.kind, new: change.new),
                     change.ref, change.by, ChangeText.detail(change)]
                })
            out += table.text(style: style).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    public static func json(_ detail: ActivityDetail, asOf: Day) -> JSON {
        let activity = detail.summary
        guard case .object(var members) = summaryJSON(activity) else { return .null }
        // One activity's links come with their titles.
        members.removeAll { $0.key == "links" }
        members += [
            .init("asOf", .string(asOf.description)),
            .init("groupName", .string(detail.groupName)),
            .init("description", .string(detail.description)),
            .init("agenda", .array(detail.agenda.map { .object(["number": .int($0.number), "title": .string($0.title)]) })),
            .init("links", .array(detail.links.map {
                .object(["framework": .string($0.ref.framework), "code": .string($0.ref.code), "title": .string($0.title)])
            })),
            .init("cancellationNote", .string(detail.cancellationNote)),
            .init("percentComplete", .double(activity.progress.percentComplete)),
            .init("milestoneList", .array(detail.milestones.map { milestone in
                .object([
                    "ref": .string(milestone.ref.description), "title": .string(milestone.title), "due": .day(milestone.due),
                    "done": .bool(milestone.done), "doneOn": .day(milestone.doneOn), "overdue": .bool(milestone.overdue),
                ])
            })),
            .init("indicatorList", .array(detail.indicators.map(IndicatorsView.json))),
            .init("history", .array(detail.history.map(ChangeText.json))),
        ]
        return .object(members)
    }

    static func state(_ milestone: MilestoneState) -> String {
        milestone.done ? "done" : milestone.overdue ? "overdue" : "open"
    }

    static func planned(_ activity: ActivitySummary) -> String {
        switch (activity.start, activity.end) {
        case (nil, nil): return "—"
        case (let start?, nil): return "from \(start)"
        case (nil, let end?): return "until \(end)"
        case (let start?, let end?): return "\(start) to \(end)"
        }
    }
}
