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
