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
