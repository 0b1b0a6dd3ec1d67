/// A member agency of the GMG (or one added by a user).
public struct Agency: Hashable, Sendable {
    public let code: String
    public let name: String
    public let kind: AgencyKind

    public init(code: String, name: String, kind: AgencyKind = .gmgMember) {
        self.code = code
        self.name = name
        self.kind = kind
    }
}

/// What kind of stakeholder an agency is. GMG members may lead a group; any kind may be a partner.
public enum AgencyKind: String, CaseIterable, Sendable {
    case gmgMember = "gmg-member"
    case government
    case employers
    case workers
    case civilSociety = "civil-society"
    case internationalOrganization = "international-organization"
    case academia
    case privateSector = "private-sector"
    case other
}

public enum GroupKind: String, CaseIterable, Sendable {
    case workingGroup = "working-group"
    case taskForce = "task-force"

    /// "working group", "task force".
    public var label: String { rawValue.replacingHyphens() }

    /// The role of a group's leads: working groups have chairs, task forces conveners.
    public func leadRole(leadCount: Int) -> LeadRole {
        switch (self, leadCount > 1) {
        case (.workingGroup, true): return .coChair
        case (.workingGroup, false): return .chair
        case (.taskForce, true): return .coConvener
        case (.taskForce, false): return .convener
        }
    }
}

public enum LeadRole: String, CaseIterable, Sendable {
    case chair
    case coChair = "co-chair"
    case convener
    case coConvener = "co-convener"
}

public struct GroupLead: Hashable, Sendable {
    public let agency: String
    public let role: LeadRole
}

/// A working group or task force.
public struct Group: Hashable, Sendable {
    public let code: String
    public let kind: GroupKind
    public let name: String
    public let leads: [GroupLead]
}

/// One point of the Secretary-General's eight-point agenda for action.
public struct AgendaPoint: Hashable, Sendable {
    public let number: Int
    public let title: String
}

/// A point of a framework, named `FRAMEWORK:CODE` (`recommendations:P1`, `agenda:7`).
public struct PointRef: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let framework: String
    public let code: String

    public init(framework: String, code: String) {
        self.framework = framework
        self.code = code
    }

    /// Parses `FRAMEWORK:CODE`: a framework name (as a group code) and a code of letters and
    /// digits, with dots or hyphens inside (`sdg-targets:10.7`).
    public init?(_ text: String) {
        func alphanumeric(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let framework = GroupCode.canonical(String(parts[0])), let first = parts[1].utf8.first,
              let last = parts[1].utf8.last, parts[1].utf8.count <= 16, alphanumeric(first), alphanumeric(last),
              parts[1].utf8.allSatisfy({ alphanumeric($0) || $0 == 0x2E || $0 == 0x2D })
        else { return nil }
        self.framework = framework
        self.code = String(parts[1])
    }

    /// A point of the eight-point agenda.
    public static func agenda(_ number: Int) -> PointRef { PointRef(framework: "agenda", code: String(number)) }

    public var description: String { "\(framework):\(code)" }

    public static func < (lhs: PointRef, rhs: PointRef) -> Bool { lhs.description < rhs.description }
}

extension PointRef {
    /// Links as `activity add` and `edit` take them: `agenda:N` is agenda point N (as
    /// `--agenda N`), the others are links to other frameworks.
    public static func split(agenda: [Int], links: [PointRef]) -> (agenda: [Int], links: [PointRef]) {
        var points = agenda
        var others: [PointRef] = []
        for link in links {
            if link.framework == "agenda", let number = Int(link.code) { points.append(number) } else { others.append(link) }
        }
        return (points, others)
    }
}

/// A point of a framework as it reads.
public struct FrameworkPoint: Hashable, Sendable {
    public let ref: PointRef
    public let title: String
    public let description: String?
    /// The heading it stands under, if its framework has them.
    public let section: String?
}

/// Where an activity stands as of a date (DESIGN §5, progress rules).
public enum ActivityStatus: String, CaseIterable, Sendable {
    case planned
    case inProgress = "in-progress"
    case completed
    case cancelled

    /// Applies the progress rules to one activity's counts as of `asOf`.
    public static func of(cancelledOn: Day?, start: Day?, milestones: Int, done: Int, asOf: Day) -> ActivityStatus {
        if let cancelledOn, cancelledOn <= asOf { return .cancelled }
        if milestones > 0 && done == milestones { return .completed }
        if done > 0 { return .inProgress }
        if let start, start <= asOf { return .inProgress }
        return .planned
    }
}

/// Milestone counts as of a date, and the percentage done.
public struct ProgressCounts: Hashable, Sendable {
    public var activities: Int
    public var milestones: Int
    public var milestonesDone: Int
    public var overdue: Int

    public init(activities: Int = 0, milestones: Int = 0, milestonesDone: Int = 0, overdue: Int = 0) {
        self.activities = activities
        self.milestones = milestones
        self.milestonesDone = milestonesDone
        self.overdue = overdue
    }

    /// 100 × done ÷ milestones; 0 when there are no milestones.
    public var percentComplete: Double {
        milestones == 0 ? 0 : 100 * Double(milestonesDone) / Double(milestones)
    }

    public static func + (lhs: ProgressCounts, rhs: ProgressCounts) -> ProgressCounts {
        ProgressCounts(activities: lhs.activities + rhs.activities, milestones: lhs.milestones + rhs.milestones,
                 milestonesDone: lhs.milestonesDone + rhs.milestonesDone, overdue: lhs.overdue + rhs.overdue)
    }
}

/// One line of the progress report.
public struct GroupProgress: Hashable, Sendable {
    public let code: String
    public let name: String
    public let kind: GroupKind
    public let progress: ProgressCounts
    public let indicators: IndicatorTally

    public init(code: String, name: String, kind: GroupKind, progress: ProgressCounts, indicators: IndicatorTally = IndicatorTally()) {
        self.code = code
        self.name = name
        self.kind = kind
        self.progress = progress
        self.indicators = indicators
    }
}

/// The per-group progress report as of a date.
public struct Report: Hashable, Sendable {
    public let asOf: Day
    public let groups: [GroupProgress]
    /// The plan is the illustrative sample of `mawp init --sample`, not real records.
    public let isSample: Bool
    /// The GMG's chair as of the date, if the plan knows one.
    public let chair: ChairTerm?
    /// The activities with stakeholders beyond the GMG, per group.
    public let engagement: Engagement
    /// The coverage of each framework asked for, in the order asked.
    public let coverage: [FrameworkCoverage]

    public init(asOf: Day, groups: [GroupProgress], isSample: Bool = false, chair: ChairTerm? = nil,
                engagement: Engagement? = nil, coverage: [FrameworkCoverage] = []) {
        self.asOf = asOf
        self.groups = groups
        self.isSample = isSample
        self.chair = chair
        self.engagement = engagement ?? Engagement(groups: groups.map {
            GroupEngagement(code: $0.code, name: $0.name, activities: $0.progress.activities, engaged: [])
        })
        self.coverage = coverage
    }

    /// The same rule over all groups in the report.
    public var totals: ProgressCounts { groups.reduce(ProgressCounts()) { $0 + $1.progress } }

    /// Indicator progress over all groups in the report.
    public var indicatorTotals: IndicatorTally { groups.reduce(IndicatorTally()) { $0 + $1.indicators } }
}

/// An activity with its progress as of a date, as listed by `activity list`.
public struct ActivitySummary: Hashable, Sendable {
    public let ref: ActivityRef
    public let title: String
    public let lead: String?
    public let start: Day?
    public let end: Day?
    public let cancelledOn: Day?
    public let status: ActivityStatus
    /// Milestones, done and overdue as of the date (`activities` is 1).
    public let progress: ProgressCounts
    /// The earliest due date among milestones not done as of the date.
    public let nextDue: Day?
    /// Its partners as of the date, with their kinds, by code.
    public var partners: [Agency] = []
    /// Its links to points of frameworks other than the agenda, as of the date.
    public var links: [PointRef] = []
}

/// A milestone and its state as of a date.
public struct MilestoneState: Hashable, Sendable {
    public let ref: MilestoneRef
    public let title: String
    public let due: Day?
    /// Done as of the date.
    public let done: Bool
    /// When the run of "done" that holds on the date began.
    public let doneOn: Day?
    public let overdue: Bool
}

/// Everything about one activity, as of a date.
public struct ActivityDetail: Equatable, Sendable {
    public let summary: ActivitySummary
    public let groupName: String
    public let description: String?
    public let partners: [String]
    public let agenda: [AgendaPoint]
    /// Its links to the points of frameworks other than the agenda, as of the date.
    public let links: [FrameworkPoint]
    public let cancellationNote: String?
    public let milestones: [MilestoneState]
    public let indicators: [IndicatorState]
    /// Every change recorded to it, its milestones and indicators, oldest first.
    public let history: [PlanChange]
}

/// An agency with how much of the plan it carries.
public struct AgencySummary: Hashable, Sendable {
    public let agency: Agency
    public let groupsLed: [String]
    public let activitiesLed: Int
    public let activitiesAsPartner: Int
}

/// A group with its leads and activity count, as listed by `group list`.
public struct GroupSummary: Hashable, Sendable {
    public let group: Group
    /// Activities not cancelled as of the date.
    public let activities: Int
}

/// An agenda point with the work on it as of a date.
public struct AgendaCoverage: Hashable, Sendable {
    public let point: AgendaPoint
    public let activities: Int
    public let groups: [String]
    /// Agencies leading or partnering in those activities.
    public let agencies: [String]
}

/// A milestone past its due date and not done, as of a date.
public struct OverdueMilestone: Hashable, Sendable {
    public let ref: MilestoneRef
    public let title: String
    public let activityTitle: String
    public let lead: String?
    public let due: Day
    public let daysOverdue: Int
}

/// One point of the burn-up chart: milestones due by the date and done as of it.
public struct BurnUpPoint: Hashable, Sendable {
    public let date: Day
    public let due: Int
    /// nil after the report date: what is done later is not known as of it.
    public let done: Int?
}

/// Everything the HTML dashboard shows, as of one date.
public struct Dashboard: Hashable, Sendable {
    public let report: Report
    public let period: PlanPeriod
    /// Month ends over the plan period.
    public let burnUp: [BurnUpPoint]
    public let overdue: [OverdueMilestone]
    /// When it was made (UTC, ISO 8601).
    public let generatedAt: String
}

/// One row of the event log.
public struct LoggedEvent: Hashable, Sendable {
    public let id: Int64
    public let kind: String
    public let effectiveOn: Day
    public let recordedAt: String
    public let actor: String
    public let group: String?
    public let activity: ActivityRef?
    public let milestone: MilestoneRef?
    public let agency: String?
    public let note: String?
    /// The change's values, as the JSON object text stored with the event.
    public let details: String
}

/// The period a plan covers (the GMG's: 2013-01-01 to 2015-12-31), as the database records it.
public struct PlanPeriod: Hashable, Sendable {
    public let start: Day
    public let end: Day

    public init(start: Day, end: Day) {
        self.start = start
        self.end = end
    }

    /// The start, then the last day of each month up to the end's.
    public var monthEnds: [Day] {
        var dates = [start]
        var year = start.year, month = start.month
        while (year, month) <= (end.year, end.month) {
            if let last = Day(year: year, month: month, day: Day.daysIn(month: month, year: year)), last > start { dates.append(last) }
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return dates
    }
}

/// The result of a change that may already be in place (marking a done milestone done).
public enum ChangeOutcome: Equatable, Sendable {
    case changed
    /// Nothing was written; the reason says why.
    case unchanged(String)
}

extension String {
    func replacingHyphens() -> String { String(map { $0 == "-" ? " " : $0 }) }
}
