/// Everything aid-transparency publishing (IATI) says about one activity, as of a date.
public struct PublishedActivity: Sendable {
    public let summary: ActivitySummary
    public let description: String?
    public let groupName: String
    /// The group's leads: accountable for the activity.
    public let groupLeads: [Agency]
    public let lead: Agency?
    public let partners: [Agency]
    public let agenda: [AgendaPoint]
    /// Its links to the points of the other frameworks, with their titles.
    public let links: [FrameworkPoint]
    /// The first date a milestone was done, or the planned start once passed.
    public let actualStart: Day?
    /// When the last milestone of a completed activity was done, or when it was cancelled.
    public let actualEnd: Day?
    public let milestones: Int
    public let milestonesDone: Int
    public let indicators: [IndicatorState]
    /// Its approved progress updates, of the periods begun by the date, oldest period first.
    public let updates: [(period: ReportingPeriod, update: ProgressUpdate)]
    /// When anything about the activity was last recorded (UTC, ISO 8601).
    public let lastUpdated: String?
}
