/// What the event log makes of each row of the plan. These functions are the only definition of
/// what an event does: a change appends its event and stores the projection of its row's events;
/// `mawp check`, imports and `--as-recorded` replay the log through the same functions.
/// Events come in record order (by id); effective dates order what is dated. A milestone's row
/// is SQL's (PlanStore.storeMilestonesSQL and the dated rules of PlanStore+Queries.swift), so that
/// an import or a replay projects every milestone in one statement.

/// What an activity holds on a range of dates: its lead, partners, agenda points and planned dates.
struct ActivityVersion: Equatable {
    /// From this date (nil: every earlier date) until the day before `validUntil` (nil: on).
    var validFrom: Day?
    var validUntil: Day?
    var lead: String?
    var partners: [String] = []
    var start: Day?
    var end: Day?
    var agenda: [Int] = []
    /// Links to the points of frameworks other than the agenda, in order.
    var links: [PointRef] = []

    /// The version as the plan keeps it: the lead not among the partners, and each partner, agenda
    /// point and link once, in order.
    func normalised() -> ActivityVersion {
        ActivityVersion(validFrom: validFrom, validUntil: validUntil, lead: lead, partners: PlanStore.partners(partners, lead: lead),
                        start: start, end: end, agenda: Array(Set(agenda)).sorted(), links: Array(Set(links)).sorted())
    }

    /// The same plan, whatever the dates it holds on.
    func samePlan(as other: ActivityVersion) -> Bool {
        (lead, partners, start, end, agenda, links) == (other.lead, other.partners, other.start, other.end, other.agenda, other.links)
    }

    /// Takes the values an event sets (`activity.added`'s details, or an edit's "new" object).
    mutating func take(_ values: JSON) {
        if let lead = values["lead"] { self.lead = lead.stringValue }
        if let partners = values["partners"]?.arrayValue { self.partners = partners.compactMap(\.stringValue).sorted() }
        if let start = values["start"] { self.start = start.dayValue }
        if let end = values["end"] { self.end = end.dayValue }
        if let agenda = values["agenda"]?.arrayValue { self.agenda = agenda.compactMap(\.intValue).sorted() }
        if let links = values["links"]?.arrayValue { self.links = links.compactMap { $0.stringValue.flatMap(PointRef.init) }.sorted() }
    }

    /// Whether `values` sets any field of a version.
    static func sets(_ values: JSON) -> Bool {
        ["lead", "partners", "start", "end", "agenda", "links"].contains { values[$0] != nil }
    }
}

/// An activity as its events make it.
struct ActivityProjection: Equatable {
    var title = ""
    var description: String?
    var addedOn: Day?
    var cancelledOn: Day?
    /// In date order, covering every date, each different from the one before.
    var versions: [ActivityVersion] = []

    init(events: [StoredEvent]) {
        var first = ActivityVersion()
        var changes: [StoredEvent] = []
        for event in events {
            switch event.kind {
            case .activityAdded:
                title = event.details["title"]?.stringValue ?? title
                description = event.details["description"]?.stringValue
                addedOn = event.details["addedOn"]?.dayValue
                first.take(event.details)
            case .activityEdited:
                // Titles and descriptions: the latest recorded. The rest: by effective date.
                if let new = event.new("title")?.stringValue { title = new }
                if let new = event.new("description") { description = new.stringValue }
                if let new = event.details["new"], ActivityVersion.sets(new) { changes.append(event) }
            case .activityCancelled:
                cancelledOn = event.on
            default:
                break
            }
        }
        changes.sort { ($0.on, $0.id) < ($1.on, $1.id) }
        versions = [first]
        for change in changes {
            var next = versions[versions.count - 1]
            next.take(change.details["new"] ?? .object([]))
            if next.samePlan(as: versions[versions.count - 1]) { continue }
            if versions[versions.count - 1].validFrom == change.on {
                // A second change on the same date makes one version with the first.
                versions[versions.count - 1] = next
                if versions.count > 1 && versions[versions.count - 2].samePlan(as: next) {
                    versions.removeLast()
                    versions[versions.count - 1].validUntil = nil
                }
                continue
            }
            versions[versions.count - 1].validUntil = change.on
            next.validFrom = change.on
            next.validUntil = nil
            versions.append(next)
        }
    }
}

/// An agency's or a group's name and, for a group, its leads, as the latest event recorded
/// about it says; nil fields when no event says (a seeded row keeps its own).
struct NameProjection: Equatable {
    var name: String?
    /// An agency's kind.
    var kind: String?
    /// Agency codes of a group's leads, in order.
    var leads: [String]?

    init(events: [StoredEvent]) {
        for event in events {
            switch event.kind {
            case .agencyAdded, .groupAdded:
                name = event.details["name"]?.stringValue ?? name
                // An agency added before kinds existed is "other", as the migration made it.
                if event.kind == .agencyAdded { kind = event.details["kind"]?.stringValue ?? AgencyKind.other.rawValue }
                if let leads = event.details["leads"]?.arrayValue {
                    self.leads = leads.compactMap { $0["agency"]?.stringValue }
                }
            case .agencyEdited, .groupEdited:
                if let new = event.new("name")?.stringValue { name = new }
                if let new = event.new("kind")?.stringValue { kind = new }
                if let leads = event.new("leads")?.arrayValue { self.leads = leads.compactMap(\.stringValue) }
            default:
                break
            }
        }
    }

    /// Fills what no event said with the values `later` edits changed from (in record order,
    /// the first edit of each field): what an agency or group was before edits taken away.
    mutating func fill(before later: [StoredEvent]) {
        for event in later where event.kind == .agencyEdited || event.kind == .groupEdited {
            if name == nil, let old = event.details["old"]?["name"]?.stringValue { name = old }
            if kind == nil, let old = event.details["old"]?["kind"]?.stringValue { kind = old }
            if leads == nil, let old = event.details["old"]?["leads"]?.arrayValue { leads = old.compactMap(\.stringValue) }
        }
    }
}
