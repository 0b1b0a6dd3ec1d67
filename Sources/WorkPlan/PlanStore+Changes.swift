import SQLite

/// Every change to the plan: one `BEGIN IMMEDIATE` transaction each, with its event-log row.
extension PlanStore {
    /// Who made a change, and on which date it takes effect.
    public struct Author: Sendable {
        public let name: String
        public let today: Day

        public init(name: String, today: Day = .today()) {
            self.name = name
            self.today = today
        }
    }

    // MARK: - Agencies and groups

    public func addAgency(code: String, name: String, by author: Author) throws -> Agency {
        try write {
            if try db.scalarInt("SELECT 1 FROM agency WHERE code = ?1", [.text(code)]) != nil {
                throw MawpError(.data, "agency \(code) exists already", hint: "agency codes ignore case, spaces and hyphens")
            }
            try db.cachedStatement("INSERT INTO agency (code, name) VALUES (?1, ?2)").execute([.text(code), .text(name)])
            let id = db.lastInsertRowID
            try appendEvent("agency.added", on: author.today, by: author, agency: id,
                            details: .object(["code": .string(code), "name": .string(name)]))
            return Agency(code: code, name: name)
        }
    }

    public func addGroup(code: String, name: String, kind: GroupKind, leads: [String], by author: Author) throws -> Group {
        try write {
            if try db.scalarInt("SELECT 1 FROM work_group WHERE code = ?1", [.text(code)]) != nil {
                throw MawpError(.data, "group \(code) exists already", hint: "see mawp group list")
            }
            let leadCodes = leads.uniqued()
            let leadIDs = try leadCodes.map(agencyID)
            try db.cachedStatement("INSERT INTO work_group (code, kind, name) VALUES (?1, ?2, ?3)")
                .execute([.text(code), .text(kind.rawValue), .text(name)])
            let id = db.lastInsertRowID
            let role = kind.leadRole(leadCount: leadCodes.count)
            let insertLead = try db.cachedStatement("INSERT INTO group_lead (group_id, agency_id, role, position) VALUES (?1, ?2, ?3, ?4)")
            for (position, agency) in leadIDs.enumerated() {
                try insertLead.execute([.integer(id), .integer(agency), .text(role.rawValue), .int(position + 1)])
            }
            let group = Group(code: code, kind: kind, name: name, leads: leadCodes.map { GroupLead(agency: $0, role: role) })
            try appendEvent("group.added", on: author.today, by: author, group: id, details: .object([
                "code": .string(code), "name": .string(name), "kind": .string(kind.rawValue),
                "leads": .array(group.leads.map { .object(["agency": .string($0.agency), "role": .string($0.role.rawValue)]) }),
            ]))
            return group
        }
    }

    // MARK: - Activities

    /// What a new activity holds. Agency codes are canonical; the dates are checked by the caller.
    public struct NewActivity: Sendable {
        public var group: String
        public var title: String
        public var description: String?
        public var lead: String?
        public var partners: [String]
        public var start: Day?
        public var end: Day?
        public var agenda: [Int]

        public init(group: String, title: String, description: String? = nil, lead: String? = nil,
                    partners: [String] = [], start: Day? = nil, end: Day? = nil, agenda: [Int] = []) {
            self.group = group
            self.title = title
            self.description = description
            self.lead = lead
            self.partners = partners
            self.start = start
            self.end = end
            self.agenda = agenda
        }
    }

    /// Adds an activity under the next free number of its group and returns its reference.
    public func addActivity(_ new: NewActivity, by author: Author) throws -> ActivityRef {
        try write {
            let group = try groupRow(new.group)
            let leadID = try new.lead.map(agencyID)
            // The lead is not listed again among the partners.
            let partners = new.partners.uniqued().filter { $0 != new.lead }
            let partnerIDs = try partners.map(agencyID)
            let agenda = Array(Set(new.agenda)).sorted()
            let number = (try db.scalarInt("SELECT max(number) FROM activity WHERE group_id = ?1", [.integer(group.id)]) ?? 0) + 1
            try db.cachedStatement("""
                INSERT INTO activity (group_id, number, title, description, lead_agency_id, start_on, end_on)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """).execute([.integer(group.id), .int(number), .text(new.title), .nullable(new.description),
                              leadID.map { .integer($0) } ?? .null, .nullable(new.start?.description), .nullable(new.end?.description)])
            let id = db.lastInsertRowID
            let insertPartner = try db.cachedStatement("INSERT INTO activity_partner (activity_id, agency_id) VALUES (?1, ?2)")
            for partner in partnerIDs {
                try insertPartner.execute([.integer(id), .integer(partner)])
            }
            let insertPoint = try db.cachedStatement("INSERT INTO activity_agenda (activity_id, point) VALUES (?1, ?2)")
            for point in agenda {
                try insertPoint.execute([.integer(id), .int(point)])
            }
            let ref = ActivityRef(group: group.code, number: number)
            try appendEvent("activity.added", on: author.today, by: author, group: group.id, activity: id,
                            details: PlanStore.activityAddedDetails(ref, new: NewActivity(
                                group: new.group, title: new.title, description: new.description, lead: new.lead,
                                partners: partners, start: new.start, end: new.end, agenda: agenda)))
            return ref
        }
    }

    /// Cancels an activity from `on`. Cancelling a cancelled activity changes nothing.
    public func cancelActivity(_ ref: ActivityRef, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let activity = try activityRow(ref)
            if let cancelledOn = activity.cancelledOn {
                return .unchanged("\(ref) is already cancelled (on \(cancelledOn))")
            }
            try db.cachedStatement("UPDATE activity SET cancelled_on = ?2 WHERE id = ?1")
                .execute([.integer(activity.id), .text(on.description)])
            try appendEvent("activity.cancelled", on: on, by: author, group: activity.groupID, activity: activity.id,
                            note: note, details: .object(["ref": .string(ref.description)]))
            return .changed
        }
    }

    // MARK: - Milestones

    /// Adds a milestone under the next number of its activity and returns its reference.
    public func addMilestone(to activityRef: ActivityRef, title: String, due: Day?, by author: Author) throws -> MilestoneRef {
        try write {
            let activity = try activityRow(activityRef)
            if let cancelledOn = activity.cancelledOn {
                throw MawpError(.data, "\(activityRef) was cancelled on \(cancelledOn); it takes no new milestones")
            }
            let number = (try db.scalarInt("SELECT max(number) FROM milestone WHERE activity_id = ?1", [.integer(activity.id)]) ?? 0) + 1
            try db.cachedStatement("INSERT INTO milestone (activity_id, number, title, due_on) VALUES (?1, ?2, ?3, ?4)")
                .execute([.integer(activity.id), .int(number), .text(title), .nullable(due?.description)])
            let id = db.lastInsertRowID
            let ref = MilestoneRef(activity: activityRef, number: number)
            try appendEvent("milestone.added", on: author.today, by: author, group: activity.groupID, activity: activity.id,
                            milestone: id, details: PlanStore.milestoneAddedDetails(ref, title: title, due: due))
            return ref
        }
    }

    /// Marks a milestone done (or not done) from `on`. When it already is as asked on that date,
    /// nothing is written and the outcome says so.
    public func setMilestone(_ ref: MilestoneRef, done: Bool, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let milestone = try milestoneRow(ref)
            var history = try statusEvents(milestoneID: milestone.id)
            let current = MilestoneHistory.state(history, asOf: on)
            if current.done == done {
                if let since = current.since {
                    return .unchanged("\(ref) is already done (since \(since)); nothing changed")
                }
                return .unchanged("\(ref) is not done as of \(on); nothing to reopen")
            }
            let kind = done ? "milestone.done" : "milestone.reopened"
            let eventID = try appendEvent(kind, on: on, by: author, group: milestone.groupID, activity: milestone.activityID,
                                          milestone: milestone.id, note: note, details: .object(["ref": .string(ref.description)]))
            history.append(MilestoneHistory.Event(done: done, on: on, sequence: eventID))
            history.sort()
            let final = MilestoneHistory.state(history, asOf: nil)
            try db.cachedStatement("UPDATE milestone SET done_on = ?2, status_changes = ?3 WHERE id = ?1")
                .execute([.integer(milestone.id), .nullable(final.since?.description), .int(history.count)])
            return .changed
        }
    }

    /// The values an `activity.added` event records.
    static func activityAddedDetails(_ ref: ActivityRef, new: NewActivity) -> JSON {
        .object([
            "ref": .string(ref.description), "title": .string(new.title), "description": .string(new.description),
            "lead": .string(new.lead), "partners": .array(new.partners.map { .string($0) }),
            "start": .day(new.start), "end": .day(new.end), "agenda": .array(new.agenda.map { .int($0) }),
        ])
    }

    /// The values a `milestone.added` event records.
    static func milestoneAddedDetails(_ ref: MilestoneRef, title: String, due: Day?) -> JSON {
        .object(["ref": .string(ref.description), "title": .string(title), "due": .day(due)])
    }

    /// Replays every milestone's done/reopened events in one ordered pass over their index and
    /// calls `body` with each milestone that has any: its id, where its last run of "done" began
    /// (nil when it is not done), and how many such events it has.
    func forEachReplayedMilestone(_ body: (_ id: Int64, _ since: Day?, _ changes: Int) throws -> Void) throws {
        var current: Int64 = -1
        var history: [MilestoneHistory.Event] = []
        func settle() throws {
            guard current >= 0 else { return }
            try body(current, MilestoneHistory.state(history, asOf: nil).since, history.count)
        }
        try db.prepare("""
            SELECT milestone_id, kind = 'milestone.done', effective_on, id FROM event
            WHERE milestone_id IS NOT NULL AND kind IN ('milestone.done', 'milestone.reopened')
            ORDER BY milestone_id, effective_on, id
            """).forEachRow { row in
            if row.int64(0) != current {
                try settle()
                current = row.int64(0)
                history.removeAll(keepingCapacity: true)
            }
            history.append(MilestoneHistory.Event(done: row.bool(1), on: Day(row.string(2)) ?? PlanPeriod.start, sequence: row.int64(3)))
        }
        try settle()
    }

    /// A milestone's done/reopened events, in effective order.
    func statusEvents(milestoneID: Int64) throws -> [MilestoneHistory.Event] {
        try db.cachedStatement("""
            SELECT kind = 'milestone.done', effective_on, id FROM event
            WHERE milestone_id = ?1 AND kind IN ('milestone.done', 'milestone.reopened')
            ORDER BY effective_on, id
            """).map([.integer(milestoneID)]) { row in
            MilestoneHistory.Event(done: row.bool(0), on: Day(row.string(1)) ?? Day.epoch, sequence: row.int64(2))
        }
    }

    /// Runs `body` as one write: its own `BEGIN IMMEDIATE` transaction, or a savepoint inside
    /// the write that is already open (so a bulk load stays one transaction).
    func write<T>(_ body: () throws -> T) throws -> T {
        db.isInTransaction ? try db.savepoint(body) : try db.writeTransaction(body)
    }

    // MARK: - Event log

    @discardableResult
    func appendEvent(_ kind: String, on: Day, by author: Author, agency: Int64? = nil, group: Int64? = nil,
                     activity: Int64? = nil, milestone: Int64? = nil, indicator: Int64? = nil, note: String? = nil,
                     details: JSON, recordedAt: String? = nil) throws -> Int64 {
        func id(_ value: Int64?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
        try db.cachedStatement("""
            INSERT INTO event (kind, effective_on, recorded_at, actor, agency_id, group_id, activity_id, milestone_id,
                               indicator_id, note, details)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """).execute([
                .text(kind), .text(on.description), .text(recordedAt ?? Timestamp.now()), .text(author.name),
                id(agency), id(group), id(activity), id(milestone), id(indicator), .nullable(note), .text(details.serialized()),
            ])
        return db.lastInsertRowID
    }
}

/// The done/reopened history of one milestone and the progress rule over it: a milestone is done
/// as of D when its latest event (by effective date, then by when it was recorded) on or before D
/// is "done".
public enum MilestoneHistory {
    public struct Event: Comparable, Sendable {
        public let done: Bool
        public let on: Day
        /// Record order (the event id): breaks ties between events of the same date.
        public let sequence: Int64

        public init(done: Bool, on: Day, sequence: Int64) {
            self.done = done
            self.on = on
            self.sequence = sequence
        }

        public static func < (lhs: Event, rhs: Event) -> Bool {
            (lhs.on, lhs.sequence) < (rhs.on, rhs.sequence)
        }
    }

    /// The state as of `asOf` (or after every event, for nil) of events sorted in effective order:
    /// done or not, and the date the run of "done" holding then began.
    public static func state(_ events: [Event], asOf: Day?) -> (done: Bool, since: Day?) {
        var done = false
        var since: Day?
        for event in events {
            if let asOf, event.on > asOf { break }
            if event.done && !done { since = event.on }
            if !event.done { since = nil }
            done = event.done
        }
        return (done, since)
    }
}

extension Day {
    /// 1970-01-01, for the impossible case of an unreadable stored date.
    static let epoch = Day(dayNumber: 0) ?? Day.today()
}

extension Array where Element: Hashable {
    /// The elements in order, each kept once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
