import WorkPlan

/// The event log, oldest first.
public enum LogView {
    /// With `width` (the terminal's), the change and the note wrap between words to fit;
    /// dates and references never wrap.
    public static func text(_ events: [LoggedEvent], style: Style, width: Int? = nil) -> String {
        guard !events.isEmpty else { return "No events.\n" }
        let table = Table(
            columns: [.init("Date"), .init("Event"), .init("Ref"), .init("By"), .init("Recorded"), .init("Change", wraps: true),
                      .init("Note", wraps: true)],
            rows: events.map { event in
                let details = JSON.parse(event.details)
                return [event.effectiveOn.description, event.kind, reference(event), event.actor,
                        HTMLReport.generated(event.recordedAt), change(event.kind, details), event.note ?? ""]
            })
        return table.text(style: style, width: width)
    }

    /// An edit's old → new values; a chair's term as set or removed, and what it was.
    static func change(_ kind: String, _ details: JSON?) -> String {
        func term(_ values: JSON?) -> String {
            "\(ChangeText.value(values?["agency"])) to \(values?["until"].flatMap(\.stringValue) ?? "no end")"
        }
        switch EventKind(rawValue: kind) {
        case .periodAdded?:
            return "\(ChangeText.value(details?["title"])), \(ChangeText.value(details?["from"])) to \(ChangeText.value(details?["to"])), "
                + "updates due by \(ChangeText.value(details?["deadline"]))"
        case .updateWritten?:
            // The status as a change; the long texts by name only (the update shows them whole).
            let new = details?["new"]
            let status = new?["status"].map { "status \(ChangeText.value(details?["old"]?["status"])) → \(ChangeText.value($0))" }
            let texts = ["achievements", "challenges", "nextSteps"].filter { new?[$0] != nil }
            return ([status] + [texts.isEmpty ? nil : texts.joined(separator: ", ") + " written"]).compactMap { $0 }.joined(separator: "; ")
        case .chairSet?, .chairRemoved?:
            let from = "term from \(ChangeText.value(details?["from"]))"
            let was = details?["old"].flatMap { $0 == .null ? nil : $0 }.map { "was \(term($0))" }
            if kind == EventKind.chairRemoved.rawValue { return [from + " removed", was].compactMap { $0 }.joined(separator: "; ") }
            return [from + ": " + term(details), was ?? "new"].joined(separator: "; ")
        default:
            return details?["old"] == nil ? "" : ChangeText.detail(old: details?["old"], new: details?["new"])
        }
    }

    /// What the event is about: a milestone, an activity (with the period, for its update), a
    /// reporting period, a group or an agency.
    static func reference(_ event: LoggedEvent) -> String {
        let period = event.kind.hasPrefix("update.") || event.kind.hasPrefix("period.")
            ? JSON.parse(event.details).flatMap { $0["period"] ?? $0["code"] }?.stringValue : nil
        if let period { return event.activity.map { "\($0) \(period)" } ?? period }
        return event.milestone?.description ?? event.activity?.description ?? event.group ?? event.agency ?? ""
    }

    public static func json(_ events: [LoggedEvent]) -> JSON {
        .object(["events": .array(events.map { event in
            .object([
                "id": .int(Int(event.id)), "kind": .string(event.kind), "on": .string(event.effectiveOn.description),
                "recordedAt": .string(event.recordedAt), "by": .string(event.actor), "group": .string(event.group),
                "activity": .string(event.activity?.description), "milestone": .string(event.milestone?.description),
                "agency": .string(event.agency), "note": .string(event.note), "details": .raw(event.details),
            ])
        })])
    }
}
