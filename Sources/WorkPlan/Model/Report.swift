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
