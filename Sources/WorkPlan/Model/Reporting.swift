/// A reporting period's code: upper-case letters, digits and single hyphens, at most 32
/// characters, starting and ending with a letter or digit ("2014-H1"). Typed in any case.
public enum PeriodCode {
    /// The canonical (upper-case) form of `text`, or nil when it is not a period code.
    public static func canonical(_ text: String) -> String? {
        var code: [UInt8] = []
        var previous = UInt8(ascii: "-")
        for byte in text.utf8 {
            let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
            let isHyphen = upper == UInt8(ascii: "-")
            guard isHyphen || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(upper) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(upper),
                  !(isHyphen && previous == UInt8(ascii: "-")) else { return nil }
            code.append(upper)
            previous = upper
        }
        guard (1...32).contains(code.count), previous != UInt8(ascii: "-") else { return nil }
        return String(decoding: code, as: UTF8.self)
    }
}

/// A reporting period (DESIGN §10): the dates its updates cover and the deadline for them.
public struct ReportingPeriod: Hashable, Sendable {
    public let code: String
    public let title: String
    public let from: Day
    public let to: Day
    public let deadline: Day
    /// A locked period takes no change to its updates.
    public let locked: Bool

    public init(code: String, title: String, from: Day, to: Day, deadline: Day, locked: Bool) {
        (self.code, self.title, self.from, self.to, self.deadline, self.locked) = (code, title, from, to, deadline, locked)
    }

    /// Days from `today` to the deadline (negative: past it).
    public func daysToDeadline(from today: Day) -> Int { today.days(to: deadline) }
}

/// How an activity stands in a period, in its writer's judgement.
public enum UpdateStatus: String, CaseIterable, Sendable {
    case notStarted = "not-started"
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case offTrack = "off-track"
    case completed

    /// As people read it: "on track".
    public var label: String { rawValue.split(separator: "-").joined(separator: " ") }
}

/// Where an update is in its review: written (draft), sent for review (submitted), accepted
/// (approved) or sent back with a note (returned). `missing` is an update nobody has written.
public enum UpdateState: String, CaseIterable, Sendable {
    case missing, draft, submitted, approved, returned

    /// As people read it: "returned for revision".
    public var label: String {
        switch self {
        case .missing: return "missing"
        case .draft: return "draft"
        case .submitted: return "submitted for review"
        case .approved: return "approved"
        case .returned: return "returned for revision"
        }
    }

    /// Whether the activity still owes its update for the period (DESIGN §11): not written,
    /// a draft, or returned for revision. `period status`, `/my-agency` and `mawp remind` ask this.
    public var isOwed: Bool {
        switch self {
        case .missing, .draft, .returned: return true
        case .submitted, .approved: return false
        }
    }
}

/// A step of an update's cycle, as the rules and their refusals name it.
public enum UpdateStep: String, CaseIterable, Sendable {
    case write, submit, approve, `return`, reopen

    /// The states an update may be in for the step.
    public var from: Set<UpdateState> {
        switch self {
        case .write: return [.missing, .draft, .returned]
        case .submit: return [.draft, .returned]
        case .approve, .return: return [.submitted]
        case .reopen: return [.approved]
        }
    }

    /// As a message says it: "written", "returned".
    public var pastParticiple: String {
        switch self {
        case .write: return "written"
        case .submit: return "submitted"
        case .approve: return "approved"
        case .return: return "returned"
        case .reopen: return "reopened"
        }
    }

    /// What a user must be allowed to take the step on `ref`'s update: writing and submitting
    /// are changes to the activity; approving, returning and reopening are its review.
    public func action(on ref: ActivityRef) -> Action {
        switch self {
        case .write, .submit: return .changeActivity(ref)
        case .approve, .return, .reopen: return .reviewUpdate(ref)
        }
    }

    /// The event the step records.
    var kind: EventKind {
        switch self {
        case .write: return .updateWritten
        case .submit: return .updateSubmitted
        case .approve: return .updateApproved
        case .return: return .updateReturned
        case .reopen: return .updateReopened
        }
    }
}

/// One activity's progress update for one period.
public struct ProgressUpdate: Hashable, Sendable {
    public let activity: ActivityRef
    public let period: String
    public let state: UpdateState
    public let status: UpdateStatus?
    public let achievements: String
    public let challenges: String
    public let nextSteps: String
    public let writtenBy: String?
    public let submittedBy: String?
    public let reviewedBy: String?
    /// The note of the last return, approval or reopening.
    public let reviewNote: String?
    /// How many events made it (0: none yet): its version, for ETags.
    public let changes: Int

    /// An update nobody has written yet.
    static func missing(_ activity: ActivityRef, period: String) -> ProgressUpdate {
        ProgressUpdate(activity: activity, period: period, state: .missing, status: nil, achievements: "", challenges: "", nextSteps: "",
                       writtenBy: nil, submittedBy: nil, reviewedBy: nil, reviewNote: nil, changes: 0)
    }
}

/// What a draft's writer gives: nil leaves a field as it is.
public struct UpdateText: Sendable, Equatable {
    public var status: UpdateStatus?
    public var achievements: String?
    public var challenges: String?
    public var nextSteps: String?

    public init(status: UpdateStatus? = nil, achievements: String? = nil, challenges: String? = nil, nextSteps: String? = nil) {
        (self.status, self.achievements, self.challenges, self.nextSteps) = (status, achievements, challenges, nextSteps)
    }
}

/// A milestone as a period's facts name it.
public struct FactMilestone: Hashable, Sendable {
    public let ref: MilestoneRef
    public let title: String
    /// Its due date at the period's end.
    public let due: Day?
    /// The date it was done, rescheduled or dropped, where that is the fact.
    public let on: Day?
}

/// An indicator value recorded in a period.
public struct FactValue: Hashable, Sendable {
    public let indicator: IndicatorRef
    public let title: String
    public let value: String
    public let on: Day
}

/// An activity's facts for a period, computed from the event log for the period's dates
/// (never typed): milestones due in it, done in it, overdue at its end, rescheduled or dropped
/// within it, and the indicator values recorded in it.
public struct PeriodFacts: Hashable, Sendable {
    public var due: [FactMilestone] = []
    public var done: [FactMilestone] = []
    public var overdue: [FactMilestone] = []
    public var rescheduled: [FactMilestone] = []
    public var dropped: [FactMilestone] = []
    public var values: [FactValue] = []

    public init() {}

    /// The kinds of milestone fact, in the order they are shown.
    public enum Kind: String, CaseIterable, Sendable {
        case due, done, overdue, rescheduled, dropped

        /// As a heading says it.
        public var label: String {
            switch self {
            case .due: return "Milestones due"
            case .done: return "Milestones done"
            case .overdue: return "Overdue at the end"
            case .rescheduled: return "Rescheduled"
            case .dropped: return "Dropped"
            }
        }
    }

    public subscript(kind: Kind) -> [FactMilestone] {
        get {
            switch kind {
            case .due: return due
            case .done: return done
            case .overdue: return overdue
            case .rescheduled: return rescheduled
            case .dropped: return dropped
            }
        }
        // In place: the facts of a large period are appended one by one (a get and a set would
        // copy the list at every append).
        _modify {
            switch kind {
            case .due: yield &due
            case .done: yield &done
            case .overdue: yield &overdue
            case .rescheduled: yield &rescheduled
            case .dropped: yield &dropped
            }
        }
        set {
            switch kind {
            case .due: due = newValue
            case .done: done = newValue
            case .overdue: overdue = newValue
            case .rescheduled: rescheduled = newValue
            case .dropped: dropped = newValue
            }
        }
    }
}

/// An update with the activity it reports on and the period's facts.
public struct UpdateWithFacts: Hashable, Sendable {
    public let period: ReportingPeriod
    public let activityTitle: String
    public let lead: String?
    public let group: String
    public let update: ProgressUpdate
    public let facts: PeriodFacts
}

/// `period status`: who owes what.
public struct PeriodStatus: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public let activity: ActivityRef
        public let title: String
        public let lead: String?
        public let state: UpdateState
        public let status: UpdateStatus?
    }

    public let period: ReportingPeriod
    /// The date the days to or past the deadline are counted from.
    public let today: Day
    public let rows: [Row]

    /// How many updates are in each state, every state listed.
    public var totals: [(state: UpdateState, count: Int)] {
        UpdateState.allCases.map { state in (state, rows.filter { $0.state == state }.count) }
    }
}

/// The compiled report of a period (DESIGN §10): per group, its numbers, then each activity
/// with its update and facts.
public struct PeriodReport: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public let activity: ActivityRef
        public let title: String
        public let lead: String?
        /// The update's state, whether or not it is shown.
        public let state: UpdateState
        /// The approved update, or with `includePending` a draft or submitted one (marked by its
        /// state); nil when there is none to show.
        public let update: ProgressUpdate?
        public let facts: PeriodFacts
    }

    public struct GroupPart: Hashable, Sendable {
        public let code: String
        public let name: String
        public let kind: GroupKind
        public let entries: [Entry]

        /// The group's numbers for the period: its facts summed, and its updates by state.
        public var milestonesDue: Int { entries.reduce(0) { $0 + $1.facts.due.count } }
        public var milestonesDone: Int { entries.reduce(0) { $0 + $1.facts.done.count } }
        public var overdue: Int { entries.reduce(0) { $0 + $1.facts.overdue.count } }
        public var rescheduled: Int { entries.reduce(0) { $0 + $1.facts.rescheduled.count } }
        public var dropped: Int { entries.reduce(0) { $0 + $1.facts.dropped.count } }
        public var values: Int { entries.reduce(0) { $0 + $1.facts.values.count } }
        public var approved: Int { entries.filter { $0.update?.state == .approved }.count }
    }

    public let period: ReportingPeriod
    public let groups: [GroupPart]
    public let includePending: Bool
    public let isSample: Bool
}
