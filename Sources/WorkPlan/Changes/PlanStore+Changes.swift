import SQLite

/// Every change to the plan: one `BEGIN IMMEDIATE` transaction each. A change checks the plan's
/// rules, appends its event (with the old and new values) and stores what the event log now
/// makes of the row it changed (PlanStore+Projection.swift): the log is the record of the plan.
extension PlanStore {
    /// Who made a change, and on which date it takes effect by default.
    public struct Author: Sendable {
        public let name: String
        public let today: Day

        public init(name: String, today: Day = .today()) {
            self.name = name
            self.today = today
        }
    }

    // MARK: - Agencies and groups

    public func addAgency(code: String, name: String, kind: AgencyKind = .other, by author: Author) throws -> Agency {
        try write {
            if try db.scalarInt("SELECT 1 FROM agency WHERE code = ?1", [.text(code)]) != nil {
                throw PlanError.duplicateAgency(code)
            }
            let id = try nextID("agency")
            try appendEvent(.agencyAdded, on: author.today, by: author, agency: id,
                            details: .object(["code": .string(code), "name": .string(name), "kind": .string(kind.rawValue)]))
            try storeAgency(id: id, code: code, NameProjection(events: try events(agencyID: id)))
            return Agency(code: code, name: name, kind: kind)
        }
    }

    /// Renames an agency or says what kind of stakeholder it is; its code never changes.
    public func editAgency(code: String, name: String?, kind: AgencyKind? = nil, by author: Author) throws -> ChangeOutcome {
        try write {
            let id = try agencyID(code)
            let old = try db.cachedStatement("SELECT name, kind FROM agency WHERE id = ?1").first([.integer(id)]) { ($0.string(0), $0.string(1)) }
            var edit = EditDetails()
            edit.change("name", from: .string(old?.0), to: name.map { .string($0) })
            edit.change("kind", from: .string(old?.1), to: kind.map { .string($0.rawValue) })
            if edit.isEmpty { return .unchanged("agency \(code) already reads so; nothing changed") }
            if let kind, kind != .gmgMember {
                if try db.scalarInt("SELECT 1 FROM group_lead WHERE agency_id = ?1", [.integer(id)]) != nil {
                    throw PlanError.notAMember(code, kind: kind, role: .groupLead)
                }
                if try db.scalarInt("SELECT 1 FROM chair_term WHERE agency_id = ?1", [.integer(id)]) != nil {
                    throw PlanError.notAMember(code, kind: kind, role: .chair)
                }
            }
            try appendEvent(.agencyEdited, on: author.today, by: author, agency: id, details: edit.json(ref: code))
            try storeAgency(id: id, code: code, NameProjection(events: try events(agencyID: id)))
            return .changed
        }
    }

    public func addGroup(code: String, name: String, kind: GroupKind, leads: [String], by author: Author) throws -> Group {
        try write {
            if try db.scalarInt("SELECT 1 FROM work_group WHERE code = ?1", [.text(code)]) != nil {
                throw PlanError.duplicateGroup(code)
            }
            let leadCodes = leads.uniqued()
            for lead in leadCodes { try checkMember(lead) }
            let id = try nextID("work_group")
            let group = Group(code: code, kind: kind, name: name, leads: leadCodes.map { GroupLead(agency: $0, role: kind.leadRole(leadCount: leadCodes.count)) })
            try appendEvent(.groupAdded, on: author.today, by: author, group: id, details: .object([
                "code": .string(code), "name": .string(name), "kind": .string(kind.rawValue),
                "leads": .array(group.leads.map { .object(["agency": .string($0.agency), "role": .string($0.role.rawValue)]) }),
            ]))
            try storeGroup(id: id, code: code, kind: kind, NameProjection(events: try events(groupID: id)))
            return group
        }
    }

    /// Renames a group or replaces its leads; its code and kind never change.
    public func editGroup(code: String, name: String?, leads: [String]?, by author: Author) throws -> ChangeOutcome {
        try write {
            let group = try groupRow(code)
            let oldLeads = try db.cachedStatement("""
                SELECT a.code FROM group_lead l JOIN agency a ON a.id = l.agency_id WHERE l.group_id = ?1 ORDER BY l.position
                """).map([.integer(group.id)]) { $0.string(0) }
            let newLeads = leads?.uniqued()
            for lead in newLeads ?? [] { try checkMember(lead) }
            var edit = EditDetails()
            edit.change("name", from: .string(group.name), to: name.map { .string($0) })
            edit.change("leads", from: .array(oldLeads.map { .string($0) }), to: newLeads.map { .array($0.map { .string($0) }) })
            if edit.isEmpty { return .unchanged("group \(code) already has that name and those leads; nothing changed") }
            try appendEvent(.groupEdited, on: author.today, by: author, group: group.id, details: edit.json(ref: code))
            try storeGroup(id: group.id, code: code, kind: group.kind, NameProjection(events: try events(groupID: group.id)))
            return .changed
        }
    }

    /// Only a GMG member may lead a group.
    func checkMember(_ code: String, role: MemberRole = .groupLead) throws {
        _ = try agencyID(code)
        let kind = try db.cachedStatement("SELECT kind FROM agency WHERE code = ?1").first([.text(code)]) { AgencyKind(rawValue: $0.string(0)) } ?? nil
        if let kind, kind != .gmgMember { throw PlanError.notAMember(code, kind: kind, role: role) }
    }

    // MARK: - Activities

    /// What a new activity holds. Agency codes are canonical.
    public struct NewActivity: Sendable {
        public var group: String
        public var title: String
        public var description: String?
        public var lead: String?
        public var partners: [String]
        public var start: Day?
        public var end: Day?
        public var agenda: [Int]
        /// Points of other frameworks it serves.
        public var links: [PointRef]
        /// The date it joins the plan; nil: it counts on every date (a plan entered after the fact).
        public var addedOn: Day?

        public init(group: String, title: String, description: String? = nil, lead: String? = nil,
                    partners: [String] = [], start: Day? = nil, end: Day? = nil, agenda: [Int] = [], links: [PointRef] = [],
                    addedOn: Day? = nil) {
            self.group = group
            self.title = title
            self.description = description
            self.lead = lead
            self.partners = partners
            self.start = start
            self.end = end
            self.agenda = agenda
            self.links = links
            self.addedOn = addedOn
        }
    }

    /// Adds an activity under the next free number of its group and returns its reference.
    public func addActivity(_ new: NewActivity, by author: Author) throws -> ActivityRef {
        try write {
            let group = try groupRow(new.group)
            let number = (try db.scalarInt("SELECT max(number) FROM activity WHERE group_id = ?1", [.integer(group.id)]) ?? 0) + 1
            let ref = ActivityRef(group: group.code, number: number)
            let version = try checkedVersion(lead: new.lead, partners: new.partners, start: new.start, end: new.end, agenda: new.agenda,
                                             links: new.links)
            let id = try nextID("activity")
            try appendEvent(.activityAdded, on: new.addedOn ?? author.today, by: author, group: group.id, activity: id,
                            details: PlanStore.activityAddedDetails(ref, title: new.title, description: new.description,
                                                                    version: version, addedOn: new.addedOn))
            try projectActivity(id: id, groupID: group.id, number: number)
            return ref
        }
    }

    /// An edit of an activity: nil leaves a field as it is; `partners` and `agenda` replace the
    /// whole set; `links` replace the links of the frameworks they name, and leave the others.
    public struct ActivityEdit: Sendable {
        public var title: String?
        public var description: String?
        public var lead: String?
        public var partners: [String]?
        public var start: Day?
        public var end: Day?
        public var agenda: [Int]?
        public var links: [PointRef]?

        public init(title: String? = nil, description: String? = nil, lead: String? = nil, partners: [String]? = nil,
                    start: Day? = nil, end: Day? = nil, agenda: [Int]? = nil, links: [PointRef]? = nil) {
            self.title = title
            self.description = description
            self.lead = lead
            self.partners = partners
            self.start = start
            self.end = end
            self.agenda = agenda
            self.links = links
        }

        /// An edit's points as a user names them, through any front end: agenda points (`--agenda
        /// N`, `"agenda": [N]`) and links (`--link F:C`, `"links": ["F:C"]`, where `agenda:N` is
        /// agenda point N). The agenda changes (whole) when any agenda point is named; links
        /// change for the frameworks named, the others stay as they are. Nil: not named at all.
        public mutating func setPoints(agenda: [Int]?, links: [PointRef]?) {
            let (points, others) = PointRef.split(agenda: agenda ?? [], links: links ?? [])
            self.agenda = agenda != nil || links?.contains { $0.framework == "agenda" } == true ? points : nil
            self.links = others.isEmpty ? nil : others
        }
    }

    /// Edits an activity. The title and description change for every date; the lead, partners,
    /// agenda points and planned dates change from `on`. An edit that changes nothing says so.
    public func editActivity(_ ref: ActivityRef, _ change: ActivityEdit, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let activity = try activityRow(ref)
            let current = ActivityProjection(events: try events(activityID: activity.id))
            // The version holding on the date: what the dated fields change from.
            let before = try version(activityID: activity.id, asOf: on)
            let after = try checkedVersion(lead: change.lead ?? before.lead, partners: change.partners ?? before.partners,
                                           start: change.start ?? before.start, end: change.end ?? before.end,
                                           agenda: change.agenda ?? before.agenda,
                                           links: change.links.map { given in
                                               let named = Set(given.map(\.framework))
                                               return before.links.filter { !named.contains($0.framework) } + given
                                           } ?? before.links)
            var edit = EditDetails()
            edit.change("title", from: .string(current.title), to: change.title.map { .string($0) })
            edit.change("description", from: .string(current.description), to: change.description.map { .string($0) })
            edit.change("lead", from: .string(before.lead), to: .string(after.lead))
            edit.change("partners", from: .array(before.partners.map { .string($0) }), to: .array(after.partners.map { .string($0) }))
            edit.change("start", from: .day(before.start), to: .day(after.start))
            edit.change("end", from: .day(before.end), to: .day(after.end))
            edit.change("agenda", from: .array(before.agenda.map { .int($0) }), to: .array(after.agenda.map { .int($0) }))
            edit.change("links", from: .array(before.links.map { .string($0.description) }), to: .array(after.links.map { .string($0.description) }))
            if edit.isEmpty { return .unchanged("\(ref) already reads so on \(on); nothing changed") }
            try appendEvent(.activityEdited, on: on, by: author, group: activity.groupID, activity: activity.id, note: note,
                            details: edit.json(ref: ref.description))
            let projection = ActivityProjection(events: try events(activityID: activity.id))
            // A later version may now end before it starts (an earlier end against a later start).
            if let wrong = projection.versions.first(where: { v in v.start.flatMap { s in v.end.map { $0 < s } } ?? false }),
               let start = wrong.start, let end = wrong.end {
                throw PlanError.invalidDateRange(start: start, end: end, from: wrong.validFrom ?? on)
            }
            try storeActivity(id: activity.id, groupID: activity.groupID, number: ref.number, projection)
            return .changed
        }
    }

    /// Cancels an activity from `on`. Cancelling a cancelled activity changes nothing.
    public func cancelActivity(_ ref: ActivityRef, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let activity = try activityRow(ref)
            if let cancelledOn = activity.cancelledOn {
                return .unchanged("\(ref) is already cancelled (on \(cancelledOn))")
            }
            try appendEvent(.activityCancelled, on: on, by: author, group: activity.groupID, activity: activity.id,
                            note: note, details: .object(["ref": .string(ref.description)]))
            try projectActivity(id: activity.id, groupID: activity.groupID, number: ref.number)
            return .changed
        }
    }

    /// The lead is not listed again among the partners; each partner once, in code order.
    static func partners(_ partners: [String], lead: String?) -> [String] {
        Array(Set(partners.filter { $0 != lead })).sorted()
    }

    /// A version of an activity checked against the plan's rules: known agencies and agenda
    /// points, an end not before the start. Throws the first of ``versionProblems(_:)``.
    func checkedVersion(lead: String?, partners: [String], start: Day?, end: Day?, agenda: [Int], links: [PointRef] = []) throws -> ActivityVersion {
        let version = ActivityVersion(lead: lead, partners: partners, start: start, end: end, agenda: agenda, links: links)
        if let problem = try versionProblems(version).first { throw problem }
        return version.normalised()
    }

    /// Every rule of the plan that these values of an activity break, in the order of the
    /// fields: the lead, the partners, the dates, the agenda points, the links. Commands and
    /// importers check activities with it.
    func versionProblems(_ version: ActivityVersion) throws -> [PlanError] {
        let (lead, partners, start, end, agenda, links) = (version.lead, version.partners, version.start, version.end, version.agenda, version.links)
        var problems: [PlanError] = []
        func known(_ code: String) throws -> Bool {
            try db.cachedStatement("SELECT 1 FROM agency WHERE code = ?1").first([.text(code)]) { _ in true } ?? false
        }
        if let lead, try !known(lead) { problems.append(.unknownAgency(lead)) }
        for partner in partners.uniqued() where partner != lead {
            if try !known(partner) { problems.append(.unknownAgency(partner)) }
        }
        if let start, let end, end < start { problems.append(.invalidDateRange(start: start, end: end, from: nil)) }
        for point in agenda.uniqued() where try db.scalarInt("SELECT 1 FROM agenda_point WHERE number = ?1", [.int(point)]) == nil {
            problems.append(.unknownAgendaPoint(point, known: try agendaNumbers()))
        }
        for link in links.uniqued() {
            do { _ = try pointID(link) } catch let error as PlanError { problems.append(error) }
        }
        return problems
    }

    // MARK: - Milestones

    /// Adds a milestone under the next number of its activity and returns its reference.
    /// `addedOn` is the date it joins the plan (nil: every date).
    public func addMilestone(to activityRef: ActivityRef, title: String, due: Day?, addedOn: Day? = nil, by author: Author) throws -> MilestoneRef {
        try write {
            let activity = try activityRow(activityRef)
            if let cancelledOn = activity.cancelledOn {
                throw PlanError.activityCancelled(activityRef, on: cancelledOn, takes: "milestones")
            }
            let number = (try db.scalarInt("SELECT max(number) FROM milestone WHERE activity_id = ?1", [.integer(activity.id)]) ?? 0) + 1
            let id = try nextID("milestone")
            let ref = MilestoneRef(activity: activityRef, number: number)
            try appendEvent(.milestoneAdded, on: addedOn ?? author.today, by: author, group: activity.groupID, activity: activity.id,
                            milestone: id, details: PlanStore.milestoneAddedDetails(ref, title: title, due: due, addedOn: addedOn))
            try projectMilestone(id: id, activityID: activity.id, number: number)
            return ref
        }
    }

    /// Renames a milestone (for every date) or reschedules it (a new due date from `on`).
    public func editMilestone(_ ref: MilestoneRef, title: String?, due: Day?, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let milestone = try milestoneRow(ref)
            if due != nil, let droppedOn = milestone.droppedOn {
                throw PlanError.milestoneDropped(ref, on: droppedOn)
            }
            let current = try db.cachedStatement("SELECT title FROM milestone WHERE id = ?1").first([.integer(milestone.id)]) { $0.string(0) } ?? ""
            let dueBefore = try dueAsOf(milestone.id, on: on)
            var edit = EditDetails()
            edit.change("title", from: .string(current), to: title.map { .string($0) })
            edit.change("due", from: .day(dueBefore), to: due.map { .day($0) })
            if edit.isEmpty { return .unchanged("\(ref) already reads so on \(on); nothing changed") }
            try record(.milestoneEdited, milestone, ref, on: on, note: note, details: edit.json(ref: ref.description), by: author)
            return .changed
        }
    }

    /// Takes a milestone out of the plan from `on`. Dropping a dropped milestone changes nothing.
    public func dropMilestone(_ ref: MilestoneRef, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let milestone = try milestoneRow(ref)
            if let droppedOn = milestone.droppedOn {
                return .unchanged("\(ref) is already dropped (on \(droppedOn)); nothing changed")
            }
            try record(.milestoneDropped, milestone, ref, on: on, note: note, details: .object(["ref": .string(ref.description)]), by: author)
            return .changed
        }
    }

    /// Marks a milestone done (or not done) from `on`. When it already is as asked on that date,
    /// nothing is written and the outcome says so.
    public func setMilestone(_ ref: MilestoneRef, done: Bool, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let milestone = try milestoneRow(ref)
            if let droppedOn = milestone.droppedOn {
                throw PlanError.milestoneDropped(ref, on: droppedOn)
            }
            let since = try db.cachedStatement("SELECT \(PlanStore.doneSinceAsOfSQL) FROM milestone m WHERE m.id = ?2")
                .first([.text(on.description), .integer(milestone.id)]) { $0.optionalString(0).flatMap(Day.init) } ?? nil
            if (since != nil) == done {
                if let since {
                    return .unchanged("\(ref) is already done (since \(since)); nothing changed")
                }
                return .unchanged("\(ref) is not done as of \(on); nothing to reopen")
            }
            try record(done ? .milestoneDone : .milestoneReopened, milestone, ref, on: on, note: note,
                       details: .object(["ref": .string(ref.description)]), by: author)
            return .changed
        }
    }

    /// Appends an event about a milestone and stores what its events now make of it.
    private func record(_ kind: EventKind, _ milestone: MilestoneRow, _ ref: MilestoneRef, on: Day, note: String?, details: JSON,
                        by author: Author) throws {
        try appendEvent(kind, on: on, by: author, group: milestone.groupID, activity: milestone.activityID,
                        milestone: milestone.id, note: note, details: details)
        try projectMilestone(id: milestone.id, activityID: milestone.activityID, number: ref.number)
    }

    /// The values an `activity.added` event records.
    static func activityAddedDetails(_ ref: ActivityRef, title: String, description: String?, version: ActivityVersion,
                                     addedOn: Day?) -> JSON {
        var members: [JSON.Member] = [
            JSON.Member("ref", .string(ref.description)), JSON.Member("title", .string(title)),
            JSON.Member("description", .string(description)), JSON.Member("lead", .string(version.lead)),
            JSON.Member("partners", .array(version.partners.map { .string($0) })), JSON.Member("start", .day(version.start)),
            JSON.Member("end", .day(version.end)), JSON.Member("agenda", .array(version.agenda.map { .int($0) })),
        ]
        if !version.links.isEmpty { members.append(JSON.Member("links", .array(version.links.map { .string($0.description) }))) }
        if let addedOn { members.append(JSON.Member("addedOn", .day(addedOn))) }
        return .object(members)
    }

    /// The values a `milestone.added` event records.
    static func milestoneAddedDetails(_ ref: MilestoneRef, title: String, due: Day?, addedOn: Day?) -> JSON {
        var members = [JSON.Member("ref", .string(ref.description)), JSON.Member("title", .string(title)), JSON.Member("due", .day(due))]
        if let addedOn { members.append(JSON.Member("addedOn", .day(addedOn))) }
        return .object(members)
    }

    /// The id the next row of `table` gets (a write transaction is open: nobody else takes it).
    func nextID(_ table: String) throws -> Int64 {
        Int64(try db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM \(table)") ?? 1)
    }

    /// Runs `body` as one write: its own `BEGIN IMMEDIATE` transaction, or a savepoint inside
    /// the write that is already open (so a bulk load stays one transaction). Foreign keys are
    /// checked at commit, so that an event may name the row its projection then stores.
    /// Runs several changes in one transaction, each made with ``attempt(_:)`` so that one
    /// refused leaves the others (a server's group commit: one commit, one sync, for all).
    public func batch<T>(_ body: () throws -> T) throws -> T {
        try write(body)
    }

    /// One change of a ``batch(_:)``: refused, it leaves the batch as it was before it.
    public func attempt<T>(_ body: () throws -> T) throws -> T {
        // An error that ended the batch's transaction (a full disk) must not let the next change
        // commit on its own: the batch then fails whole, and nothing of it is in the file.
        guard db.isInTransaction else { throw StorageError.ioError(reason: "the batch's transaction ended") }
        return try db.savepoint(body)
    }

    func write<T>(_ body: () throws -> T) throws -> T {
        if db.isInTransaction { return try db.savepoint(body) }
        return try translatingErrors {
            try db.writeTransaction {
                try db.execute("PRAGMA defer_foreign_keys = ON")
                return try body()
            }
        }
    }

    // MARK: - Event log

    @discardableResult
    func appendEvent(_ kind: EventKind, on: Day, by author: Author, agency: Int64? = nil, group: Int64? = nil,
                     activity: Int64? = nil, milestone: Int64? = nil, indicator: Int64? = nil, baseline: Int64? = nil,
                     framework: Int64? = nil, point: Int64? = nil, period: Int64? = nil, note: String? = nil, details: JSON,
                     recordedAt: String? = nil) throws -> Int64 {
        // The last word on what enters the log: whichever door a change came through.
        if let problem = Values.problem(inEventOn: on, by: author.name, note: note, details: details) { throw problem }
        func id(_ value: Int64?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
        try db.cachedStatement("""
            INSERT INTO event (kind, effective_on, recorded_at, actor, agency_id, group_id, activity_id, milestone_id,
                               indicator_id, baseline_id, framework_id, point_id, period_id, note, details)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
            """).execute([
                .text(kind.rawValue), .text(on.description), .text(recordedAt ?? Timestamp.now()), .text(author.name),
                id(agency), id(group), id(activity), id(milestone), id(indicator), id(baseline), id(framework), id(point), id(period),
                .nullable(note), .text(details.serialized()),
            ])
        return db.lastInsertRowID
    }
}


extension Array where Element: Hashable {
    /// The elements in order, each kept once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
