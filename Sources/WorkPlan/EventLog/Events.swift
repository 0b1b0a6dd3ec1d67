/// The kinds of change the event log records (the `event_kind` table holds the same names).
public enum EventKind: String, CaseIterable, Sendable {
    case agencyAdded = "agency.added"
    case agencyEdited = "agency.edited"
    case groupAdded = "group.added"
    case groupEdited = "group.edited"
    case activityAdded = "activity.added"
    case activityEdited = "activity.edited"
    case activityCancelled = "activity.cancelled"
    case milestoneAdded = "milestone.added"
    case milestoneEdited = "milestone.edited"
    case milestoneDropped = "milestone.dropped"
    case milestoneDone = "milestone.done"
    case milestoneReopened = "milestone.reopened"
    case indicatorAdded = "indicator.added"
    case indicatorRecorded = "indicator.recorded"
    case planSample = "plan.sample"
    case baselineAdded = "baseline.added"
    case frameworkAdded = "framework.added"
    case pointAdded = "framework.point-added"
    case chairSet = "chair.set"
    case chairRemoved = "chair.removed"
    case periodAdded = "period.added"
    case periodLocked = "period.locked"
    case periodUnlocked = "period.unlocked"
    case updateWritten = "update.written"
    case updateSubmitted = "update.submitted"
    case updateReturned = "update.returned"
    case updateApproved = "update.approved"
    case updateReopened = "update.reopened"

    /// SQL text of the kind, for statements that name it.
    var sql: String { "'\(rawValue)'" }
}

/// One event as stored, as the projections read it: what kind, when it takes effect, the order
/// it was recorded in, and its values.
struct StoredEvent {
    let id: Int64
    let kind: EventKind
    let on: Day
    let details: JSON

    init?(id: Int64, kind: String, on: String, details: String) {
        guard let kind = EventKind(rawValue: kind), let on = Day(on) else { return nil }
        self.id = id
        self.kind = kind
        self.on = on
        // The projections read the values of these kinds only; the others say all by their kind and date.
        self.details = StoredEvent.withValues.contains(kind) ? JSON.parse(details) ?? .object([]) : .object([])
    }

    static let withValues: Set<EventKind> = [.agencyAdded, .agencyEdited, .groupAdded, .groupEdited, .activityAdded,
                                             .activityEdited, .milestoneAdded, .milestoneEdited, .indicatorAdded,
                                             .chairSet, .chairRemoved, .periodAdded, .updateWritten]

    /// The new value of `key` in an edit (`{"old": {...}, "new": {...}}`), nil when the edit
    /// leaves it as it was.
    func new(_ key: String) -> JSON? { details["new"]?[key] }
}

/// The details of an edit: the old and the new value of each field it changes.
struct EditDetails {
    private(set) var old: [JSON.Member] = []
    private(set) var new: [JSON.Member] = []

    var isEmpty: Bool { new.isEmpty }

    /// Records `key` when its value changes.
    mutating func change(_ key: String, from old: JSON, to new: JSON?) {
        guard let new, new != old else { return }
        self.old.append(JSON.Member(key, old))
        self.new.append(JSON.Member(key, new))
    }

    func json(ref: String) -> JSON {
        .object(["ref": .string(ref), "old": .object(old), "new": .object(new)])
    }
}
